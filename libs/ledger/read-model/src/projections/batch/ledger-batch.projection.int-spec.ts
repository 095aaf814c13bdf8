import { randomUUID } from 'node:crypto';
import type { Position, RecordedEvent } from '@rectify/event-store-core';
import { streamIds, type DomainEvent, type TenantRef } from '@rectify/ledger-domain';
import { generateHistory } from '@rectify/seeds';
import { dropSchema, seededRandom, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import type { JsonValue } from '@rectify/shared-util';
import type { DataSource, EntityManager } from 'typeorm';
import { ReadModelError, ReadModelErrorCode } from '../../errors';
import { runReadModelMigrations } from '../../migrations';
import { createReadModelDataSource } from '../../read-model-data-source';
import { compareReadModels } from '../../rebuild/compare-read-models';
import { ProjectionBatchApplier } from '../../runner/projection-batch';
import { resetLedgerReadModel } from '../../runner/rebuild';
import { givenCampaignChain, type CampaignChain } from '../../testing/campaign-chain';
import {
  CHUHE,
  ITEMS,
  YUZHOU,
  checklistDefined,
  escalated,
  extensionApproved,
  planned,
  problemRecorded,
  rejected,
  signedOff,
  submitted,
  villageChecked,
  voided,
} from '../../testing/ledger-events';
import { ReadModelHarness } from '../../testing/read-model-harness';
import { LedgerProjection } from '../ledger.projection';
import type { Projection } from '../projection';
import { LedgerBatchProjection } from './ledger-batch.projection';

/**
 * Stands in for an event type another engineer adds to the per-event projection after the batch
 * path was written: it changes a ledger_entry row, so it only gives the same tables if the batch
 * path writes everything before it first, and re-reads the row after it.
 */
const NOTE_TYPE = 'TestEntryNoteAttached';

class ProbedLedgerProjection implements Projection {
  readonly name = 'ledger';
  private readonly inner = new LedgerProjection();

  async apply(manager: EntityManager, event: RecordedEvent): Promise<void> {
    if (event.type !== NOTE_TYPE) return this.inner.apply(manager, event);
    const data = event.data as { entryId: string; note: string };
    const schema = (manager.connection.driver as { schema?: string }).schema;
    await manager.query(`UPDATE ${schema}.ledger_entry SET description = $2 WHERE entry_id = $1`, [data.entryId, data.note]);
  }
}

let h: ReadModelHarness;
let batch: DataSource;
let batchSchema: string;
let events: RecordedEvent[] = [];

async function appendRaw(streamId: string, tenant: TenantRef, list: readonly { type: string; schemaVersion: number; data: JsonValue }[]): Promise<void> {
  await h.store.append(
    streamId,
    list.map((e) => ({ eventId: randomUUID(), ...e, metadata: { tenantId: tenant.id, tenantPath: tenant.path } })),
  );
}

async function appendGeneratedHistory(): Promise<void> {
  for (const append of generateHistory({ seed: 7, counties: 1, townshipsPerCounty: 2, villagesPerTownship: 5 })) {
    await h.store.append(
      append.streamId,
      append.events.map((e) => ({ eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, data: e.data as JsonValue, metadata: e.metadata })),
      { expected: append.expectedVersion },
    );
  }
}

const progress = (entryId: string, at: string): DomainEvent => ({ type: 'ProgressReported', schemaVersion: 1, data: { entryId, note: '已完成入户核查，正在补发', evidenceRefs: [], at, by: { userId: 'u1' } } });
const extensionRequested = (entryId: string, currentDueDate: string, requestedDate: string, at: string): DomainEvent => ({
  type: 'DeadlineExtensionRequested',
  schemaVersion: 1,
  data: { entryId, currentDueDate, requestedDate, reason: '需协调县级资金', at, by: { userId: 'u1' } },
});
const extensionRejected = (entryId: string, requestedDate: string, at: string): DomainEvent => ({
  type: 'DeadlineExtensionRejected',
  schemaVersion: 1,
  data: { entryId, requestedDate, reason: '理由不充分', at, by: { userId: 'u2' } },
});

/**
 * Hand-made lives the generator makes rarely or never: recorded and closed back to back, lives
 * interleaved so they straddle any chunk boundary, rejection and resubmission, extension requested,
 * rejected, requested again and approved, county then city escalation, voiding, a recurrence of a
 * signed-off entry (reopen), a re-check of a cell, an event type nobody knows, and the probe type.
 */
async function appendEdgeCases(c: CampaignChain): Promise<void> {
  const v = '411081005201';
  const e = (n: string): string => `${n}-${c.tag}`;
  const entry = (id: string, list: DomainEvent[]): Promise<unknown> => h.append(streamIds.entry(e(id)), CHUHE, list);
  // recorded and signed off in one append (same chunk for most chunkings)
  await entry('quick', [
    problemRecorded(e('quick'), c.township, CHUHE, v, 1, '低保户家中饮水设施损坏需要维修'),
    planned(e('quick'), '联系水利站上门维修饮水设施', { kind: 'immediate', date: '2023-08-20' }),
    submitted(e('quick'), '水利站已更换饮水设施并留存照片凭证', '2023-08-05T02:00:00Z'),
    signedOff(e('quick'), '2023-08-06T02:00:00Z'),
  ]);
  await h.append(streamIds.inspection(c.township, v), CHUHE, [villageChecked(c.township, v, 1, CHUHE, [e('quick')])]);
  // interleaved lives
  await entry('slow', [problemRecorded(e('slow'), c.township, CHUHE, v, 4, '适龄儿童入学情况台账不全')]);
  await entry('void', [problemRecorded(e('void'), c.township, CHUHE, v, 5, '幼儿补助发放名册重复录入')]);
  await h.append(streamIds.inspection(c.township, v), CHUHE, [villageChecked(c.township, v, 4, CHUHE, [e('slow')]), villageChecked(c.township, v, 5, CHUHE, [e('void')])]);
  await entry('slow', [planned(e('slow'), '逐户核对适龄儿童入学情况并补全台账', { kind: 'fixed_term', date: '2023-09-15' })]);
  await entry('void', [voided(e('void'), '2023-08-04T02:00:00Z')]);
  await entry('slow', [progress(e('slow'), '2023-08-10T02:00:00Z'), extensionRequested(e('slow'), '2023-09-15', '2023-09-30', '2023-09-10T02:00:00Z')]);
  await entry('slow', [extensionRejected(e('slow'), '2023-09-30', '2023-09-11T02:00:00Z'), extensionRequested(e('slow'), '2023-09-15', '2023-09-25', '2023-09-12T02:00:00Z')]);
  await entry('slow', [extensionApproved(e('slow'), '2023-09-15', '2023-09-25', '2023-09-13T02:00:00Z')]);
  await entry('slow', [escalated(e('slow'), 'county', YUZHOU, '2023-09-28T02:00:00Z'), escalated(e('slow'), 'city', { id: 'tenant-411000', path: '411000' }, '2023-10-05T02:00:00Z')]);
  await entry('slow', [submitted(e('slow'), '已逐户核对并补全全部适龄儿童入学台账', '2023-10-06T02:00:00Z'), rejected(e('slow'), '2023-10-07T02:00:00Z')]);
  await entry('slow', [submitted(e('slow'), '已逐户核对并补全全部适龄儿童入学台账，附学校证明', '2023-10-08T02:00:00Z'), signedOff(e('slow'), '2023-10-09T02:00:00Z')]);
  // the same cell found again after sign-off: a recurrence (屡改屡犯), and a re-check of the cell
  await entry('again', [
    problemRecorded(e('again'), c.township, CHUHE, v, 1, '饮水设施再次损坏未及时维修', '2023-10-10T02:00:00Z', [
      { entryId: e('quick'), campaignId: c.township, signedOffAt: '2023-08-06T02:00:00Z' },
    ]),
  ]);
  await h.append(streamIds.inspection(c.township, v), CHUHE, [villageChecked(c.township, v, 1, CHUHE, [e('again')], '2023-10-10T02:00:00Z')]);
  // the campaign's checklist revised between two problems of item 1 (a batched segment spans the
  // revision): the second one takes the revised version's sub-area, so the campaign must be read again
  const revised = `v-revised-${c.tag}`;
  await h.append(streamIds.checklist(revised), CHUHE, [checklistDefined(revised, CHUHE, ITEMS.map((i) => (i.itemNo === 1 ? { ...i, subAreaNo: 16, subAreaName: '修订后的责任落实分项' } : i)))]);
  await appendRaw(streamIds.campaign(c.township), CHUHE, [
    { type: 'CampaignChecklistRevised', schemaVersion: 1, data: { campaignId: c.township, previousVersionId: c.townshipVersion, checklistVersionId: revised, reason: '县级清单调整', at: '2023-10-10T03:00:00Z', by: { userId: 'u1' } } },
  ]);
  await entry('after-revision', [problemRecorded(e('after-revision'), c.township, CHUHE, '411081005202', 1, '修订清单后发现的责任落实问题', '2023-10-10T04:00:00Z')]);
  // a type nobody projects, between entry events
  await appendRaw(streamIds.campaign(c.township), CHUHE, [{ type: 'EscalationPolicySet', schemaVersion: 1, data: { campaignId: c.township, yellowDays: 3 } }]);
  // the probe: an entry recorded, changed by the per-event-only type, then changed again by batched events
  await entry('probe', [problemRecorded(e('probe'), c.township, CHUHE, v, 21, '集中供水点水质检测记录缺失')]);
  await appendRaw(streamIds.entry(e('probe')), CHUHE, [{ type: NOTE_TYPE, schemaVersion: 1, data: { entryId: e('probe'), note: '补充说明：涉及两个自然村' } }]);
  await entry('probe', [planned(e('probe'), '委托县疾控中心补测水质并建档', { kind: 'immediate', date: '2023-10-20' }, '2023-10-11T02:00:00Z')]);
}

/** Every event in the store. readAll holds events back behind any older transaction still open in the database (other suites'), so wait for all of them. */
async function readAllEvents(): Promise<RecordedEvent[]> {
  const [{ n }] = (await h.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${h.eventStoreSchema}.events`)).rows;
  const all: RecordedEvent[] = [];
  let after: Position | null = null;
  for (const deadline = Date.now() + 60_000; all.length < n; ) {
    if (Date.now() > deadline) throw new Error(`read ${all.length} of ${n} events`);
    const page = await h.store.readAll({ after, maxCount: 5_000 });
    if (page.events.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    all.push(...page.events);
    after = page.checkpoint;
  }
  return all;
}

/** Applies `list` in chunks of `sizes()` events, each with its checkpoint, as the runner does. */
async function projectInChunks(ds: DataSource, projection: Projection, list: readonly RecordedEvent[], size: () => number): Promise<number> {
  const applier = new ProjectionBatchApplier(ds, projection);
  let position = await applier.readCheckpoint();
  let chunks = 0;
  for (let i = 0; i < list.length; ) {
    const chunk = list.slice(i, i + size());
    position = await applier.apply(chunk, position);
    i += chunk.length;
    chunks += 1;
  }
  return chunks;
}

async function expectEqualToPerEvent(): Promise<void> {
  const tables = await compareReadModels(h.dataSource, h.readModelSchema, batchSchema);
  expect(tables.map((t) => t.table)).toEqual(
    expect.arrayContaining(['ledger_entry', 'rollup_counter', 'recurrence_index', 'inspection_check', 'campaign', 'campaign_forward', 'checklist_item', 'projection_checkpoint']),
  );
  expect(tables.filter((t) => !t.equal)).toEqual([]);
}

beforeAll(async () => {
  h = await ReadModelHarness.create();
  batchSchema = uniqueName('rmb');
  batch = createReadModelDataSource({ url: testDatabaseUrl(), schema: batchSchema, poolSize: 3 });
  await batch.initialize();
  await runReadModelMigrations(batch);
  await appendGeneratedHistory();
  const c = await givenCampaignChain(h);
  await appendEdgeCases(c);
  events = await readAllEvents();
  // The reference: the per-event projection, 100 events per transaction.
  await projectInChunks(h.dataSource, new ProbedLedgerProjection(), events, () => 100);
}, 120_000);

afterAll(async () => {
  await batch.destroy();
  await dropSchema(h.admin, batchSchema);
  await h.close();
});

describe('LedgerBatchProjection: the same tables as the per-event LedgerProjection', () => {
  it('has a history worth comparing', async () => {
    const types = new Set(events.map((e) => e.type));
    for (const type of ['VillageItemChecked', 'ProblemRecorded', 'RectificationPlanned', 'ProgressReported', 'ResultSubmitted', 'SignOffApproved', 'SignOffRejected', 'DeadlineExtensionRequested', 'DeadlineExtensionApproved', 'DeadlineExtensionRejected', 'EntryEscalated', 'EntryVoided', 'CampaignReceived', 'ChecklistVersionDefined', 'CampaignChecklistRevised', 'EscalationPolicySet', NOTE_TYPE]) {
      expect([type, types.has(type)]).toEqual([type, true]);
    }
    expect(events.length).toBeGreaterThan(1_000);
    const [{ n }] = await h.dataSource.query(`SELECT count(*)::int AS n FROM ${h.readModelSchema}.ledger_entry WHERE status = 'signed_off'`);
    expect(n).toBeGreaterThan(5);
    // the revision took effect in the reference: the problem recorded after it has the revised sub-area
    const areas: { sub_area_name: string }[] = await h.dataSource.query(`SELECT sub_area_name FROM ${h.readModelSchema}.ledger_entry WHERE entry_id LIKE 'after-revision-%'`);
    expect(areas).toEqual([{ sub_area_name: '修订后的责任落实分项' }]);
  });

  it.each([11, 23, 37])('random chunk sizes (seed %i) give every table equal to the per-event build', async (seed) => {
    await resetLedgerReadModel(batch);
    const random = seededRandom(seed);
    // Mostly small chunks (boundaries inside entry lives and township runs), some large ones.
    const chunks = await projectInChunks(batch, new LedgerBatchProjection('ledger', new ProbedLedgerProjection()), events, () =>
      random.next() < 0.95 ? 1 + random.int(20) : 50 + random.int(250),
    );
    expect(chunks).toBeGreaterThan(30);
    await expectEqualToPerEvent();
  });

  it('one chunk with everything gives the same tables', async () => {
    await resetLedgerReadModel(batch);
    await projectInChunks(batch, new LedgerBatchProjection('ledger', new ProbedLedgerProjection()), events, () => events.length);
    await expectEqualToPerEvent();
  });

  it('re-applying events already projected changes nothing, as per event', async () => {
    await resetLedgerReadModel(batch);
    const projection = new LedgerBatchProjection('ledger', new ProbedLedgerProjection());
    await projectInChunks(batch, projection, events, () => 250);
    // A window straddling entry lives, inspection runs and campaign events, applied a second time.
    const from = Math.floor(events.length / 3);
    await batch.transaction((manager) => projection.applyMany(manager, events.slice(from, from + 400)));
    await batch.transaction((manager) => projection.applyMany(manager, events.slice(events.length - 60)));
    await expectEqualToPerEvent();
  });

  it('without the fallback probe the note is lost: the comparison can fail', async () => {
    await resetLedgerReadModel(batch);
    await projectInChunks(batch, new LedgerBatchProjection('ledger'), events, () => events.length);
    const tables = await compareReadModels(h.dataSource, h.readModelSchema, batchSchema);
    expect(tables.filter((t) => !t.equal).map((t) => t.table)).toEqual(['ledger_entry']);
  });
});

describe('LedgerBatchProjection: failures roll the whole page back', () => {
  const tenant = { tenantId: CHUHE.id, tenantPath: CHUHE.path };
  let seq = 0;
  function recorded(event: DomainEvent, streamId: string, streamVersion: number, schemaVersion = event.schemaVersion): RecordedEvent {
    seq += 1;
    return {
      eventId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
      streamId,
      streamVersion,
      type: event.type,
      schemaVersion,
      data: event.data as JsonValue,
      metadata: tenant,
      recordedAt: new Date('2023-08-02T02:00:00Z'),
      position: `fake-${seq}` as Position,
    };
  }

  async function countRows(table: string): Promise<number> {
    const [{ n }] = await batch.query(`SELECT count(*)::int AS n FROM ${batchSchema}.${table}`);
    return n;
  }

  it('an entry event before its ProblemRecorded fails with READ_MODEL_UNSUPPORTED_EVENT and writes nothing', async () => {
    await resetLedgerReadModel(batch);
    const applier = new ProjectionBatchApplier(batch, new LedgerBatchProjection());
    const page = [
      recorded(problemRecorded('fine-1', 'c-none', CHUHE, '411081005201', 1, '低保户家中饮水设施损坏需要维修'), 'entry-fine-1', 0),
      recorded(villageChecked('c-none', '411081005201', 1, CHUHE, ['fine-1']), 'inspection-c-none-411081005201', 0),
      recorded(planned('ghost', '联系水利站上门维修饮水设施', { kind: 'immediate', date: '2023-08-20' }), 'entry-ghost', 1),
    ];
    const error = await applier.apply(page, null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReadModelError);
    expect((error as ReadModelError).code).toBe(ReadModelErrorCode.UnsupportedEvent);
    expect((error as ReadModelError).details).toMatchObject({ entryId: 'ghost' });
    expect(await countRows('ledger_entry')).toBe(0);
    expect(await countRows('inspection_check')).toBe(0);
    expect(await countRows('rollup_counter')).toBe(0);
    expect(await applier.readCheckpoint()).toBeNull();
  });

  it('a schema version the handlers do not know goes to the per-event path and fails there, after nothing was written', async () => {
    await resetLedgerReadModel(batch);
    const applier = new ProjectionBatchApplier(batch, new LedgerBatchProjection());
    const page = [
      recorded(problemRecorded('fine-2', 'c-none', CHUHE, '411081005201', 1, '低保户家中饮水设施损坏需要维修'), 'entry-fine-2', 0),
      recorded(problemRecorded('future', 'c-none', CHUHE, '411081005201', 4, '适龄儿童入学情况台账不全'), 'entry-future', 0, 2),
    ];
    const error = await applier.apply(page, null).catch((e: unknown) => e);
    expect((error as ReadModelError).code).toBe(ReadModelErrorCode.UnsupportedEvent);
    expect((error as ReadModelError).details).toMatchObject({ type: 'ProblemRecorded', schemaVersion: 2 });
    expect(await countRows('ledger_entry')).toBe(0);
    expect(await applier.readCheckpoint()).toBeNull();
  });

  it('a page that applies moves the checkpoint with its rows', async () => {
    await resetLedgerReadModel(batch);
    const applier = new ProjectionBatchApplier(batch, new LedgerBatchProjection());
    const page = [recorded(problemRecorded('fine-3', 'c-none', CHUHE, '411081005201', 1, '低保户家中饮水设施损坏需要维修'), 'entry-fine-3', 0)];
    const position = await applier.apply(page, null);
    expect(await applier.readCheckpoint()).toBe(position);
    expect(await countRows('ledger_entry')).toBe(1);
    // A campaign the read model does not know: the entry falls back to its own campaign as root, as per event.
    const [row] = await batch.query(`SELECT root_campaign_id, checklist_version_id FROM ${batchSchema}.ledger_entry`);
    expect(row).toEqual({ root_campaign_id: 'c-none', checklist_version_id: null });
  });
});
