import { randomUUID } from 'node:crypto';
import { EventStoreErrorCode } from '@rectify/event-store-core';
import { migrateEventStore, PostgresEventStore } from '@rectify/event-store-postgres';
import type { ChecklistItem, LedgerEntry, PriorSignOff } from '@rectify/ledger-domain';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { Role, type Principal } from '@rectify/tenancy';
import { Pool } from 'pg';
import { ManualClock } from './clock';
import type { CommandContext } from './command-executor';
import { LedgerCommandService, type PriorSignOffLookup } from './ledger-command.service';

const ITEMS: ChecklistItem[] = [
  { itemNo: 4, categoryNo: 2, categoryName: '政策落实', subAreaNo: 4, subAreaName: '教育帮扶', text: '域内所有家庭义务教育阶段适龄儿童是否全部上学。', responsibleUnits: ['市教育局'] },
  { itemNo: 5, categoryNo: 2, categoryName: '政策落实', subAreaNo: 4, subAreaName: '教育帮扶', text: '幼儿是否享受到低保生活补助600元/年。', responsibleUnits: ['市教育局'] },
];

function principal(userId: string, tenantPath: string, roles: Role[]): Principal {
  const code = tenantPath.slice(tenantPath.lastIndexOf('/') + 1);
  return { userId, username: userId, displayName: userId, tenantId: `tenant-${code}`, tenantPath, roles };
}

const city = principal('city-admin', '411000', [Role.TenantAdmin]);
const county = principal('county-admin', '411000/411081', [Role.TenantAdmin, Role.Reviewer]);
const inspector = principal('inspector', '411000/411081/411081005', [Role.Inspector]);
const reviewer = principal('reviewer', '411000/411081', [Role.Reviewer]);
const otherCounty = principal('stranger', '411000/411024', [Role.Reviewer, Role.Auditor]);

