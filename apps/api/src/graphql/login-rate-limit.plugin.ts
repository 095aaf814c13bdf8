import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
import { ApiErrorCode, MESSAGES } from '../errors/api-error-code';
import type { RateLimitConfig } from '../http/rate-limit.config';
import { RateLimiter } from '../http/rate-limiter';
import { LocalRateLimiter, type AsyncRateLimiter } from '../http/shared-rate-limiter';
import type { ApiContext } from './api-context';

type Variables = Readonly<Record<string, unknown>>;

function valueOf(node: ValueNode | undefined, variables: Variables): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.STRING) return node.value;
  if (node.kind === Kind.OBJECT) return Object.fromEntries(node.fields.map((f) => [f.name.value, valueOf(f.value, variables)]));
  return undefined;
}

/**
 * The usernames of every `login` field at the operation's root, however it is spelled: aliases
 * (`a: login(…) b: login(…)`), inline fragments and fragment spreads each count once per field.
 */
export function loginAttempts(document: DocumentNode, selectionSet: SelectionSetNode, variables: Variables): string[] {
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const usernames: string[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== 'login') continue;
        const input = valueOf(selection.arguments?.find((a) => a.name.value === 'input')?.value, variables);
        const username = input !== null && typeof input === 'object' ? (input as Record<string, unknown>)['username'] : undefined;
        usernames.push(typeof username === 'string' ? username.trim().toLowerCase() : '');
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) {
          seen.add(fragment.name.value);
          walk(fragment.selectionSet);
        }
      }
    }
  };
  walk(selectionSet);
  return usernames;
}

/** The two buckets every login attempt draws from. */
export interface LoginLimiters {
  readonly byIp: AsyncRateLimiter;
  readonly byUsername: AsyncRateLimiter;
}

/** This process's own buckets (the default; `LoginRateLimiters` shares them between replicas through Redis). */
export function localLoginLimiters(config: RateLimitConfig): LoginLimiters {
  const windowMs = config.windowSeconds * 1000;
  return {
    byIp: new LocalRateLimiter(new RateLimiter(config.loginPerIp, windowMs)),
    byUsername: new LocalRateLimiter(new RateLimiter(config.loginPerUsername, windowMs)),
  };
}

/**
 * Brute-force protection for `login`: every attempt counts against the client IP
 * (RATE_LIMIT_LOGIN_PER_IP) and the username (RATE_LIMIT_LOGIN_PER_USERNAME, whatever the IP, so
 * rotating addresses does not help). Over either limit the operation is refused before it runs:
 * HTTP 429, `Retry-After`, code RATE_LIMITED. Batches count each operation, aliases each field.
 */
export function loginRateLimitPlugin(config: RateLimitConfig, limiters: LoginLimiters = localLoginLimiters(config)): ApolloServerPlugin<ApiContext> {
  if (!config.enabled) return {};
  const { byIp, byUsername } = limiters;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, contextValue }) {
          if (!operation || operation.operation !== 'mutation') return;
          const attempts = loginAttempts(document, operation.selectionSet, request.variables ?? {});
          let retryAfterSeconds = 0;
          for (const username of attempts) {
            for (const decision of await Promise.all([byIp.take(contextValue.clientIp ?? 'unknown'), byUsername.take(username)])) {
              if (!decision.allowed) retryAfterSeconds = Math.max(retryAfterSeconds, decision.retryAfterSeconds);
            }
          }
          if (retryAfterSeconds > 0) {
            throw new GraphQLError(MESSAGES.RATE_LIMITED, {
              extensions: { code: ApiErrorCode.RateLimited, retryAfterSeconds, http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) } },
            });
          }
        },
      };
    },
  };
}
