import { randomUUID } from 'node:crypto';
import type { RequestAuth } from '../auth/request-auth';

/** The GraphQL context of one request or one subscription. */
export interface ApiContext {
  readonly auth: RequestAuth;
  /** `X-Wait-For-Projection: true`: every mutation of the request waits for the projector. */
  readonly waitForProjection: boolean;
  /** Per-request caches (DataLoaders), keyed by name; built on first use, after the guard ran. */
  readonly loaders: Map<string, unknown>;
  /** `X-Correlation-Id` of the request (or a new one): the commands' CommandContext.correlationId. */
  readonly correlationId: string;
  /** The client's IP as Fastify sees it (null over WebSocket): the login rate limit's key. */
  readonly clientIp: string | null;
}

export function newApiContext(token: string | null, waitForProjection: boolean, correlationId: string = randomUUID(), clientIp: string | null = null): ApiContext {
  return { auth: { token, principal: null }, waitForProjection, loaders: new Map(), correlationId, clientIp };
}
