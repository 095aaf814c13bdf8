import { streamIds } from '@rectify/ledger-domain';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { givenCampaignChain, type CampaignChain } from '../testing/campaign-chain';
import { CHUHE, planned, problemRecorded, signedOff, submitted, villageChecked } from '../testing/ledger-events';
import { ReadModelHarness, comparePgPositions } from '../testing/read-model-harness';
import { compareReadModels } from './compare-read-models';
import { ReadModelPointer, resolveActiveReadModelSchema } from './read-model-pointer';
import { ReadModelRebuild, dropReadModelSchema } from './read-model-rebuild';

let h: ReadModelHarness;
let target: string;
let control: string;
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
});

afterAll(async () => {
  appending = false;
  await writer.catch(() => undefined);
  for (const rebuild of opened) await rebuild.close();
  await dropSchema(h.admin, target);
  await dropSchema(h.admin, control);
  await h.close();
});

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
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
    let checkpoint = null;
    for (;;) {
      const page = await h.store.readAll({ after: checkpoint, maxCount: 5_000 });
      if (page.events.length === 0) break;
      checkpoint = page.checkpoint;
    }
    if (checkpoint === null) throw new Error('the store is empty');
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

    // The old schema stays until dropped explicitly; the active one cannot be dropped.
    await expect(dropReadModelSchema(h.dataSource, target, pointer)).rejects.toThrow('active read model');
  }, 45_000);
});

describe('rebuild options', () => {
  it.each([0, 10_001, 2.5])('refuses a page size of %p with READ_MODEL_INVALID_ARGUMENT before touching the database', async (batchSize) => {
    const schema = uniqueName('rmx');
    const error = await ReadModelRebuild.open({ url: testDatabaseUrl(), store: h.store, targetSchema: schema, batchSize }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'READ_MODEL_INVALID_ARGUMENT', details: { field: 'batchSize' } });
    const [{ n }] = await h.dataSource.query(`SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = $1`, [schema]);
    expect(n).toBe(0);
  });
});
