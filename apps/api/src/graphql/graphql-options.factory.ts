import { Logger } from '@nestjs/common';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { TokenService } from '@rectify/identity';
import { CORRELATION_ID_HEADER, resolveCorrelationId } from '@rectify/observability';
import type { Principal } from '@rectify/tenancy';
import { GraphQLError, Kind, parse, type ExecutionResult, type FormattedExecutionResult, type OperationDefinitionNode } from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import { activePrincipal, type AccountStatusCheck } from '../auth/account-status';
import { CONNECTION_FORBIDDEN_CLOSE_CODE, ConnectionAuthWatch } from '../auth/connection-auth-watch';
import { bearerToken } from '../auth/request-auth';
import type { ApiConfig } from '../config/api-config';
import { newApiContext, type ApiContext } from './api-context';
import { createFormatError } from './format-error';
import { localLoginLimiters, loginRateLimitPlugin, type LoginLimiters } from './login-rate-limit.plugin';
import { findInputProblem, inputGuardPlugin, inputProblemError } from './input-guard.plugin';
import { checkLimits, measureOperation, type QueryLimits } from './query-limits';
import { queryLimitsPlugin } from './query-limits.plugin';

export const WAIT_FOR_PROJECTION_HEADER = 'x-wait-for-projection';

interface HttpRequestLike {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Fastify's client IP (X-Forwarded-For is trusted as configured in main.ts). */
  readonly ip?: string;
}

function isWsContext(source: HttpRequestLike | WsContext): source is WsContext {
  return 'connectionParams' in source && 'extra' in source;
}

/** Principals of open WebSocket connections, set by connection_init. */
const connectionPrincipals = new WeakMap<object, Principal>();

function connectionToken(params: Readonly<Record<string, unknown>> | undefined): string | null {
  const value = params?.['authorization'] ?? params?.['Authorization'];
  if (typeof value !== 'string') return null;
  return bearerToken(value) ?? (value.length > 0 ? value : null);
}

/** What graphql-ws's `ws` adapter puts in a connection context's `extra`. */
interface WsExtra {
  readonly socket: { readonly readyState: number; close(code: number, reason: string): void };
}

/** `ws`'s readyState of an open socket. */
const WS_OPEN = 1;

/** Apollo (over Fastify) and graphql-ws options, from the typed config. */
export function graphqlOptions(
  config: ApiConfig,
  tokens: TokenService,
  accountStatus: Pick<AccountStatusCheck, 'isActive'>,
  loginLimiters: LoginLimiters = localLoginLimiters(config.rateLimit),
  socketWatch = new ConnectionAuthWatch((token) => activePrincipal(tokens, accountStatus, token)),
): ApolloDriverConfig {
  const logger = new Logger('GraphQL');
  const limits: QueryLimits = { maxDepth: config.graphql.maxDepth, maxComplexity: config.graphql.maxComplexity, defaultListSize: 50 };
  const formatError = createFormatError(config.production, (error) => logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error)));
  // graphql-ws sends a subscription's execution errors itself, past Apollo: the same formatting
  // (stable code, Chinese message, no stack) is applied to them in onNext
  const formatWsResult = (result: ExecutionResult): FormattedExecutionResult | undefined =>
    result.errors ? { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) } : undefined;
  return {
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    playground: false,
    graphiql: false,
    introspection: config.graphql.introspection,
    includeStacktraceInErrorResponses: false,
    autoTransformHttpErrors: false,
    allowBatchedHttpRequests: config.graphql.maxBatchSize > 1,
    csrfPrevention: true,
    // Apollo's default cache-control plugin wraps every field resolver to collect cache hints, and
    // the API sets none (its answers are per caller and never cached): disabled, it saved about a
    // tenth of the API's CPU on a 50-row ledger page (docs/benchmarks.md).
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), queryLimitsPlugin(limits), inputGuardPlugin(), loginRateLimitPlugin(config.rateLimit, loginLimiters)],
    formatError,
    // One context function for both transports: Nest hands it to Apollo (a Fastify request) and to
    // graphql-ws (a connection context, whose principal connection_init already verified).
    context: (source: HttpRequestLike | WsContext): ApiContext => {
      if (isWsContext(source)) {
        const context = newApiContext(null, false);
        context.auth.principal = connectionPrincipals.get(source.extra as object) ?? null;
        return context;
      }
      const wait = String(source.headers[WAIT_FOR_PROJECTION_HEADER] ?? '').toLowerCase() === 'true';
      // the ops hooks (apps/api/src/ops) have already validated or generated it and echoed it back
      return newApiContext(bearerToken(source.headers['authorization']), wait, resolveCorrelationId(source.headers[CORRELATION_ID_HEADER]), source.ip ?? null);
    },
    subscriptions: {
      'graphql-ws': {
        path: '/graphql',
        // the token and its account's status are checked at connection_init, then again every
        // ACCOUNT_STATUS_TTL_MS while the socket is open: an expired token or a disabled account
        // closes it (4403) with its subscriptions
        onConnect: async (ctx: WsContext<Record<string, unknown>>) => {
          const token = connectionToken(ctx.connectionParams);
          const principal = token ? await activePrincipal(tokens, accountStatus, token) : null;
          if (!token || !principal) return false;
          const extra = ctx.extra as WsExtra;
          // closed while its token was being checked: onClose has already run, so watch nothing
          if (extra.socket.readyState !== WS_OPEN) return false;
          connectionPrincipals.set(extra, principal);
          socketWatch.watch(extra, token, () => extra.socket.close(CONNECTION_FORBIDDEN_CLOSE_CODE, 'Forbidden'));
          return true;
        },
        onClose: (ctx: WsContext) => socketWatch.forget(ctx.extra as object),
        onNext: (_ctx: WsContext, _id: string, _payload: unknown, _args: unknown, result: ExecutionResult) => formatWsResult(result),
        onSubscribe: (_ctx: WsContext, _id: string, payload: { query: string; variables?: Record<string, unknown> | null }) => {
          let document;
          try {
            document = parse(payload.query);
          } catch {
            return undefined; // graphql-ws reports the syntax error itself
          }
          const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
          if (!operation) return undefined;
          const broken = checkLimits(measureOperation(document, operation, payload.variables ?? {}, limits), limits);
          if (broken) return [new GraphQLError(broken.message, { extensions: { code: broken.code } })];
          const problem = findInputProblem(document, payload.variables ?? {});
          return problem ? [inputProblemError(problem)] : undefined;
        },
      },
    },
  };
}
