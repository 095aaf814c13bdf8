/**
 * Replay bench: how fast the ledger read model rebuilds from the event store, and how fast time
 * travel answers.
 *
 *   npm run bench:replay -- [--scale 0.04 | --counties 4] [--townships 24] [--villages 19] [--seed 1]
 *                           [--samples 300] [--batch 10000] [--projection batch|per-event] [--no-defer-indexes] [--keep]
 *
 * --scale is the share of a province (100 counties × 24 townships × 19 villages ≈ 5.06M events);
 * --counties overrides it. Steps:
 *  0. load: a generated history (`generateHistory`, every event decided by the domain) written
 *     straight into a fresh event-store schema in batches of 2,000 rows per transaction, hashes
 *     chained in Node exactly as `append_events` does, `recorded_at` = the event's business time
 *     (so that "as of T" is meaningful); stream heads written at the end. Not measured as a target
 *     (`npm run seed:history` measures the real append path).
 *  a. rebuild: the real ledger projection through `ReadModelRebuild` (the ProjectionRunner, pages
 *     with the checkpoint in one transaction, the next page read while one is written) into a fresh
 *     read-model schema, from position zero to caught up; events/s. `--projection batch` (default)
 *     is the set-based `LedgerBatchProjection` the rebuild uses; `per-event` the `LedgerProjection`
 *     one event at a time, for comparison. Bulk mode is on, as in the rebuild CLI: the secondary
 *     indexes of the high-volume tables are dropped before loading and built again once caught up,
 *     inside the measured time (reported apart as `indexBuildSeconds`); `--no-defer-indexes` keeps
 *     them during the load, for comparison. Targets: a province in ≤ 4 min, ≥ 30k events/s.
 *  b. entry as of T: `TimeTravelService.entryAsOf` for random entries; p50/p95. Target p95 ≤ 10 ms.
 *  c. ledger as of T: `ledgerAsOf(county, T, first 1000)` — one page of 1,000 entries rebuilt from
 *     events (a generated township holds ~137 entries, so a county page is used); p50/p95 over 10
 *     runs. Target ≤ 500 ms. Also `rollupAsOf(county, T)`.
 * DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/test. Schemas are dropped at the end
 * unless --keep. Progress on stderr; the last stdout line is JSON.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { eventBody, envelopeText, chainHash, GENESIS_HASH } from '@rectify/event-store-core';
import { PostgresEventStore, comparePositions, migrateEventStore } from '@rectify/event-store-postgres';
// The bench measures the read model and the audit library themselves (type:data-access, which the
// bench's tag does not list): these two imports are the point of the bench.
import { EventLogQuery, TimeTravelService } from '@rectify/ledger-audit';
import { LedgerBatchProjection, LedgerProjection, ReadModelRebuild, type RebuildProgress } from '@rectify/ledger-read-model';
import { estimateHistory, generateHistory, type HistoryOptions } from '@rectify/seeds';
import { Pool, type PoolClient } from 'pg';

const URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const BATCH_ROWS = 2_000;

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Names the bench's own PostgreSQL sessions, so their CPU can be read from /proc. */
const STORE_APP = 'rectify-bench-replay-read';
const REBUILD_APP = 'rectify-read-model-rebuild';
const CLOCK_TICKS = 100;

