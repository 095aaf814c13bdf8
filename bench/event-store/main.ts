/**
 * Event store benchmark: the PostgreSQL adapter against raw SQL on the same server, in one run.
 *
 *   npm run bench:event-store                 # defaults below
 *   BENCH_READ_EVENTS=200000 npm run bench:event-store
 *   BENCH_APPEND_CONCURRENCY=2 npm run bench:event-store   # the store's group-commit width
 *
 * It works in a schema of its own in DATABASE_URL (default: the local `test` database) and drops
 * it at the end. The last line printed is JSON with the figures and the ratios to raw.
 */
import { randomUUID } from 'node:crypto';
import { migrateEventStore, PostgresEventStore } from '@rectify/event-store-postgres';
import type { NewEvent } from '@rectify/event-store-core';
import { Pool } from 'pg';

const url = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const singleOps = Number(process.env['BENCH_SINGLE_OPS'] ?? 3_000);
const multiOps = Number(process.env['BENCH_MULTI_OPS'] ?? 16_000);
const batchEvents = Number(process.env['BENCH_BATCH_EVENTS'] ?? 100_000);
const readEvents = Number(process.env['BENCH_READ_EVENTS'] ?? 1_000_000);
const schema = `bench_es_${Date.now().toString(36)}`;
const rawSchema = `${schema}_raw`;

const metadata = { tenantId: '411081005', tenantPath: '411000/411081/411081005', actor: 'bench', correlationId: randomUUID() };

function event(i: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'ProblemRecorded',
    schemaVersion: 1,
    data: {
      entryId: `e-${i}`,
      campaignId: 'xc-2023-4',
      villageCode: '411081005001',
      itemNo: (i % 72) + 1,
      description: '经排查，该村存在脱贫户住房安全等级鉴定不及时、危房改造资金拨付滞后的问题，需立行立改。',
      foundBy: '褚河街道排查组',
      foundAt: '2023-08-02T09:30:00+08:00',
    },
    metadata,
  };
}

async function timed(label: string, count: number, run: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = count / seconds;
  console.log(`${label.padEnd(48)} ${count.toString().padStart(9)} events in ${seconds.toFixed(2).padStart(7)} s = ${Math.round(rate).toString().padStart(7)} events/s`);
  return rate;
}

async function parallel(workers: number, total: number, work: (worker: number, i: number) => Promise<void>): Promise<void> {
  const per = Math.ceil(total / workers);
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; i < per; i++) await work(w, i);
    }),
  );
}

const RAW_COLUMNS = `event_id uuid, stream_id text, stream_version bigint, type text, schema_version int,
  data jsonb, metadata jsonb, tenant_id text, tenant_path text, recorded_at timestamptz, hash bytea`;

function rawRow(e: NewEvent, streamId: string, version: number): unknown[] {
  return [e.eventId, streamId, version, e.type, e.schemaVersion, JSON.stringify(e.data), JSON.stringify(e.metadata), metadata.tenantId, metadata.tenantPath, new Date(), Buffer.alloc(32)];
}

