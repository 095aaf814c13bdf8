import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { EventStore } from '@rectify/event-store-core';
import type { Pool } from 'pg';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { EVENT_STORE } from '../infrastructure/tokens';
import { HEALTH_POOL } from './ops.tokens';

/** PostgreSQL and the event store, each by one cheap query with a timeout. */
@Injectable()
export class PostgresHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(HEALTH_POOL) private readonly pool: Pool,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Optional() @Inject(EVENT_STORE) private readonly store: EventStore | null = null,
  ) {}

  /** The server answers. */
  database(): Promise<HealthIndicatorResult> {
    return this.ping('database', () => this.pool.query('SELECT 1'));
  }

  /**
   * PostgreSQL adapter: the event store's table is there and readable with the API's role.
   * EventStoreDB adapter (EVENT_STORE_ADAPTER=eventstoredb): the server answers a one-event read of `$all`.
   */
  eventStore(): Promise<HealthIndicatorResult> {
    if (this.config.eventStore?.adapter === 'eventstoredb') {
      const store = this.store;
      return this.ping('eventStore', async () => {
        if (store === null) throw new Error('no event store is configured');
        return store.readAll({ maxCount: 1 });
      });
    }
    return this.ping('eventStore', () => this.pool.query(`SELECT 1 FROM ${this.config.schemas.eventStore}.events LIMIT 1`));
  }

  private async ping<K extends string>(key: K, probe: () => Promise<unknown>): Promise<HealthIndicatorResult<K>> {
    const session = this.indicators.check(key);
    const started = Date.now();
    const timeoutMs = this.config.observability.healthCheckTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        probe(),
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
