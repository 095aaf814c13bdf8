/**
 * Loads a generated ledger history into the PostgreSQL event store.
 *
 *   npm run seed:history -- --counties 100 --townships 24 --villages 19 --seed 1 [--real-codes] [--schema event_store]
 *
 * Options: --problem-rate 0.1, --writers 8 (concurrent appenders; each stream always goes to the
 * same writer, so per-stream order is kept), --cities-of 10 (synthetic counties per city).
 * DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/test. The schema is migrated first
 * (migrateEventStore). Every append carries the expected version the generator knows, and event ids
 * are deterministic: a second run of the same options into the same schema is accepted by the
 * store's idempotent append and writes nothing new (use another --seed or --schema for a new load).
 * Progress goes to stderr; the last stdout line is JSON: { events, appends, seconds, eventsPerSecond }.
 */
import { parseArgs } from 'node:util';
import { ShardedAppender } from '@rectify/event-store-core';
import { migrateEventStore, PostgresEventStore } from '@rectify/event-store-postgres';
import { divisionTenantSource, estimateHistory, generateHistory, type HistoryOptions } from '@rectify/seeds';
import { Pool } from 'pg';
import { readDivisionRows } from './henan-divisions';

const HIGH_WATER = 4_000;
const PROGRESS_EVERY_MS = 5_000;

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      counties: { type: 'string' },
      townships: { type: 'string' },
      villages: { type: 'string' },
      seed: { type: 'string' },
      'problem-rate': { type: 'string' },
      'cities-of': { type: 'string' },
      'real-codes': { type: 'boolean', default: false },
      schema: { type: 'string', default: 'event_store' },
      writers: { type: 'string' },
    },
  });
  const url = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const size = {
    counties: positiveInt(values.counties, 'counties', 2),
    townshipsPerCounty: positiveInt(values.townships, 'townships', 3),
    villagesPerTownship: positiveInt(values.villages, 'villages', 5),
  };
  const problemRate = values['problem-rate'] === undefined ? undefined : Number(values['problem-rate']);
  const writers = positiveInt(values.writers, 'writers', 8);
  const options: HistoryOptions = {
    seed: Number(values.seed ?? 1),
    ...size,
    ...(problemRate === undefined ? {} : { problemRate }),
    ...(values['cities-of'] === undefined ? {} : { countiesPerCity: positiveInt(values['cities-of'], 'cities-of', 10) }),
    ...(values['real-codes'] ? { tenants: divisionTenantSource(await readDivisionRows('41'), size) } : {}),
  };
  const estimate = estimateHistory(options);
  console.error(`history: ${JSON.stringify({ ...size, seed: options.seed, realCodes: values['real-codes'], schema: values.schema, writers })}`);
  console.error(`estimate: ${JSON.stringify(estimate)}`);

  const admin = new Pool({ connectionString: url, max: 1 });
  try {
    const applied = await migrateEventStore(admin, { schema: values.schema });
    console.error(`event store (${values.schema}): ${applied.length > 0 ? `applied migrations ${applied.join(', ')}` : 'up to date'}`);
  } finally {
    await admin.end();
  }

  const store = PostgresEventStore.connect({ connectionString: url, schema: values.schema, max: writers });
  const writer = new ShardedAppender(store, writers, HIGH_WATER);
  const started = process.hrtime.bigint();
  const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
  let lastReport = Date.now();
  let generated = 0;
  try {
    for (const append of generateHistory(options)) {
      await writer.push(append);
      generated += 1;
      if (generated % 256 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (Date.now() - lastReport >= PROGRESS_EVERY_MS) {
        lastReport = Date.now();
        const s = seconds();
        console.error(
          `  ${writer.events} events (${((100 * writer.events) / Math.max(1, estimate.events)).toFixed(1)}% of the estimate), ${writer.appends} appends, ${s.toFixed(0)} s, ${Math.round(writer.events / s)} events/s`,
        );
      }
    }
    await writer.close();
  } finally {
    await store.close();
  }
  const s = seconds();
  console.log(JSON.stringify({ events: writer.events, appends: writer.appends, seconds: Math.round(s * 100) / 100, eventsPerSecond: Math.round(writer.events / s) }));
}

main().catch((error: unknown) => {
  console.error(`seed:history failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
