import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { checkLimits, measureOperation, type QueryLimits } from './query-limits';

/**
 * Refuses operations deeper or costlier than the configured limits once Apollo has picked the
 * operation (variables are known then, so `first: $n` counts at its real value). HTTP 400.
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          const cost = measureOperation(document, operation, request.variables ?? {}, limits);
          const broken = checkLimits(cost, limits);
          if (broken) throw new GraphQLError(broken.message, { extensions: { code: broken.code, http: { status: 400 } } });
        },
      };
    },
  };
}
