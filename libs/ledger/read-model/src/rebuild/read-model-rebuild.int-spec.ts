import type { Position } from '@rectify/event-store-core';
import { streamIds } from '@rectify/ledger-domain';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { runReadModelMigrations } from '../migrations';
import { createReadModelDataSource } from '../read-model-data-source';
import { givenCampaignChain, type CampaignChain } from '../testing/campaign-chain';
import { CHUHE, planned, problemRecorded, signedOff, submitted, villageChecked } from '../testing/ledger-events';
import { ReadModelHarness, comparePgPositions } from '../testing/read-model-harness';
import { compareReadModels } from './compare-read-models';
import { BULK_LOADED_TABLES, DEFERRED_INDEX_TABLE } from './deferred-indexes';
import { ReadModelPointer, resolveActiveReadModelSchema } from './read-model-pointer';
import { ReadModelRebuild, dropReadModelSchema } from './read-model-rebuild';

let h: ReadModelHarness;
let target: string;
let control: string;
/** A schema that only ran the migrations: the index set every rebuilt schema must end with. */
let fresh: string;
const dropped: string[] = [];
const opened: ReadModelRebuild[] = [];
let appending = false;
let writer: Promise<void> = Promise.resolve();

async function open(options: Parameters<typeof ReadModelRebuild.open>[0]): Promise<ReadModelRebuild> {
  const rebuild = await ReadModelRebuild.open(options);
  opened.push(rebuild);
  return rebuild;
}

beforeAll(async () => {
  h = await ReadModelHarness.create();
  target = uniqueName('rmv');
  control = uniqueName('rmc');
  fresh = uniqueName('rmf');
  const db = await createReadModelDataSource({ url: testDatabaseUrl(), schema: fresh, poolSize: 2 }).initialize();
  try {
    await runReadModelMigrations(db);
  } finally {
    await db.destroy();
  }
});

afterAll(async () => {
  appending = false;
  await writer.catch(() => undefined);
  for (const rebuild of opened) await rebuild.close();
  await dropSchema(h.admin, target);
  await dropSchema(h.admin, control);
  await dropSchema(h.admin, fresh);
  for (const schema of dropped) await dropSchema(h.admin, schema);
  await h.close();
});

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Every index of a schema as `table: definition`, the schema's name replaced by `S`, sorted. */
async function indexSet(schema: string): Promise<string[]> {
  const { rows } = await h.admin.query<{ d: string }>(
    `SELECT tablename || ': ' || replace(indexdef, $2, 'S.') AS d FROM pg_indexes WHERE schemaname = $1 ORDER BY 1`,
    [schema, `${schema}.`],
  );
  return rows.map((r) => r.d);
}

