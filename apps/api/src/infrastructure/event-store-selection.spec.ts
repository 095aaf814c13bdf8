import type { DynamicModule } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { EventStoreUnavailableError, type EventStore, type Position } from '@rectify/event-store-core';
import { EventStoreDbEventStore, encodePosition as encodeEsdbPosition } from '@rectify/event-store-eventstoredb';
import { PostgresEventStore, encodePosition as encodePgPosition } from '@rectify/event-store-postgres';
import type { Pool } from 'pg';
import { AppModule } from '../app.module';
import { AuditModule } from '../audit/audit.module';
import { loadApiConfig } from '../config/api-config';
import { PostgresHealthIndicator } from '../ops/postgres.health';
import { connectEventStore, positionComparator } from '@rectify/event-store-selection';

const base = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
const esdbEnv = { ...base, EVENT_STORE_ADAPTER: 'eventstoredb', EVENTSTOREDB_URL: 'esdb://127.0.0.1:1?tls=false' };
const esdb = (commit: bigint, prepare: bigint): Position => encodeEsdbPosition({ commit, prepare });

describe('the API on the selected event store', () => {
  it('connects the adapter the config names', async () => {
    const postgres = loadApiConfig(base).config;
    const pg = connectEventStore(postgres.eventStore, { databaseUrl: postgres.databaseUrl, schema: postgres.schemas.eventStore, max: 2 });
    expect(pg).toBeInstanceOf(PostgresEventStore);
    await pg.close();
    const config = loadApiConfig(esdbEnv).config;
    const store = connectEventStore(config.eventStore, { databaseUrl: config.databaseUrl, schema: config.schemas.eventStore, max: 2 });
    expect(store).toBeInstanceOf(EventStoreDbEventStore);
    await store.close();
  });

  it("compares read-your-writes positions in the adapter's own order", () => {
    const onEsdb = positionComparator(loadApiConfig(esdbEnv).config.eventStore);
    expect(onEsdb(esdb(5_000n, 10n), esdb(4_000n, 4_900n))).toBe(1);
    expect(onEsdb(esdb(4_000n, 3_900n), esdb(4_000n, 3_950n))).toBe(-1);
    const onPg = positionComparator(loadApiConfig(base).config.eventStore);
    expect(onPg(encodePgPosition('100', '2'), encodePgPosition('99', '7'))).toBe(1);
  });

  it('leaves the audit module (PostgreSQL tables) out on EventStoreDB, and keeps it on PostgreSQL', () => {
    const hasAudit = (module: DynamicModule): boolean => (module.imports ?? []).some((m) => typeof m === 'object' && m !== null && 'module' in m && m.module === AuditModule);
    expect(hasAudit(AppModule.register({ config: loadApiConfig(base).config }))).toBe(true);
    expect(hasAudit(AppModule.register({ config: loadApiConfig(esdbEnv).config }))).toBe(false);
  });
});

describe('readiness of the event store', () => {
  const pool = { query: jest.fn(async () => ({ rows: [] })) } as unknown as Pool;

  function indicator(env: Record<string, string>, store: Pick<EventStore, 'readAll'>): PostgresHealthIndicator {
    return new PostgresHealthIndicator(new HealthIndicatorService(), pool, loadApiConfig(env).config, store as EventStore);
  }

  it('on EventStoreDB: up when the server answers a one-event read of $all, down with the reason when it does not', async () => {
    const readAll = jest.fn(async () => ({ events: [], checkpoint: null }));
    await expect(indicator(esdbEnv, { readAll }).eventStore()).resolves.toMatchObject({ eventStore: { status: 'up' } });
    expect(readAll).toHaveBeenCalledWith({ maxCount: 1 });
    const failing = indicator(esdbEnv, { readAll: async () => Promise.reject(new EventStoreUnavailableError('EventStoreDB 不可用')) });
    await expect(failing.eventStore()).resolves.toMatchObject({ eventStore: { status: 'down', message: expect.stringContaining('EventStoreDB') } });
  });

  it('on PostgreSQL: reads the events table, not the store', async () => {
    const readAll = jest.fn();
    await expect(indicator(base, { readAll }).eventStore()).resolves.toMatchObject({ eventStore: { status: 'up' } });
    expect(readAll).not.toHaveBeenCalled();
    expect(pool.query).toHaveBeenCalledWith('SELECT 1 FROM event_store.events LIMIT 1');
  });
});