async function main(): Promise<void> {
  const admin = new Pool({ connectionString: url, max: 2 });
  await migrateEventStore(admin, { schema });
  await admin.query(`CREATE SCHEMA ${rawSchema}`);
  await admin.query(`CREATE TABLE ${rawSchema}.raw_events (${RAW_COLUMNS})`);
  // BENCH_APPEND_CONCURRENCY: the store's group-commit setting (default: the store's own default).
  const concurrency = process.env['BENCH_APPEND_CONCURRENCY'];
  const store = PostgresEventStore.connect({ connectionString: url, schema, max: 8, ...(concurrency && { appendConcurrency: Number(concurrency) }) });
  // The same store without group commit: every append is a transaction of its own.
  const unbatched = PostgresEventStore.connect({ connectionString: url, schema, max: 8, appendConcurrency: null });
  const raw = new Pool({ connectionString: url, max: 8 });
  const rawInsert = `INSERT INTO ${rawSchema}.raw_events VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;
  const figures: Record<string, number> = {};

  try {
    // Warm both paths (connections, prepared plans).
    await parallel(8, 400, (w, i) => store.append(`warm-${w}-${i % 10}`, [event(i)]).then(() => undefined));
    await parallel(8, 400, (w, i) => raw.query(rawInsert, rawRow(event(i), `warm-${w}`, i)).then(() => undefined));

    figures['append_1w'] = await timed('append, 1 writer, 1 event/append', singleOps, () =>
      parallel(1, singleOps, (_w, i) => store.append(`s1-${i % 500}`, [event(i)]).then(() => undefined)),
    );
    figures['raw_insert_1c'] = await timed('raw INSERT, 1 client, 1 row/tx', singleOps, () =>
      parallel(1, singleOps, (_w, i) => raw.query(rawInsert, rawRow(event(i), `s1-${i % 500}`, i)).then(() => undefined)),
    );
    const batching = (): { batches: number; appends: number; largestBatch: number } => {
      const stats = store.appendBatching;
      if (stats === null) throw new Error('append batching is off');
      return stats;
    };
    const groupingBefore = batching();
    figures['append_8w'] = await timed('append, 8 writers, 1 event/append', multiOps, () =>
      parallel(8, multiOps, (w, i) => store.append(`s8-${w}-${i % 500}`, [event(i)]).then(() => undefined)),
    );
    figures['raw_insert_8c'] = await timed('raw INSERT, 8 clients, 1 row/tx', multiOps, () =>
      parallel(8, multiOps, (w, i) => raw.query(rawInsert, rawRow(event(i), `s8-${w}`, i)).then(() => undefined)),
    );
    const groupingAfter = batching();
    const grouping = {
      transactions: groupingAfter.batches - groupingBefore.batches,
      appends: groupingAfter.appends - groupingBefore.appends,
      largest: groupingAfter.largestBatch,
    };
    figures['append_8w_unbatched'] = await timed('append, 8 writers, 1 event/append, no grouping', multiOps, () =>
      parallel(8, multiOps, (w, i) => unbatched.append(`u8-${w}-${i % 500}`, [event(i)]).then(() => undefined)),
    );

    const batches = batchEvents / 100;
    figures['append_batch100'] = await timed('append, 1 writer, batches of 100', batchEvents, () =>
      parallel(1, batches, (_w, i) => store.append(`b-${i}`, Array.from({ length: 100 }, (_, k) => event(k))).then(() => undefined)),
    );
    figures['raw_insert_batch100'] = await timed('raw INSERT … unnest, 1 client, 100 rows/tx', batchEvents, () =>
      parallel(1, batches, async (_w, i) => {
        const rows = Array.from({ length: 100 }, (_, k) => rawRow(event(k), `b-${i}`, k));
        const column = (c: number): unknown[] => rows.map((r) => r[c]);
        await raw.query(
          `INSERT INTO ${rawSchema}.raw_events SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::int[],
             $6::jsonb[], $7::jsonb[], $8::text[], $9::text[], $10::timestamptz[], $11::bytea[])`,
          Array.from({ length: 11 }, (_, c) => column(c)),
        );
      }),
    );

    // Fill the store up to readEvents with batch appends from 8 writers (also a figure).
    const { rows } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.events`);
    const missing = Math.max(0, readEvents - Number(rows[0].n));
    const fillBatches = Math.ceil(missing / 500);
    figures['append_batch500_8w'] = await timed('append, 8 writers, batches of 500 (fill)', fillBatches * 500, () =>
      parallel(8, fillBatches, (w, i) => store.append(`f-${w}-${i}`, Array.from({ length: 500 }, (_, k) => event(k))).then(() => undefined)),
    );
    await admin.query(`VACUUM ANALYZE ${schema}.events`);
    const { rows: total } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.events`);
    const totalEvents = Number(total[0].n);

    let read = 0;
    figures['read_all'] = await timed(`readAll, pages of 1000`, totalEvents, async () => {
      let after = null;
      for (;;) {
        const page = await store.readAll({ after, maxCount: 1_000 });
        if (page.events.length === 0) break;
        read += page.events.length;
        after = page.checkpoint;
      }
    });
    if (read !== totalEvents) throw new Error(`readAll returned ${read} of ${totalEvents} events`);

    await admin.query(`CREATE TABLE ${rawSchema}.raw_scan (id bigint PRIMARY KEY, ${RAW_COLUMNS})`);
    await admin.query(`INSERT INTO ${rawSchema}.raw_scan SELECT row_number() OVER (ORDER BY tx_id, seq), event_id, stream_id,
      stream_version, type, schema_version, data, metadata, tenant_id, tenant_path, recorded_at, hash FROM ${schema}.events`);
    await admin.query(`VACUUM ANALYZE ${rawSchema}.raw_scan`);
    figures['raw_select'] = await timed('raw SELECT, keyset pages of 1000', totalEvents, async () => {
      let after = 0;
      for (;;) {
        const { rows: page } = await raw.query<{ id: string }>(
          `SELECT * FROM ${rawSchema}.raw_scan WHERE id > $1 ORDER BY id LIMIT 1000`,
          [after],
        );
        if (page.length === 0) break;
        after = Number(page[page.length - 1].id);
      }
    });

    const ratio = (a: string, b: string): number => Math.round((figures[a] / figures[b]) * 100) / 100;
    const summary = {
      bench: 'event-store',
      adapter: 'postgres',
      eventsInStore: totalEvents,
      // How the 8-writer appends were grouped into transactions (group commit; BENCH_APPEND_CONCURRENCY or the default).
      appendGrouping: grouping,
      eventsPerSecond: Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round(v)])),
      ratiosToRaw: {
        append_1w: ratio('append_1w', 'raw_insert_1c'),
        append_8w: ratio('append_8w', 'raw_insert_8c'),
        append_8w_unbatched: ratio('append_8w_unbatched', 'raw_insert_8c'),
        append_batch100: ratio('append_batch100', 'raw_insert_batch100'),
        read_all: ratio('read_all', 'raw_select'),
      },
      targets: {
        append_8w_ratio_min: 0.8,
        append_batch100_ratio_min: 0.8,
        read_all_events_per_second_min: 80_000,
      },
      met: {
        append_8w: ratio('append_8w', 'raw_insert_8c') >= 0.8,
        append_batch100: ratio('append_batch100', 'raw_insert_batch100') >= 0.8,
        read_all: figures['read_all'] >= 80_000,
      },
    };
    console.log(JSON.stringify(summary));
  } finally {
    await store.close();
    await unbatched.close();
    await raw.end();
    if (!process.env['BENCH_KEEP']) {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.query(`DROP SCHEMA IF EXISTS ${rawSchema} CASCADE`);
    }
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
