import { EventStoreDbEventStore } from '@rectify/event-store-eventstoredb';
import { PostgresEventStore } from '@rectify/event-store-postgres';
import { loadWorkerConfig } from '../worker-config';
import { connectEventStore } from '@rectify/event-store-selection';

const BASE = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', REDIS_URL: 'redis://127.0.0.1:1', REPORT_STORAGE_DIR: '/tmp/rectify-reports' };

describe("the worker's event store", () => {
  it('is the adapter the config selects (clients connect on first use)', async () => {
    for (const [env, type] of [
      [BASE, PostgresEventStore],
      [{ ...BASE, EVENT_STORE_ADAPTER: 'eventstoredb', EVENTSTOREDB_URL: 'esdb://127.0.0.1:1?tls=false' }, EventStoreDbEventStore],
    ] as const) {
      const config = loadWorkerConfig(env);
      const store = connectEventStore(config.eventStore, { databaseUrl: config.databaseUrl, schema: config.eventStoreSchema, max: 2 });
      expect(store).toBeInstanceOf(type);
      await store.close();
    }
  });
});
