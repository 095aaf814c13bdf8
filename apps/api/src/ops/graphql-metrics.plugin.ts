import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { Inject } from '@nestjs/common';
import { HttpMetrics } from '@rectify/observability';
import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';

/** The operation a request runs, as far as is known: Apollo resolves it only after validation, the parsed document has it earlier. */
function operationOf(document: DocumentNode | undefined, name: string | undefined): OperationDefinitionNode | undefined {
  const operations = document?.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION) ?? [];
  return name === undefined ? operations[0] : operations.find((o) => o.name?.value === name);
}

/**
 * Times every GraphQL operation (each one of a batch) into
 * `rectify_graphql_request_duration_seconds{operation, type, outcome}`; outcome is `error` when
 * the response carries any error (parse, validation, resolver). A document that does not parse
 * counts as `anonymous`/`unknown`. Found by @nestjs/apollo's plugin
 * explorer: no change to the Apollo options needed.
 */
@Plugin()
export class GraphqlMetricsPlugin implements ApolloServerPlugin {
  constructor(@Inject(HttpMetrics) private readonly metrics: HttpMetrics) {}

  async requestDidStart(): Promise<GraphQLRequestListener<Record<string, unknown>>> {
    const started = process.hrtime.bigint();
    const metrics = this.metrics;
    return {
      async willSendResponse({ operationName, operation, errors, request, response, document }) {
        const body = response.body;
        const known = operation ?? operationOf(document, request.operationName);
        const failed = (errors?.length ?? 0) > 0 || (body.kind === 'single' && (body.singleResult.errors?.length ?? 0) > 0);
        metrics.observeGraphql(operationName ?? known?.name?.value, known?.operation, failed ? 'error' : 'success', Number(process.hrtime.bigint() - started) / 1e9);
      },
    };
  }
}
