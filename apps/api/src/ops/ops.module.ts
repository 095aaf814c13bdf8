import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HttpMetrics, createMetricsRegistry } from '@rectify/observability';
import { Pool } from 'pg';
import type { Registry } from 'prom-client';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { GraphqlMetricsPlugin } from './graphql-metrics.plugin';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { HEALTH_POOL, METRICS_REGISTRY } from './ops.tokens';
import { PostgresHealthIndicator } from './postgres.health';
import { RequestObservabilityHooks } from './request-observability.hooks';

/** Ends the health pool with the app. */
@Injectable()
class HealthPoolCloser implements OnApplicationShutdown {
  constructor(@Inject(HEALTH_POOL) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * Operations endpoints of the API: `GET /health/live`, `GET /health/ready`, `GET /metrics`
 * (all public), request metrics and access logs with correlation ids. Needs API_CONFIG (the
 * global InfrastructureModule provides it) and the Fastify adapter.
 */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, MetricsController],
  providers: [
    {
      provide: HEALTH_POOL,
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig): Pool => {
        const timeoutMs = config.observability.healthCheckTimeoutMs;
        const pool = new Pool({
          connectionString: config.databaseUrl,
          max: 2,
          connectionTimeoutMillis: timeoutMs,
          idleTimeoutMillis: 30_000,
          statement_timeout: timeoutMs,
          application_name: 'rectify-api-health',
        });
        pool.on('error', () => undefined); // an idle client dropped by the server: the next check reconnects
        return pool;
      },
    },
    { provide: METRICS_REGISTRY, useFactory: (): Registry => createMetricsRegistry('api') },
    { provide: HttpMetrics, inject: [METRICS_REGISTRY], useFactory: (registry: Registry) => new HttpMetrics(registry) },
    PostgresHealthIndicator,
    GraphqlMetricsPlugin,
    RequestObservabilityHooks,
    HealthPoolCloser,
  ],
})
export class OpsModule {}
