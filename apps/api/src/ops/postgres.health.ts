import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Pool } from 'pg';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { HEALTH_POOL } from './ops.tokens';

/** PostgreSQL and the event store, each by one cheap query with a timeout. */
@Injectable()
export class PostgresHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(HEALTH_POOL) private readonly pool: Pool,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** The server answers. */
  database(): Promise<HealthIndicatorResult> {
    return this.ping('database', 'SELECT 1');
  }

  /** The event store's table is there and readable with the API's role. */
  eventStore(): Promise<HealthIndicatorResult> {
    return this.ping('eventStore', `SELECT 1 FROM ${this.config.schemas.eventStore}.events LIMIT 1`);
  }

  private async ping<K extends string>(key: K, sql: string): Promise<HealthIndicatorResult<K>> {
    const session = this.indicators.check(key);
    const started = Date.now();
    const timeoutMs = this.config.observability.healthCheckTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.pool.query(sql),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      return session.up({ responseTimeMs: Date.now() - started });
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    } finally {
      clearTimeout(timer);
    }
  }
}
