import { NestFactory } from '@nestjs/core';
import { EventStoreDbEventStore, encodePosition as encodeEsdbPosition } from '@rectify/event-store-eventstoredb';
import { PostgresEventStore } from '@rectify/event-store-postgres';
import { createReadModelDataSource, runReadModelMigrations } from '@rectify/ledger-read-model';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { Pool } from 'pg';
import { loadApiConfig } from '../config/api-config';
import { PROJECTION_WAITER, type ProjectionWaiter } from '../ledger/projection-waiter';
import { InfrastructureModule, LEDGER_PROJECTION_NAME } from './infrastructure.module';
import { EVENT_STORE } from './tokens';

/**
 * The wiring, against a real read model in PostgreSQL: the store and the checkpoint order the
 * API's read-your-writes uses follow EVENT_STORE_ADAPTER. No EventStoreDB server is needed: the
 * gRPC client connects on first use, and nothing here reads or writes events.
 */
describe('InfrastructureModule on the selected event store', () => {
  const readModelSchema = uniqueName('rm');
  let admin: Pool;
  const esdb = (commit: bigint, prepare: bigint) => encodeEsdbPosition({ commit, prepare });

  beforeAll(async () => {
    admin = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
    const migrator = createReadModelDataSource({ url: testDatabaseUrl(), schema: readModelSchema, poolSize: 2 });
    await migrator.initialize();
    await runReadModelMigrations(migrator);
    await migrator.destroy();
    // the projector got as far as commit 5000 / prepare 4990 on EventStoreDB
    await admin.query(`INSERT INTO ${readModelSchema}.projection_checkpoint (projection_name, position) VALUES ($1, $2)`, [LEDGER_PROJECTION_NAME, esdb(5_000n, 4_990n)]);
  });

  afterAll(async () => {
    await dropSchema(admin, readModelSchema);
    await admin.end();
  });

  async function boot(env: Record<string, string>) {
    const { config } = loadApiConfig({ DATABASE_URL: testDatabaseUrl(), READ_MODEL_SCHEMA: readModelSchema, ...env });
    return NestFactory.createApplicationContext(InfrastructureModule.register({ config }), { logger: false });
  }

  it('on EventStoreDB: the store is the EventStoreDB adapter and read-your-writes compares by commit, then prepare position', async () => {
    const app = await boot({ EVENT_STORE_ADAPTER: 'eventstoredb', EVENTSTOREDB_URL: 'esdb://127.0.0.1:1?tls=false' });
    try {
      expect(app.get(EVENT_STORE)).toBeInstanceOf(EventStoreDbEventStore);
      const waiter = app.get<ProjectionWaiter>(PROJECTION_WAITER);
      // an earlier commit with a larger prepare position is behind the checkpoint (by prepare position alone it would be ahead)
      await expect(waiter.waitFor(esdb(4_999n, 9_999n), 200)).resolves.toBe(true);
      await expect(waiter.waitFor(esdb(5_000n, 4_990n), 200)).resolves.toBe(true);
      await expect(waiter.waitFor(esdb(5_000n, 4_991n), 200)).resolves.toBe(false);
      await expect(waiter.waitFor(esdb(5_001n, 0n), 200)).resolves.toBe(false);
    } finally {
      await app.close();
    }
  });

  it('on PostgreSQL (the default): the PostgreSQL adapter, which refuses an EventStoreDB checkpoint instead of misreading it', async () => {
    const app = await boot({});
    try {
      expect(app.get(EVENT_STORE)).toBeInstanceOf(PostgresEventStore);
      await expect(app.get<ProjectionWaiter>(PROJECTION_WAITER).waitFor(esdb(1n, 1n), 200)).resolves.toBe(false);
    } finally {
      await app.close();
    }
  });
});
