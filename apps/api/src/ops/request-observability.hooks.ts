import { AsyncResource } from 'node:async_hooks';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CORRELATION_ID_HEADER, HttpMetrics, resolveCorrelationId, runWithLogContext } from '@rectify/observability';
import type { FastifyInstance, FastifyRequest } from 'fastify';

interface RequestState {
  readonly correlationId: string;
  readonly started: bigint;
  /** Carries the log context past body parsing, whose stream callbacks run outside it. */
  readonly scope: AsyncResource;
}

/** Scrapes and probes are logged at debug: they would drown the rest at info. */
const QUIET_ROUTES = new Set(['/metrics', '/health/live', '/health/ready']);

/**
 * Fastify hooks for every request: the correlation id (the caller's `X-Correlation-Id` when sane,
 * else a new UUID) is written back into the request headers, where the GraphQL context reads it
 * for the commands' CommandContext, returned in the response header, and attached to every log
 * line written while the request is handled; then one access-log line and the HTTP status counter.
 */
export function installRequestObservability(fastify: FastifyInstance, metrics: HttpMetrics, logger: Logger): void {
  const states = new WeakMap<FastifyRequest, RequestState>();

  fastify.addHook('onRequest', (request, reply, done) => {
    const correlationId = resolveCorrelationId(request.headers[CORRELATION_ID_HEADER]);
    request.headers[CORRELATION_ID_HEADER] = correlationId;
    void reply.header(CORRELATION_ID_HEADER, correlationId);
    runWithLogContext({ correlationId }, () => {
      states.set(request, { correlationId, started: process.hrtime.bigint(), scope: new AsyncResource('rectify-request') });
      done();
    });
  });

  fastify.addHook('preValidation', (request, _reply, done) => {
    const state = states.get(request);
    if (state) state.scope.runInAsyncScope(done, request.raw);
    else done();
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    metrics.countResponse(request.method, route, reply.statusCode);
    const state = states.get(request);
    if (state) {
      const durationMs = Number(process.hrtime.bigint() - state.started) / 1e6;
      const line = { msg: `${request.method} ${request.url} ${reply.statusCode}`, method: request.method, route: route ?? null, statusCode: reply.statusCode, durationMs: Math.round(durationMs * 10) / 10 };
      runWithLogContext({ correlationId: state.correlationId }, () => (QUIET_ROUTES.has(route ?? '') ? logger.debug(line) : logger.log(line)));
    }
    done();
  });
}

/** Installs the hooks on the API's Fastify instance while the app initialises (before it listens). */
@Injectable()
export class RequestObservabilityHooks implements OnModuleInit {
  private readonly logger = new Logger('Http');

  constructor(
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
    @Inject(HttpMetrics) private readonly metrics: HttpMetrics,
  ) {}

  onModuleInit(): void {
    const adapter = this.host.httpAdapter;
    if (!adapter) return;
    installRequestObservability(adapter.getInstance<FastifyInstance>(), this.metrics, this.logger);
  }
}
