import { eventStoreContract, type OpenTransaction } from '@rectify/event-store-core/testing';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { Pool } from 'pg';
import { migrateEventStore } from './migrations';
import { PostgresEventStore } from './postgres-event-store';

/** The same contract on the event table hash-partitioned by tenant path (the scale-out layout). */
const schema = uniqueName('es_part');
let store: PostgresEventStore;
let admin: Pool;

eventStoreContract('PostgreSQL, events partitioned by tenant', {
  async setUp() {
    admin = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
    await migrateEventStore(admin, { schema, partitionsByTenant: 4 });
    const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = '${schema}.events'::regclass`);
    if (rows[0].n !== 4) throw new Error(`expected 4 partitions, found ${rows[0].n}`);
    store = PostgresEventStore.connect({ connectionString: testDatabaseUrl(), schema, max: 20, pollIntervalMs: 200 });
    return {
      store: () => store,
      keepsHashChain: true,
      uniqueEventIdsAcrossStreams: true,
      async beginTransaction(): Promise<OpenTransaction> {
        const client = await store.pool.connect();
        const ignore = (): void => undefined;
        client.on('error', ignore);
        await client.query('BEGIN');
        const end = async (sql: string): Promise<void> => {
          try {
            await client.query(sql);
          } finally {
            client.off('error', ignore);
            client.release();
          }
        };
        return {
          append: (streamId, events, options) => store.appendWith(client, streamId, events, options),
          commit: () => end('COMMIT').then(() => store.notifyAppended()),
          rollback: () => end('ROLLBACK'),
        };
      },
    };
  },
  async tearDown() {
    await store?.close();
    await dropSchema(admin, schema);
    await admin.end();
  },
});