/** CPU seconds (user + system) each of our backends has used so far, by pid; empty where /proc is not readable. */
async function backendCpu(pool: Pool): Promise<Map<number, number>> {
  const { rows } = await pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = ANY($1::text[])`, [[STORE_APP, REBUILD_APP]]);
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS);
    } catch {
      // another machine's server, or no permission: PostgreSQL CPU is then not reported
    }
  }
  return cpu;
}

interface Row {
  seq: number;
  eventId: string;
  streamId: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: string;
  metadata: string;
  tenantId: string;
  tenantPath: string;
  recordedAt: Date;
  hash: Buffer;
}

async function flush(client: PoolClient, schema: string, rows: Row[]): Promise<void> {
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO ${schema}.events (tx_id, seq, event_id, stream_id, stream_version, type, schema_version, data, metadata, tenant_id, tenant_path, recorded_at, hash)
     SELECT pg_current_xact_id(), u.seq, u.event_id, u.stream_id, u.version, u.type, u.schema_version, u.data::jsonb, u.metadata::jsonb, u.tenant_id, u.tenant_path, u.recorded_at, u.hash
       FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::bytea[])
         AS u(seq, event_id, stream_id, version, type, schema_version, data, metadata, tenant_id, tenant_path, recorded_at, hash)`,
    [
      rows.map((r) => r.seq),
      rows.map((r) => r.eventId),
      rows.map((r) => r.streamId),
      rows.map((r) => r.version),
      rows.map((r) => r.type),
      rows.map((r) => r.schemaVersion),
      rows.map((r) => r.data),
      rows.map((r) => r.metadata),
      rows.map((r) => r.tenantId),
      rows.map((r) => r.tenantPath),
      rows.map((r) => r.recordedAt),
      rows.map((r) => r.hash),
    ],
  );
  await client.query('COMMIT');
}

/** Writes the generated history with its hash chain; returns events written and the latest business time. */
async function load(pool: Pool, schema: string, options: HistoryOptions): Promise<{ events: number; seconds: number; last: Date }> {
  const started = Date.now();
  const heads = new Map<string, { version: number; hash: Buffer; at: number }>();
  const client = await pool.connect();
  let rows: Row[] = [];
  let seq = 0;
  let last = 0;
  try {
    for (const append of generateHistory(options)) {
      for (const event of append.events) {
        const head = heads.get(append.streamId) ?? { version: -1, hash: GENESIS_HASH, at: 0 };
        const data = event.data as { at?: string };
        // recorded_at = business time, kept strictly increasing within a stream (ms precision).
        const at = Math.max(Date.parse(data.at ?? '2023-07-25T00:00:00Z'), head.at + 1);
        const recordedAt = new Date(at);
        const version = head.version + 1;
        const body = eventBody({ eventId: event.eventId, streamId: append.streamId, type: event.type, schemaVersion: event.schemaVersion, data: event.data, metadata: event.metadata });
        const hash = chainHash(head.hash, envelopeText(body, version, recordedAt));
        heads.set(append.streamId, { version, hash, at });
        last = Math.max(last, at);
        rows.push({
          seq: ++seq,
          eventId: event.eventId,
          streamId: append.streamId,
          version,
          type: event.type,
          schemaVersion: event.schemaVersion,
          data: JSON.stringify(event.data),
          metadata: JSON.stringify(event.metadata),
          tenantId: event.metadata.tenantId,
          tenantPath: event.metadata.tenantPath,
          recordedAt,
          hash,
        });
        if (rows.length >= BATCH_ROWS) {
          await flush(client, schema, rows);
          rows = [];
          if (seq % 100_000 < BATCH_ROWS) log(`load: ${seq} events, ${Math.round(seq / ((Date.now() - started) / 1000))} events/s`);
        }
      }
    }
    if (rows.length > 0) await flush(client, schema, rows);
    await client.query(`SELECT setval('${schema}.event_seq', $1)`, [seq]);
    await client.query(
      `INSERT INTO ${schema}.streams (stream_id, version, last_hash, tenant_id, tenant_path)
       SELECT DISTINCT ON (stream_id) stream_id, stream_version, hash, tenant_id, tenant_path FROM ${schema}.events ORDER BY stream_id, stream_version DESC`,
    );
    await client.query(`ANALYZE ${schema}.events`);
  } finally {
    client.release();
  }
  return { events: seq, seconds: (Date.now() - started) / 1000, last: new Date(last) };
}

/** Server-wide counters that tell a cold cache or a checkpoint from a slow query plan. */
interface ServerActivity {
  readonly checkpoints: number;
  readonly buffersCheckpoint: number;
  readonly blocksRead: number;
  readonly blocksHit: number;
}