/** The names of the non-unique indexes of the bulk-loaded tables in the freshly migrated schema. */
async function secondaryIndexNames(schema: string): Promise<string[]> {
  const { rows } = await h.admin.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND t.relname = ANY($2::text[]) AND NOT i.indisunique ORDER BY 1`,
    [schema, [...BULK_LOADED_TABLES]],
  );
  return rows.map((r) => r.name);
}

/** The store's last position. */
async function storeEnd(): Promise<Position> {
  let checkpoint: Position | null = null;
  for (;;) {
    const page = await h.store.readAll({ after: checkpoint, maxCount: 5_000 });
    if (page.events.length === 0) break;
    checkpoint = page.checkpoint;
  }
  if (checkpoint === null) throw new Error('the store is empty');
  return checkpoint;
}

/** One entry's life: recorded, checked, and for some planned, submitted and signed off. */
async function appendEntry(c: CampaignChain, i: number): Promise<void> {
  const e = `e${i}-${c.tag}`;
  const village = `4110810052${String(i % 100).padStart(2, '0')}`;
  await h.append(streamIds.entry(e), CHUHE, [problemRecorded(e, c.township, CHUHE, village, [1, 4, 5, 21][i % 4], `第${i}个问题需要整改`)]);
  await h.append(streamIds.inspection(c.township, village), CHUHE, [villageChecked(c.township, village, [1, 4, 5, 21][i % 4], CHUHE, [e])]);
  if (i % 2 === 0) {
    await h.append(streamIds.entry(e), CHUHE, [
      planned(e, `第${i}个问题的具体整改措施`, { kind: 'immediate', date: '2023-08-25' }),
      submitted(e, `第${i}个问题已按措施整改完毕并留存凭证`, '2023-08-10T02:00:00Z'),
      ...(i % 4 === 0 ? [signedOff(e, '2023-08-12T02:00:00Z')] : []),
    ]);
  }
}

describe('zero-downtime rebuild into a new schema', () => {
  it('builds while events are appended, resumes after a stop, switches the pointer and equals the live read model', async () => {
    const live = h.runner({ batchSize: 50 });
    live.start();
    const c = await givenCampaignChain(h);
    for (let i = 0; i < 30; i++) await appendEntry(c, i);

    // Appends go on during the whole rebuild.
    appending = true;
    let next = 30;
    writer = (async () => {
      while (appending) {
        await appendEntry(c, next++);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    const options = { url: testDatabaseUrl(), store: h.store, targetSchema: target, sourceSchema: h.readModelSchema, batchSize: 7, comparePositions: comparePgPositions };
    const first = await open(options);
    first.start();
    await until(async () => (await first.progress()).eventsApplied >= 21);
    await first.close(); // killed between batches: what it committed stays, with its checkpoint

    const second = await open({ ...options, batchSize: 25 });
    const resumed = await second.progress();
    expect(resumed.eventsApplied).toBeGreaterThanOrEqual(21); // resumed from its checkpoint, not from zero
    expect(resumed.caughtUp).toBe(false);
    const seen: number[] = [];
    await second.untilCaughtUp((p) => seen.push(p.eventsApplied), 50);
    expect(seen[seen.length - 1]).toBeGreaterThan(resumed.eventsApplied);

    appending = false;
    await writer;
    // Readers see only transactions older than the oldest one running in the whole database (other
    // suites' too): wait until the live model shows every entry written, then take the store's end.
    await until(async () => Number((await h.dataSource.query(`SELECT count(*) AS n FROM ${h.readModelSchema}.ledger_entry`))[0].n) === next, 30_000);
    const checkpoint = await storeEnd();
    await live.waitFor(checkpoint, 20_000);
    await second.runner.waitFor(checkpoint, 20_000);

    const pointer = new ReadModelPointer(h.dataSource, control);
    await pointer.ensure();
    expect(await resolveActiveReadModelSchema(h.dataSource, h.readModelSchema, 'ledger', control)).toBe(h.readModelSchema);
    await second.switchWhenCaughtUp(pointer, null);
    expect(await pointer.active()).toMatchObject({ schema: target, previousSchema: null });
    expect(await resolveActiveReadModelSchema(h.dataSource, h.readModelSchema, 'ledger', control)).toBe(target);
    await expect(pointer.switchTo('ledger', h.readModelSchema, 'some_other_schema')).rejects.toThrow('读模型指针已被其他进程切换');

    await live.stop();
    await second.close();
    const tables = await compareReadModels(h.dataSource, h.readModelSchema, target);
    expect(tables.map((t) => t.table)).toEqual(expect.arrayContaining(['ledger_entry', 'rollup_counter', 'campaign', 'inspection_check', 'projection_checkpoint']));
    expect(tables.filter((t) => !t.equal)).toEqual([]);
    const entries = tables.find((t) => t.table === 'ledger_entry');
    expect(entries?.rowsA).toBe(next);
    // Bulk mode (the default) dropped the secondary indexes for the load; they are all back, once each.
    expect(await indexSet(target)).toEqual(await indexSet(fresh));

    // The old schema stays until dropped explicitly; the active one cannot be dropped.
    await expect(dropReadModelSchema(h.dataSource, target, pointer)).rejects.toThrow('active read model');
  }, 45_000);
});

describe('bulk mode: secondary indexes deferred during the load', () => {
  it('records and drops them on a fresh target, survives kills while loading and while building them, never switches without them, and ends with the migrated index set', async () => {
    const live = h.runner({ batchSize: 50 });
    live.start();
    const c = await givenCampaignChain(h);
    for (let i = 0; i < 40; i++) await appendEntry(c, i);
    const schema = uniqueName('rmb');
    const controlSchema = uniqueName('rmc');
    dropped.push(schema, controlSchema);
    const options = {
      url: testDatabaseUrl(),
      store: h.store,
      targetSchema: schema,
      sourceSchema: h.readModelSchema,
      batchSize: 7,
      comparePositions: comparePgPositions,
      indexBuild: { sessions: 2 },
    };
    const present = async (): Promise<Set<string>> =>
      new Set((await h.admin.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = $1`, [schema])).rows.map((r) => r.indexname));

    // A fresh target: the secondary indexes of the bulk-loaded tables are recorded, then dropped; keys stay.
    const first = await open(options);
    const secondary = await secondaryIndexNames(fresh);
    expect(secondary).toEqual(expect.arrayContaining(['ledger_entry_description_trgm_idx', 'ledger_entry_path_due_idx', 'inspection_check_root_idx', 'recurrence_index_tenant_path_idx', 'report_path_idx']));
    const recorded = await first.indexes.pending();
    expect(recorded.map((i) => i.name).sort()).toEqual(secondary);
    const afterDefer = await present();
    expect(recorded.filter((i) => afterDefer.has(i.name))).toEqual([]);
    expect([...afterDefer]).toEqual(expect.arrayContaining(['ledger_entry_pkey', 'inspection_check_pkey', 'recurrence_index_pkey', 'rollup_counter_pkey', 'campaign_pkey', 'campaign_root_idx']));
    expect((await first.progress()).indexesPending).toBe(secondary.length);

    // Killed right after deferring (checkpoint still at zero): the next run keeps the records as they were.
    await first.close();
    const second = await open(options);
    expect(await second.indexes.pending()).toEqual(recorded);

    // Killed while loading.
    second.start();
    await until(async () => (await second.progress()).eventsApplied >= 21);
    await second.close();

    // Resumed: caught up with the events, the indexes still deferred — not complete, and no switch yet.
    const third = await open({ ...options, batchSize: 25 });
    expect(await third.indexes.pending()).toEqual(recorded);
    third.start();
    const end = await storeEnd();
    await third.runner.waitFor(end, 20_000);
    const caughtUpWithoutIndexes = await third.progress();
    expect(caughtUpWithoutIndexes).toMatchObject({ caughtUp: false, phase: 'projecting', indexesPending: secondary.length });

    // Killed while building them: `report` (empty, so built last) is held by another transaction, so
    // both build sessions end up waiting on it with every other index built; then they are
    // terminated, as when the process is killed.
    const pointer = new ReadModelPointer(h.dataSource, controlSchema);
    await pointer.ensure();
    const blocker = await h.admin.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`LOCK TABLE ${schema}.report IN ROW EXCLUSIVE MODE`);
      const switching = third.switchWhenCaughtUp(pointer, null).then(
        () => null,
        (error: unknown) => error,
      );
      let pids: number[] = [];
      await until(async () => {
        const { rows } = await h.admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE query LIKE 'CREATE INDEX IF NOT EXISTS report_%' AND query LIKE $1 AND wait_event_type = 'Lock'`,
          [`%${schema}.report%`],
        );
        pids = rows.map((r) => r.pid);
        return pids.length === 2;
      });
      const midway = await present();
      const built = recorded.filter((i) => midway.has(i.name)).map((i) => i.table);
      expect(new Set(built)).toEqual(new Set(['ledger_entry', 'inspection_check', 'recurrence_index']));
      expect(recorded.filter((i) => !midway.has(i.name)).map((i) => i.table)).toEqual(expect.arrayContaining(['report']));
      await h.admin.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
      expect(await switching).toBeInstanceOf(Error);
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
    }
    expect(await pointer.active()).toBeNull(); // never switched with an index missing
    expect((await third.indexes.missing()).map((i) => i.table)).toEqual(['report', 'report', 'report']);
    expect(await third.indexes.pending()).toEqual(recorded);
    await third.close();

    // Run again: builds what is missing (and only that), ANALYZEs, forgets the records, then switches.
    const fourth = await open(options);
    const seen: string[] = [];
    const done = await fourth.untilCaughtUp((p) => seen.push(p.phase), 20);
    expect(seen).toContain('building_indexes');
    expect(done).toMatchObject({ caughtUp: true, phase: 'caught_up', indexesPending: 0, indexBuild: null });
    expect(await fourth.indexes.pending()).toEqual([]);
    const [{ t }] = (await h.admin.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [`${schema}.${DEFERRED_INDEX_TABLE}`])).rows;
    expect(t).toBeNull();
    await fourth.switchWhenCaughtUp(pointer, null);
    expect(await pointer.active()).toMatchObject({ schema });

    expect(await indexSet(schema)).toEqual(await indexSet(fresh));
    await live.waitFor(end, 20_000);
    await live.stop();
    await fourth.close();
    const tables = await compareReadModels(h.dataSource, h.readModelSchema, schema);
    expect(tables.filter((t) => !t.equal)).toEqual([]);
    expect(tables.find((t) => t.table === 'recurrence_index')?.rowsA).toBeGreaterThan(0);
  }, 60_000);
});

describe('rebuild options', () => {
  it('keeps every index during the load with deferIndexes: false', async () => {
    const schema = uniqueName('rmk');
    dropped.push(schema);
    const rebuild = await open({ url: testDatabaseUrl(), store: h.store, targetSchema: schema, deferIndexes: false });
    expect(await rebuild.indexes.pending()).toEqual([]);
    expect(await indexSet(schema)).toEqual(await indexSet(fresh));
    await rebuild.close();
  });

  it.each([0, 10_001, 2.5])('refuses a page size of %p with READ_MODEL_INVALID_ARGUMENT before touching the database', async (batchSize) => {
    const schema = uniqueName('rmx');
    const error = await ReadModelRebuild.open({ url: testDatabaseUrl(), store: h.store, targetSchema: schema, batchSize }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'READ_MODEL_INVALID_ARGUMENT', details: { field: 'batchSize' } });
    const [{ n }] = await h.dataSource.query(`SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = $1`, [schema]);
    expect(n).toBe(0);
  });
});
