/**
 * Applies the event store's migrations: `npm run migrate:event-store`.
 * Reads DATABASE_URL and EVENT_STORE_SCHEMA (default `event_store`).
 */
import { Pool } from 'pg';
import { migrateEventStore } from '../migrations';

async function main(): Promise<void> {
  const connectionString = process.env['DATABASE_URL'];
  if (!connectionString) {
    console.error('DATABASE_URL is not set: it names the PostgreSQL database to migrate.');
    process.exit(2);
  }
  const schema = process.env['EVENT_STORE_SCHEMA'] ?? 'event_store';
  const pool = new Pool({ connectionString, max: 1 });
  try {
    const applied = await migrateEventStore(pool, { schema });
    console.log(applied.length > 0 ? `event store (${schema}): applied migrations ${applied.join(', ')}` : `event store (${schema}): up to date`);
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(`event store migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