async function serverActivity(pool: Pool): Promise<ServerActivity> {
  const { rows } = await pool.query<{ checkpoints: string; buffers_checkpoint: string; blks_read: string; blks_hit: string }>(
    `SELECT (b.checkpoints_timed + b.checkpoints_req)::text AS checkpoints, b.buffers_checkpoint::text AS buffers_checkpoint,
            d.blks_read::text AS blks_read, d.blks_hit::text AS blks_hit
       FROM pg_stat_bgwriter b, pg_stat_database d WHERE d.datname = current_database()`,
  );
  const r = rows[0];
  return { checkpoints: Number(r.checkpoints), buffersCheckpoint: Number(r.buffers_checkpoint), blocksRead: Number(r.blks_read), blocksHit: Number(r.blks_hit) };
}

function activitySince(before: ServerActivity, after: ServerActivity, samples: number): { checkpoints: number; buffersWrittenByCheckpoints: number; blocksReadPerSample: number; hitRatio: number } {
  const read = after.blocksRead - before.blocksRead;
  const hit = after.blocksHit - before.blocksHit;
  return {
    checkpoints: after.checkpoints - before.checkpoints,
    buffersWrittenByCheckpoints: after.buffersCheckpoint - before.buffersCheckpoint,
    blocksReadPerSample: Math.round((read / Math.max(1, samples)) * 10) / 10,
    hitRatio: read + hit === 0 ? 1 : Math.round((hit / (read + hit)) * 1000) / 1000,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string' },
      counties: { type: 'string' },
      townships: { type: 'string', default: '24' },
      villages: { type: 'string', default: '19' },
      seed: { type: 'string', default: '1' },
      samples: { type: 'string', default: '300' },
      batch: { type: 'string', default: '10000' },
      projection: { type: 'string', default: 'batch' },
      // An option of its own, as in the rebuild CLI (parseArgs' allowNegative is not in Node 20.11).
      'no-defer-indexes': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  if (values.projection !== 'batch' && values.projection !== 'per-event') throw new Error(`--projection must be batch or per-event, got ${values.projection}`);
  const counties = values.counties ? Number(values.counties) : Math.max(1, Math.round(100 * Number(values.scale ?? '0.04')));
  const options: HistoryOptions = { seed: Number(values.seed), counties, townshipsPerCounty: Number(values.townships), villagesPerTownship: Number(values.villages) };
  const estimate = estimateHistory(options);
  const suffix = `${Date.now().toString(36)}`;
  const eventSchema = `bench_replay_es_${suffix}`;
  const readSchema = `bench_replay_rm_${suffix}`;
  log(`history: ${counties} counties × ${options.townshipsPerCounty} townships × ${options.villagesPerTownship} villages, about ${estimate.events} events (${estimate.entries} entries)`);

  const pool = new Pool({ connectionString: URL, max: 4 });
  const store = PostgresEventStore.connect({ connectionString: `${URL}${URL.includes('?') ? '&' : '?'}application_name=${STORE_APP}`, schema: eventSchema, max: 4, statementTimeoutMs: 600_000 });
  try {
    await migrateEventStore(pool, { schema: eventSchema });
    const loaded = await load(pool, eventSchema, options);
    log(`load: ${loaded.events} events in ${round(loaded.seconds)} s`);

    // (a) full rebuild with the real ledger projection
    const loadBefore = loadavg().map((x) => round(x, 2));
    const cpuBefore = process.cpuUsage();
    const pgBefore = await backendCpu(pool);
    const projection = values.projection === 'batch' ? new LedgerBatchProjection() : new LedgerProjection();
    const deferIndexes = !values['no-defer-indexes'];
    const rebuild = await ReadModelRebuild.open({ url: URL, store, targetSchema: readSchema, batchSize: Number(values.batch), comparePositions, projection, deferIndexes });
    const deferred = (await rebuild.indexes.pending()).length;
    log(deferIndexes ? `rebuild: bulk load, ${deferred} secondary indexes deferred until caught up` : 'rebuild: --no-defer-indexes, every index kept during the load');
    let indexBuildStarted: number | null = null;
    const report = (p: RebuildProgress): void => {
      if (p.indexBuild !== null) {
        indexBuildStarted ??= Date.now();
        log(`rebuild: building indexes, ${p.indexBuild.done} of ${p.indexBuild.total} built, now ${p.indexBuild.index}`);
      } else log(`rebuild: ${p.eventsApplied} events, ${Math.round(p.eventsPerSecond)} events/s, lag ${p.lag.eventsBehind}${p.lag.capped ? '+' : ''}`);
    };
    let done = await rebuild.untilCaughtUp(report, 10_000);
    // readAll holds events back behind any older transaction still open in the database (another
    // session's): "caught up" can come early on a shared server, so wait for every loaded event.
    while (done.eventsApplied < loaded.events) done = await rebuild.untilCaughtUp(report, 10_000);
    const indexBuildSeconds = indexBuildStarted === null ? 0 : (Date.now() - indexBuildStarted) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const nodeCpuSeconds = (cpu.user + cpu.system) / 1e6;
    const pgAfter = await backendCpu(pool);
    const pgCpuSeconds = pgAfter.size === 0 ? null : [...pgAfter].reduce((sum, [pid, t]) => sum + t - (pgBefore.get(pid) ?? 0), 0);
    await rebuild.close();
    const rebuildSeconds = done.elapsedSeconds;
    const loadAfter = loadavg().map((x) => round(x, 2));
    const rebuildRate = done.eventsApplied / rebuildSeconds;
    const provinceMinutes = 5_060_000 / rebuildRate / 60;
    log(
      `rebuild: ${done.eventsApplied} events in ${round(rebuildSeconds)} s = ${Math.round(rebuildRate)} events/s (a province would take ${round(provinceMinutes)} min)` +
        (deferIndexes ? `, of which ${round(indexBuildSeconds)} s building ${deferred} deferred indexes and ANALYZE` : ', indexes kept during the load'),
    );
    // CPU actually spent on the rebuild (this process, and our PostgreSQL sessions from /proc): on a
    // shared machine the wall-clock rate depends on everyone else's load; these do much less.
    const cpuPer1k = { node: round((nodeCpuSeconds * 1000) / done.eventsApplied, 3), postgres: pgCpuSeconds === null ? null : round((pgCpuSeconds * 1000) / done.eventsApplied, 3) };
    log(`rebuild CPU: node ${round(nodeCpuSeconds)} s, postgres ${pgCpuSeconds === null ? 'n/a' : round(pgCpuSeconds)} s (per 1,000 events: ${cpuPer1k.node} s + ${cpuPer1k.postgres ?? 'n/a'} s)`);

    // T: the middle of the 集中整改/限期 period of the generated timeline.
    const asOf = new Date('2023-09-15T00:00:00Z');
    const log2 = new EventLogQuery(pool, eventSchema);
    const timeTravel = new TimeTravelService(log2);
    const samples = Number(values.samples);
    const { rows: picks } = await pool.query<{ id: string; path: string }>(
      `SELECT substr(stream_id, 7) AS id, tenant_path AS path FROM ${eventSchema}.events WHERE stream_version = 0 AND stream_id LIKE 'entry-%' ORDER BY md5(stream_id) LIMIT $1`,
      [samples],
    );
    // (b) single entry as of T, with what the server did meanwhile: a run once measured p95 29.9 ms
    // where others measure ~1 ms, and its cause could not be told afterwards (docs/benchmarks.md).
    const serverBefore = await serverActivity(pool);
    const single: number[] = [];
    for (const pick of picks) {
      const t = process.hrtime.bigint();
      await timeTravel.entryAsOf(pick.id, asOf, pick.path.split('/')[0] ?? pick.path);
      single.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const server = activitySince(serverBefore, await serverActivity(pool), single.length);
    const halves = [single.slice(0, single.length >> 1), single.slice(single.length >> 1)].map((half) => round(percentile([...half].sort((x, y) => x - y), 95), 2));
    single.sort((x, y) => x - y);
    log(
      `entryAsOf: p50 ${round(percentile(single, 50), 2)} ms, p95 ${round(percentile(single, 95), 2)} ms over ${single.length} ` +
        `(p95 of the first / second half ${halves[0]} / ${halves[1]} ms; meanwhile ${server.checkpoints} checkpoints, ` +
        `${server.blocksReadPerSample} blocks read from outside shared buffers per sample, cache hit ratio ${server.hitRatio})`,
    );

    // (c) 1,000 entries of a county as of T, and the county's roll-up as of T
    const county = (picks[0]?.path ?? '').split('/').slice(0, 2).join('/');
    const township = picks[0]?.path ?? '';
    const ledger: number[] = [];
    let pageSize = 0;
    for (let i = 0; i < 10; i++) {
      const t = process.hrtime.bigint();
      const page = await timeTravel.ledgerAsOf(county, asOf, county, { first: 1_000 });
      ledger.push(Number(process.hrtime.bigint() - t) / 1e6);
      pageSize = page.items.length;
    }
    ledger.sort((x, y) => x - y);
    const tt = process.hrtime.bigint();
    const townshipPage = await timeTravel.ledgerAsOf(township, asOf, township, { first: 1_000 });
    const townshipMs = Number(process.hrtime.bigint() - tt) / 1e6;
    const tr = process.hrtime.bigint();
    const rollup = await timeTravel.rollupAsOf(county, asOf, county);
    const rollupMs = Number(process.hrtime.bigint() - tr) / 1e6;
    log(`ledgerAsOf(${county}, first 1000): ${pageSize} entries, p50 ${round(percentile(ledger, 50))} ms, p95 ${round(percentile(ledger, 95))} ms; township ${township}: ${townshipPage.items.length} entries in ${round(townshipMs)} ms; rollupAsOf(county): ${rollup?.total} entries in ${round(rollupMs)} ms`);

    console.log(
      JSON.stringify({
        history: { counties, townshipsPerCounty: options.townshipsPerCounty, villagesPerTownship: options.villagesPerTownship, seed: options.seed, events: loaded.events, loadSeconds: round(loaded.seconds) },
        rebuild: { projection: values.projection, deferIndexes, indexesDeferred: deferred, indexBuildSeconds: round(indexBuildSeconds), events: done.eventsApplied, seconds: round(rebuildSeconds), eventsPerSecond: Math.round(rebuildRate), batchSize: Number(values.batch), provinceMinutesAtThisRate: round(provinceMinutes), loadAverage: { before: loadBefore, after: loadAfter }, cpuSeconds: { node: round(nodeCpuSeconds), postgres: pgCpuSeconds === null ? null : round(pgCpuSeconds) }, cpuSecondsPer1kEvents: cpuPer1k, targets: { provinceMinutes: 4, eventsPerSecond: 30_000 } },
        entryAsOf: { samples: single.length, p50Ms: round(percentile(single, 50), 2), p95Ms: round(percentile(single, 95), 2), targetP95Ms: 10, p95ByHalfMs: halves, server },
        ledgerAsOf: { tenantPath: county, entries: pageSize, runs: ledger.length, p50Ms: round(percentile(ledger, 50)), p95Ms: round(percentile(ledger, 95)), targetMs: 500, township: { tenantPath: township, entries: townshipPage.items.length, ms: round(townshipMs) } },
        rollupAsOf: { tenantPath: county, entries: rollup?.total ?? 0, ms: round(rollupMs) },
        asOf: asOf.toISOString(),
      }),
    );
  } finally {
    await store.close();
    if (!values.keep) {
      await pool.query(`DROP SCHEMA IF EXISTS ${readSchema} CASCADE`);
      await pool.query(`DROP SCHEMA IF EXISTS ${eventSchema} CASCADE`);
    } else log(`kept schemas ${eventSchema} and ${readSchema}`);
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:replay failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
