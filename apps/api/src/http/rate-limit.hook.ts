import { InvalidTokenError, type TokenService } from '@rectify/identity';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { bearerToken } from '../auth/request-auth';
import { ApiErrorCode, MESSAGES } from '../errors/api-error-code';
import type { RateLimitConfig } from './rate-limit.config';
import { RateLimiter } from './rate-limiter';

/** Probes, scrapes and the IDE's static files are not limited. */
const EXEMPT = /^\/(health\/|metrics(\?|$)|graphiql)/;

/** The RATE_LIMITED answer: 429 with Retry-After, in the shape of the route (GraphQL or REST). */
export async function sendRateLimited(reply: FastifyReply, url: string, retryAfterSeconds: number): Promise<void> {
  const message = MESSAGES.RATE_LIMITED;
  const extensions = { code: ApiErrorCode.RateLimited, retryAfterSeconds };
  await reply
    .code(429)
    .header('Retry-After', String(retryAfterSeconds))
    .type('application/json')
    .send(url.startsWith('/graphql') ? { errors: [{ message, extensions }] } : { code: ApiErrorCode.RateLimited, message, details: { retryAfterSeconds } });
}

/**
 * Every HTTP request (GraphQL, report downloads, imports) counts against its principal when it
 * carries a valid bearer token (RATE_LIMIT_PER_PRINCIPAL), otherwise against its client IP
 * (RATE_LIMIT_PER_IP). Runs before the body is read, so a refused request costs almost nothing.
 */
export function installRateLimit(fastify: FastifyInstance, config: RateLimitConfig, tokens: TokenService): void {
  if (!config.enabled) return;
  const windowMs = config.windowSeconds * 1000;
  const byPrincipal = new RateLimiter(config.perPrincipal, windowMs);
  const byIp = new RateLimiter(config.perIp, windowMs);
  fastify.addHook('onRequest', async (request, reply) => {
    if (EXEMPT.test(request.url)) return;
    const token = bearerToken(request.headers.authorization);
    let userId: string | null = null;
    if (token) {
      try {
        userId = tokens.verify(token).userId;
      } catch (error) {
        if (!(error instanceof InvalidTokenError)) throw error;
      }
    }
    const decision = userId !== null ? byPrincipal.take(userId) : byIp.take(request.ip);
    if (!decision.allowed) await sendRateLimited(reply, request.url, decision.retryAfterSeconds);
  });
}
