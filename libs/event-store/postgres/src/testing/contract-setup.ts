import type { ContractSetup, OpenTransaction } from '@rectify/event-store-core/testing';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { Pool } from 'pg';
import { migrateEventStore, type MigrateOptions } from '../migrations';
import { PostgresEventStore } from '../postgres-event-store';

/**
 * The shared contract's setup for the PostgreSQL adapter: a fresh schema (laid out as `layout`
 * says), a store on its own pool, and caller transactions on pooled clients.
 */
export function postgresContractSetup(layout: Omit<MigrateOptions, 'schema'> = {}, check?: (admin: Pool, schema: string) => Promise<void>): ContractSetup {
  const schema = uniqueName('es_contract');
  let store: PostgresEventStore | undefined;
  let admin: Pool | undefined;
  return {
    async setUp() {
      admin = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
      await migrateEventStore(admin, { ...layout, schema });
      await check?.(admin, schema);
      const opened = PostgresEventStore.connect({ connectionString: testDatabaseUrl(), schema, max: 20, pollIntervalMs: 200 });
      store = opened;
      return {
        store: () => opened,
        keepsHashChain: true,
        uniqueEventIdsAcrossStreams: true,
        async beginTransaction(): Promise<OpenTransaction> {
          const client = await opened.pool.connect();
          const ignore = (): void => undefined; // a test that failed may leave it to the idle timeout
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
            append: (streamId, events, options) => opened.appendWith(client, streamId, events, options),
            commit: () => end('COMMIT').then(() => opened.notifyAppended()),
            rollback: () => end('ROLLBACK'),
          };
        },
      };
    },
    async tearDown() {
      await store?.close();
      if (admin) {
        await dropSchema(admin, schema);
        await admin.end();
      }
    },
  };
}