describe('LedgerCommandService', () => {
  const schema = uniqueName('app');
  const clock = new ManualClock('2023-07-25T02:00:00Z');
  const signOffs: PriorSignOff[] = [];
  const lookup: PriorSignOffLookup = { priorSignedOff: async () => signOffs };
  let admin: Pool;
  let store: PostgresEventStore;
  let service: LedgerCommandService;

  beforeAll(async () => {
    admin = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
    await migrateEventStore(admin, { schema });
    store = PostgresEventStore.connect({ connectionString: testDatabaseUrl(), schema });
    service = new LedgerCommandService(store, clock, lookup);
  });

  afterAll(async () => {
    await store.close();
    await dropSchema(admin, schema);
    await admin.end();
  });

  const ctx = (p: Principal, extra: Partial<CommandContext> = {}): CommandContext => ({
    principal: p,
    idempotencyKey: randomUUID(),
    correlationId: randomUUID(),
    ...extra,
  });

  async function issueCampaign(): Promise<{ campaignId: string; versionId: string }> {
    clock.set('2023-07-25T02:00:00Z');
    const versionId = `v-${randomUUID()}`;
    const campaignId = `c-${randomUUID()}`;
    await service.checklist({ type: 'DefineChecklistVersion', versionId, label: '许昌市排查清单', items: ITEMS }, ctx(city));
    await service.campaign(
      {
        type: 'IssueCampaign',
        campaignId,
        title: '关于开展巩固拓展脱贫攻坚成果排查整改专项行动的通知',
        docNumber: '许巩固脱贫组〔2023〕4号',
        issuedOn: '2023-07-25',
        issuingTenant: { id: city.tenantId, path: city.tenantPath },
        phases: [{ name: '全面排查', startDate: '2023-07-26', endDate: '2023-08-10' }],
        deadlines: { immediate: '2023-08-31', fixedTerm: '2023-10-31' },
        reportDueDate: '2023-09-05',
        checklistVersionId: versionId,
      },
      ctx(city),
    );
    return { campaignId, versionId };
  }

  it('answers a retried command with its first result and writes nothing twice', async () => {
    const versionId = `v-${randomUUID()}`;
    const context = ctx(city);
    const first = await service.checklist({ type: 'DefineChecklistVersion', versionId, items: ITEMS }, context);
    const retry = await service.checklist({ type: 'DefineChecklistVersion', versionId, items: ITEMS }, context);
    expect(first.replayed).toBe(false);
    expect(retry).toMatchObject({ replayed: true, version: first.version, position: first.position, eventCount: 1 });
    expect(await store.readStream(`checklist-${versionId}`)).toHaveLength(1);
  });

  it('refuses the same key with another fingerprint (a different request, not a retry) with EVENT_ID_CONFLICT', async () => {
    const versionId = `v-${randomUUID()}`;
    const key = randomUUID();
    const first = await service.checklist({ type: 'DefineChecklistVersion', versionId, items: ITEMS }, ctx(city, { idempotencyKey: key, fingerprint: 'aaaa' }));
    const events = await store.readStream(`checklist-${versionId}`);
    expect(events[0].metadata['commandFingerprint']).toBe('aaaa');
    // the same request again is a retry
    const retry = await service.checklist({ type: 'DefineChecklistVersion', versionId, items: ITEMS }, ctx(city, { idempotencyKey: key, fingerprint: 'aaaa' }));
    expect(retry).toMatchObject({ replayed: true, version: first.version });
    // another request under the same key is not
    await expect(
      service.checklist({ type: 'DefineChecklistVersion', versionId, items: ITEMS.slice(0, 1) }, ctx(city, { idempotencyKey: key, fingerprint: 'bbbb' })),
    ).rejects.toMatchObject({ code: EventStoreErrorCode.EventIdConflict });
    // a caller that sends no fingerprint (server-side use cases) keeps the plain replay
    const unmarked = await service.checklist({ type: 'DefineChecklistVersion', versionId, items: ITEMS }, ctx(city, { idempotencyKey: key }));
    expect(unmarked.replayed).toBe(true);
    expect(await store.readStream(`checklist-${versionId}`)).toHaveLength(1);
  });

  it('a key under an idempotency scope is one command whoever sends it; without a scope two users make two', async () => {
    const { campaignId } = await issueCampaign();
    clock.set('2023-08-02T02:00:00Z');
    const colleague = principal('inspector-2', inspector.tenantPath, [Role.Inspector]);
    const problem = { type: 'RecordProblem' as const, campaignId, villageCode: '411081005201', itemNo: 4, description: '1名适龄儿童辍学在家', foundBy: '王排查', foundAt: '2023-08-02T01:00:00Z' };
    const key = `import-${randomUUID()}`;

    const scoped = { idempotencyKey: key, idempotencyScope: `ledger-import:${campaignId}` };
    const first = await service.recordProblem(problem, ctx(inspector, scoped));
    const second = await service.recordProblem(problem, ctx(colleague, scoped));
    expect(second).toMatchObject({ entryId: first.entryId, replayed: true, version: first.version });
    expect(await store.readStream(`entry-${first.entryId}`)).toHaveLength(1);

    const mine = await service.recordProblem(problem, ctx(inspector, { idempotencyKey: key }));
    const theirs = await service.recordProblem(problem, ctx(colleague, { idempotencyKey: key }));
    expect(new Set([first.entryId, mine.entryId, theirs.entryId]).size).toBe(3);
    expect([mine.replayed, theirs.replayed]).toEqual([false, false]);
  });

  it('rejects a stale expected version with CONCURRENCY_CONFLICT and writes nothing', async () => {
    const { campaignId } = await issueCampaign();
    await expect(
      service.campaign({ type: 'CloseCampaign', campaignId } as never, ctx(city, { expectedVersion: 5 })),
    ).rejects.toMatchObject({ code: EventStoreErrorCode.ConcurrencyConflict });
    expect(await store.readStream(`campaign-${campaignId}`)).toHaveLength(1);
  });

  it('runs an entry through its lifecycle, with the ids and the tenant on every event', async () => {
    const { campaignId } = await issueCampaign();
    clock.set('2023-08-02T02:00:00Z');
    const recorded = await service.recordProblem(
      { type: 'RecordProblem', campaignId, villageCode: '411081005201', itemNo: 5, description: '3户脱贫户幼儿未享受低保生活补助', foundBy: '王排查', foundAt: '2023-08-02T01:00:00Z' },
      ctx(inspector),
    );
    const { entryId } = recorded;
    const at = (v: number): Partial<CommandContext> => ({ expectedVersion: v });
    let r = await service.entry(
      { type: 'PlanRectification', entryId, measures: '逐户核实并补发低保生活补助，建立动态监测台账', responsibleUnit: '市教体局', responsiblePerson: '李责任', deadline: { kind: 'immediate', date: '2023-08-31' } },
      ctx(inspector, at(recorded.version)),
    );
    r = await service.entry({ type: 'SubmitResult', entryId, result: '已向3户补发低保生活补助共1800元，附发放凭证', evidenceRefs: ['file-1'] }, ctx(inspector, at(r.version)));
    r = await service.entry({ type: 'RejectSignOff', entryId, reason: '凭证缺少签字，请补充' }, ctx(reviewer, at(r.version)));
    r = await service.entry({ type: 'SubmitResult', entryId, result: '已补充3户签字的发放凭证和银行流水', evidenceRefs: ['file-2'] }, ctx(inspector, at(r.version)));
    r = await service.entry({ type: 'ApproveSignOff', entryId }, ctx(reviewer, at(r.version)));
    expect((r.state as LedgerEntry).status).toBe('signed_off');

    const events = await store.readStream(`entry-${entryId}`);
    expect(events.map((e) => e.type)).toEqual([
      'ProblemRecorded',
      'RectificationPlanned',
      'ResultSubmitted',
      'SignOffRejected',
      'ResultSubmitted',
      'SignOffApproved',
    ]);
    for (const e of events) expect(e.metadata).toMatchObject({ tenantPath: inspector.tenantPath });
    expect(events[3].metadata.actor).toBe('reviewer');
  });

  it('answers NOT_FOUND, not FORBIDDEN, for another county’s entry: existence does not leak', async () => {
    const { campaignId } = await issueCampaign();
    clock.set('2023-08-02T02:00:00Z');
    const { entryId } = await service.recordProblem(
      { type: 'RecordProblem', campaignId, villageCode: '411081005201', itemNo: 4, description: '1名适龄儿童辍学未劝返', foundBy: '王排查', foundAt: '2023-08-02T01:00:00Z' },
      ctx(inspector),
    );
    const missing = await service.entry({ type: 'VoidEntry', entryId: `nope-${randomUUID()}`, reason: '误录' }, ctx(otherCounty)).catch((e: unknown) => e);
    const foreign = await service.entry({ type: 'VoidEntry', entryId, reason: '误录' }, ctx(otherCounty)).catch((e: unknown) => e);
    expect(foreign).toMatchObject({ code: 'NOT_FOUND', message: '未找到该记录，或无权访问' });
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: '未找到该记录，或无权访问' });
    expect(await store.readStream(`entry-${entryId}`)).toHaveLength(1);
  });

  it('forwards a campaign to a county: child campaign and checklist streams link to the parent; a retry duplicates nothing', async () => {
    const { campaignId, versionId } = await issueCampaign();
    clock.set('2023-07-27T02:00:00Z');
    const context = ctx(city);
    const input = {
      type: 'ForwardCampaign' as const,
      campaignId,
      childTenant: { id: county.tenantId, path: county.tenantPath },
      overlay: { changedItems: [], addedItems: [] },
      issuedOn: '2023-07-27',
      reportDueDate: '2023-08-25',
    };
    const forwarded = await service.forwardCampaign(input, context);
    const again = await service.forwardCampaign(input, context);
    expect(again.childCampaignId).toBe(forwarded.childCampaignId);
    const child = await store.readStream(`campaign-${forwarded.childCampaignId}`);
    expect(child).toHaveLength(1);
    expect(child[0]).toMatchObject({ type: 'CampaignReceived', metadata: { tenantPath: county.tenantPath } });
    expect(child[0].data).toMatchObject({ parentCampaignId: campaignId });
    const childChecklist = await store.readStream(`checklist-${forwarded.childChecklistVersionId}`);
    expect(childChecklist).toHaveLength(1);
    expect(childChecklist[0].data).toMatchObject({ parentVersionId: versionId });
    expect(await store.readStream(`campaign-${campaignId}`)).toHaveLength(2);
  });

  it('refuses a village check or a problem against an item that is not in the campaign’s checklist, writing nothing', async () => {
    const { campaignId } = await issueCampaign();
    clock.set('2023-08-02T02:00:00Z');
    const village = `4110810052${String(Math.floor(Math.random() * 90) + 10)}`;
    await expect(
      service.inspection({ type: 'RecordVillageCheck', campaignId, villageCode: village, itemNo: 99, outcome: { kind: 'no_problem' } }, ctx(inspector)),
    ).rejects.toMatchObject({ code: 'LEDGER_ITEM_NOT_IN_CHECKLIST' });
    await expect(
      service.recordProblem(
        { type: 'RecordProblem', campaignId, villageCode: village, itemNo: 99, description: '清单外的问题描述足够具体', foundBy: '王排查', foundAt: '2023-08-02T01:00:00Z' },
        ctx(inspector),
      ),
    ).rejects.toMatchObject({ code: 'LEDGER_ITEM_NOT_IN_CHECKLIST' });
    expect(await store.readStream(`inspection-${campaignId}-${village}`)).toEqual([]);
    await expect(
      service.inspection({ type: 'RecordVillageCheck', campaignId, villageCode: village, itemNo: 4, outcome: { kind: 'no_problem' } }, ctx(inspector)),
    ).resolves.toMatchObject({ eventCount: 1 });
  });

  it('lets exactly one of two concurrent reviewers decide an entry', async () => {
    const { campaignId } = await issueCampaign();
    clock.set('2023-08-02T02:00:00Z');
    const { entryId, version } = await service.recordProblem(
      { type: 'RecordProblem', campaignId, villageCode: '411081005202', itemNo: 4, description: '2名适龄儿童未入学，原因未核实', foundBy: '王排查', foundAt: '2023-08-02T01:00:00Z' },
      ctx(inspector),
    );
    const outcomes = await Promise.allSettled([
      service.entry({ type: 'VoidEntry', entryId, reason: '重复录入' }, ctx(reviewer, { expectedVersion: version })),
      service.entry({ type: 'VoidEntry', entryId, reason: '录入错误' }, ctx(county, { expectedVersion: version })),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: EventStoreErrorCode.ConcurrencyConflict });
  });
});
