import { randomUUID } from 'node:crypto';
import { Role } from '@rectify/tenancy';
import { xuchangCampaign, xuchangChecklist, xuchangToYuzhouDifferences, yuzhouChecklist, yuzhouForward } from '@rectify/seeds';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { xuchangIssueInput } from './campaign-fixtures';
import { startApi, type GraphqlResponse, type RunningApi } from './api-harness';

const CHUHE = '411081005';
const VILLAGE_A = '411081005001';
const VILLAGE_B = '411081005002';
const YUZHOU_PATH = '411000/411081';
const CHUHE_PATH = `${YUZHOU_PATH}/${CHUHE}`;
const NOT_FOUND = { code: 'NOT_FOUND', message: '未找到该记录，或无权访问' };

const key = (): string => randomUUID();

function firstError(res: GraphqlResponse): { code: string | undefined; message: string | undefined } {
  return { code: res.errors?.[0]?.extensions?.code, message: res.errors?.[0]?.message };
}

function data<T>(res: GraphqlResponse<T>): T {
  if (res.errors || !res.data) throw new Error(JSON.stringify(res.errors ?? res));
  return res.data;
}

const ROLLUP = `query($campaignId: ID!, $asOf: String!, $tenantPath: String) {
  rollup(campaignId: $campaignId, asOf: $asOf, tenantPath: $tenantPath) { tenantPath total open closed overdue closureRate byStatus { name count } }
}`;

const PAYLOAD = 'version position replayed projected';

describe('the 许昌市 campaign over HTTP (GraphQL)', () => {
  let api: RunningApi;
  let city: string;
  let yuzhou: string;
  let inspector: string;
  let yanling: string;
  let cityAuditor: string;
  let campaignId = '';
  let yuzhouCampaignId = '';
  const entries: { id: string; version: number }[] = [];

  beforeAll(async () => {
    api = await startApi('2023-07-25T02:00:00Z');
    await api.createUser('xc.reviewer', '411000', [Role.Reviewer], '许昌市审核人');
    await api.createUser('xc.auditor', '411000', [Role.Auditor], '许昌市审计');
    await api.createUser('yz.reviewer', '411081', [Role.Reviewer], '禹州市审核人');
    await api.createUser('ch.inspector', CHUHE, [Role.Inspector], '褚河排查员');
    await api.createUser('yl.reviewer', '411024', [Role.Reviewer, Role.Auditor, Role.Inspector], '鄢陵县审核人');
    [city, yuzhou, inspector, yanling, cityAuditor] = await Promise.all(
      ['xc.reviewer', 'yz.reviewer', 'ch.inspector', 'yl.reviewer', 'xc.auditor'].map((u) => api.login(u)),
    );
  }, 60_000);

  afterAll(async () => {
    await api?.close();
  });

  async function rollups(asOf: string): Promise<Record<'township' | 'county' | 'city', { total: number; open: number; closed: number; overdue: number }>> {
    const at = async (tenantPath: string) => {
      const r = data(await api.gql<{ rollup: { total: number; open: number; closed: number; overdue: number } }>(ROLLUP, { campaignId, asOf, tenantPath }, city)).rollup;
      return { total: r.total, open: r.open, closed: r.closed, overdue: r.overdue };
    };
    return { township: await at(CHUHE_PATH), county: await at(YUZHOU_PATH), city: await at('411000') };
  }

  async function entryCommand(mutation: string, input: Record<string, unknown>, token: string): Promise<GraphqlResponse<Record<string, { version: number; projected: boolean }>>> {
    return api.gql(`mutation($input: ${input['__type']}!) { ${mutation}(input: $input) { ${PAYLOAD} } }`, { input: { ...input, __type: undefined } }, token);
  }

  it('许昌市 issues the campaign with its 72 items', async () => {
    const items = xuchangChecklist.map((i) => ({ ...i, responsibleUnits: [...i.responsibleUnits] }));
    expect(items).toHaveLength(72);
    const defined = data(
      await api.gql<{ defineChecklistVersion: { versionId: string; version: number } }>(
        `mutation($input: DefineChecklistVersionInput!) { defineChecklistVersion(input: $input) { versionId ${PAYLOAD} } }`,
        { input: { idempotencyKey: key(), label: xuchangCampaign.checklistTitle, items } },
        city,
      ),
    ).defineChecklistVersion;
    const issued = data(
      await api.gql<{ issueCampaign: { campaignId: string; version: number; projected: boolean } }>(
        `mutation($input: IssueCampaignInput!) { issueCampaign(input: $input) { campaignId ${PAYLOAD} } }`,
        { input: xuchangIssueInput(defined.versionId, key()) },
        city,
      ),
    ).issueCampaign;
    expect(issued).toMatchObject({ version: 0, projected: true });
    campaignId = issued.campaignId;
    const campaign = data(await api.gql<{ campaign: { docNumber: string; reportDueDate: string } }>(`query($id: ID!) { campaign(id: $id) { docNumber reportDueDate } }`, { id: campaignId }, city)).campaign;
    expect(campaign).toEqual({ docNumber: '许巩固脱贫组〔2023〕4号', reportDueDate: '2023-09-05' });
  });

  it('禹州市 forwards it with its own units and an earlier report date; the lineage links both', async () => {
    api.setClock('2023-07-27T02:00:00Z');
    const byNo = new Map(yuzhouChecklist.map((i) => [i.itemNo, i]));
    const changedItems = xuchangToYuzhouDifferences.map((d) => ({
      itemNo: d.itemNo,
      ...(d.textChanged ? { text: d.forwardedText } : {}),
      ...(d.unitsChanged ? { responsibleUnits: byNo.get(d.itemNo)?.responsibleUnits ?? [] } : {}),
    }));
    const forwarded = await api.gql<{ forwardCampaign: { childCampaignId: string; projected: boolean } }>(
      `mutation($input: ForwardCampaignInput!) { forwardCampaign(input: $input) { childCampaignId childChecklistVersionId ${PAYLOAD} } }`,
      {
        input: {
          idempotencyKey: key(),
          waitForProjection: true,
          campaignId,
          childTenantCode: '411081',
          overlay: { changedItems, addedItems: [] },
          title: yuzhouForward.title,
          docNumber: null,
          issuedOn: yuzhouForward.forwardedOn,
          reportDueDate: yuzhouForward.reporting.by,
        },
      },
      city,
    );
    yuzhouCampaignId = data(forwarded).forwardCampaign.childCampaignId;
    expect(yuzhouForward.reporting.by < xuchangCampaign.reporting.by).toBe(true);

    const later = await api.gql(
      `mutation($input: ForwardCampaignInput!) { forwardCampaign(input: $input) { childCampaignId } }`,
      { input: { idempotencyKey: key(), campaignId, childTenantCode: '411082', issuedOn: '2023-07-27', reportDueDate: '2023-09-06' } },
      city,
    );
    expect(firstError(later).code).toBe('LEDGER_FORWARD_DATE_AFTER_PARENT');

    const seen = data(
      await api.gql<{ campaign: { reportDueDate: string; parent: { id: string }; lineage: { id: string }[] } }>(
        `query($id: ID!) { campaign(id: $id) { reportDueDate origin parent { id docNumber } lineage { id tenantPath } } }`,
        { id: yuzhouCampaignId },
        inspector,
      ),
    ).campaign;
    expect(seen.reportDueDate).toBe('2023-08-25');
    expect(seen.parent.id).toBe(campaignId);
    expect(seen.lineage.map((c) => c.id)).toEqual([campaignId, yuzhouCampaignId]);
  });

  it('褚河街道 records inspections and problems; the roll-ups count them at every level', async () => {
    api.setClock('2023-08-01T02:00:00Z');
    const check = (villageCode: string, itemNo: number, outcome: string, entryIds?: string[]) =>
      api.gql(
        `mutation($input: RecordVillageCheckInput!) { recordVillageCheck(input: $input) { ${PAYLOAD} } }`,
        { input: { idempotencyKey: key(), campaignId: yuzhouCampaignId, villageCode, itemNo, outcome, ...(entryIds ? { entryIds } : {}) } },
        inspector,
      );
    data(await check(VILLAGE_A, 1, 'NO_PROBLEM'));
    data(await check(VILLAGE_B, 1, 'NO_PROBLEM'));

    const problems = [
      { villageCode: VILLAGE_A, itemNo: 5, description: '该村2名在园幼儿未享受生活费补助' },
      { villageCode: VILLAGE_B, itemNo: 12, description: '该村1户脱贫户安全饮水水质检测报告缺失' },
    ];
    for (const p of problems) {
      const recorded = data(
        await api.gql<{ recordProblem: { entryId: string; version: number } }>(
          `mutation($input: RecordProblemInput!) { recordProblem(input: $input) { entryId ${PAYLOAD} } }`,
          { input: { idempotencyKey: key(), campaignId: yuzhouCampaignId, ...p, foundBy: '张三', foundAt: '2023-08-01T01:00:00Z' } },
          inspector,
        ),
      ).recordProblem;
      entries.push({ id: recorded.entryId, version: recorded.version });
      data(await check(p.villageCode, p.itemNo, 'PROBLEMS_FOUND', [recorded.entryId]));
    }
    const last = await check(VILLAGE_A, 2, 'NO_PROBLEM');
    expect(data(last)).toBeDefined();
    const waited = await api.gql<{ recordVillageCheck: { projected: boolean } }>(
      `mutation($input: RecordVillageCheckInput!) { recordVillageCheck(input: $input) { ${PAYLOAD} } }`,
      { input: { idempotencyKey: key(), campaignId: yuzhouCampaignId, villageCode: VILLAGE_B, itemNo: 2, outcome: 'NO_PROBLEM' } },
      inspector,
      { 'x-wait-for-projection': 'true' },
    );
    expect(data(waited).recordVillageCheck.projected).toBe(true);

    const coverage = data(await api.gql<{ coverage: { items: number; checked: number } }>(`query($id: ID!) { coverage(campaignId: $id, uncheckedLimit: 3) { villages items cells checked unchecked uncheckedCells { villageCode itemNo } } }`, { id: yuzhouCampaignId }, yuzhou)).coverage;
    expect(coverage.items).toBe(72);
    expect(coverage.checked).toBe(6);

    expect(await rollups('2023-08-01')).toEqual({
      township: { total: 2, open: 2, closed: 0, overdue: 0 },
      county: { total: 2, open: 2, closed: 0, overdue: 0 },
      city: { total: 2, open: 2, closed: 0, overdue: 0 },
    });

    const page = data(
      await api.gql<{ ledgerEntries: { edges: { node: { id: string; campaign: { id: string; parent: { id: string } } } }[] } }>(
        `{ ledgerEntries(first: 10, sort: { field: ITEM_NO, direction: ASC }) { edges { cursor node { id itemNo status campaign { id parent { id } } } } pageInfo { hasNextPage endCursor } } }`,
        {},
        cityAuditor,
      ),
    ).ledgerEntries;
    expect(page.edges.map((e) => e.node.id)).toEqual(entries.map((e) => e.id));
    expect(page.edges[0].node.campaign).toEqual({ id: yuzhouCampaignId, parent: { id: campaignId } });
  });

  it('the problems are planned, rectified, rejected once and signed off; roll-ups follow every step', async () => {
    api.setClock('2023-08-05T02:00:00Z');
    const [a, b] = entries;
    const run = async (mutation: string, type: string, input: Record<string, unknown>, token: string, entry: { version: number }) => {
      const res = await entryCommand(mutation, { __type: type, idempotencyKey: key(), expectedVersion: entry.version, waitForProjection: true, ...input }, token);
      const payload = data(res)[mutation];
      expect(payload.projected).toBe(true);
      entry.version = payload.version;
    };
    for (const [entry, measures] of [
      [a, '核实2名幼儿在园信息，补发2023年春季学期生活费补助并张榜公示'],
      [b, '委托县疾控中心对该户饮用水采样检测，补齐检测报告并建档'],
    ] as const) {
      await run(
        'planRectification',
        'PlanRectificationInput',
        { entryId: entry.id, measures, responsibleUnit: '褚河街道教育办', responsiblePerson: '李四', deadline: { kind: 'IMMEDIATE', date: '2023-08-31' } },
        inspector,
        entry,
      );
    }
    await run('reportProgress', 'ReportProgressInput', { entryId: a.id, note: '已核实幼儿名单，正在办理补发手续', evidenceRefs: [] }, inspector, a);

    const bare = await entryCommand('submitResult', { __type: 'SubmitResultInput', idempotencyKey: key(), entryId: a.id, result: '已整改', evidenceRefs: ['photo-1'] }, inspector);
    expect(firstError(bare).code).toBe('LEDGER_RESULT_NOT_SPECIFIC');

    await run('submitResult', 'SubmitResultInput', { entryId: a.id, result: '已为2名幼儿补发生活费补助共600元，并在村务公开栏公示', evidenceRefs: ['file-a-1'] }, inspector, a);
    expect((await rollups('2023-08-05')).township).toEqual({ total: 2, open: 2, closed: 0, overdue: 0 });

    await run('rejectSignOff', 'EntryReasonInput', { entryId: a.id, reason: '缺少补助发放签收单' }, yuzhou, a);
    await run('submitResult', 'SubmitResultInput', { entryId: a.id, result: '已为2名幼儿补发生活费补助共600元，附家长签收单', evidenceRefs: ['file-a-1', 'file-a-2'] }, inspector, a);
    await run('approveSignOff', 'EntryCommentInput', { entryId: a.id, comment: '材料齐全，同意销号' }, yuzhou, a);
    expect(await rollups('2023-08-05')).toEqual({
      township: { total: 2, open: 1, closed: 1, overdue: 0 },
      county: { total: 2, open: 1, closed: 1, overdue: 0 },
      city: { total: 2, open: 1, closed: 1, overdue: 0 },
    });
    // An entry still open after its due date counts as overdue at every level.
    expect((await rollups('2023-09-01')).city).toEqual({ total: 2, open: 1, closed: 1, overdue: 1 });

    await run('submitResult', 'SubmitResultInput', { entryId: b.id, result: '县疾控中心检测报告显示水质合格，报告已归档', evidenceRefs: ['file-b-1'] }, inspector, b);
    const stale = await entryCommand('approveSignOff', { __type: 'EntryCommentInput', idempotencyKey: key(), entryId: b.id, expectedVersion: b.version - 1 }, yuzhou);
    expect(firstError(stale).code).toBe('CONCURRENCY_CONFLICT');
    const own = await entryCommand('approveSignOff', { __type: 'EntryCommentInput', idempotencyKey: key(), entryId: b.id }, inspector);
    expect(firstError(own)).toEqual({ code: 'FORBIDDEN', message: '当前角色无权执行此操作' });
    await run('approveSignOff', 'EntryCommentInput', { entryId: b.id }, city, b);

    expect(await rollups('2023-09-01')).toEqual({
      township: { total: 2, open: 0, closed: 2, overdue: 0 },
      county: { total: 2, open: 0, closed: 2, overdue: 0 },
      city: { total: 2, open: 0, closed: 2, overdue: 0 },
    });
    const signed = data(await api.gql<{ ledgerEntry: { status: string; signedOff: boolean } }>(`query($id: ID!) { ledgerEntry(id: $id) { status signedOff } }`, { id: a.id }, yuzhou)).ledgerEntry;
    expect(signed).toEqual({ status: 'signed_off', signedOff: true });
  });

  describe('a user of 鄢陵县 (411024) against 禹州市 data', () => {
    it('gets NOT_FOUND for a real id exactly as for a missing one, on queries and mutations', async () => {
      const [a] = entries;
      const missing = `nope-${randomUUID()}`;
      const q = `query($id: ID!) { ledgerEntry(id: $id) { id description } }`;
      expect(firstError(await api.gql(q, { id: a.id }, yanling))).toEqual(NOT_FOUND);
      expect(firstError(await api.gql(q, { id: missing }, yanling))).toEqual(NOT_FOUND);

      const c = `query($id: ID!) { campaign(id: $id) { id title } }`;
      expect(firstError(await api.gql(c, { id: yuzhouCampaignId }, yanling))).toEqual(NOT_FOUND);
      expect(firstError(await api.gql(c, { id: missing }, yanling))).toEqual(NOT_FOUND);

      for (const id of [a.id, missing]) {
        const voided = await entryCommand('voidEntry', { __type: 'EntryReasonInput', idempotencyKey: key(), entryId: id, reason: '误录' }, yanling);
        expect(firstError(voided)).toEqual(NOT_FOUND);
        const reopened = await entryCommand('rejectSignOff', { __type: 'EntryReasonInput', idempotencyKey: key(), entryId: id, reason: '退回' }, yanling);
        expect(firstError(reopened)).toEqual(NOT_FOUND);
      }
      const foreignVillage = await api.gql(
        `mutation($input: RecordProblemInput!) { recordProblem(input: $input) { entryId } }`,
        { input: { idempotencyKey: key(), campaignId: yuzhouCampaignId, villageCode: VILLAGE_A, itemNo: 3, description: '测试', foundBy: '王五', foundAt: '2023-08-01T01:00:00Z' } },
        yanling,
      );
      expect(firstError(foreignVillage)).toEqual(NOT_FOUND);
      const forward = await api.gql(
        `mutation($input: ForwardCampaignInput!) { forwardCampaign(input: $input) { childCampaignId } }`,
        { input: { idempotencyKey: key(), campaignId: yuzhouCampaignId, childTenantCode: CHUHE, issuedOn: '2023-08-02', reportDueDate: '2023-08-20' } },
        yanling,
      );
      expect(firstError(forward)).toEqual(NOT_FOUND);
    });

    it('sees nothing through filters, nested fields, roll-ups or another user\'s cursor', async () => {
      const list = `query($filter: LedgerEntryFilterInput, $after: String) { ledgerEntries(first: 1, filter: $filter, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
      for (const filter of [{}, { townshipCode: CHUHE }, { campaignId: yuzhouCampaignId }, { villageCode: VILLAGE_A }, { text: '幼儿' }]) {
        expect(data(await api.gql<{ ledgerEntries: { edges: unknown[] } }>(list, { filter }, yanling)).ledgerEntries.edges).toEqual([]);
      }
      const yuzhouPage = data(await api.gql<{ ledgerEntries: { pageInfo: { endCursor: string; hasNextPage: boolean } } }>(list, {}, yuzhou)).ledgerEntries;
      expect(yuzhouPage.pageInfo.hasNextPage).toBe(true);
      const borrowed = await api.gql<{ ledgerEntries: { edges: unknown[] } }>(list, { after: yuzhouPage.pageInfo.endCursor }, yanling);
      expect(data(borrowed).ledgerEntries.edges).toEqual([]);

      const cityCampaign = data(
        await api.gql<{ campaign: { forwards: unknown[]; lineage: { id: string }[] } }>(`query($id: ID!) { campaign(id: $id) { id forwards { childCampaignId } lineage { id } } }`, { id: campaignId }, yanling),
      ).campaign;
      expect(cityCampaign.forwards).toEqual([]);
      expect(data(await api.gql<{ campaigns: unknown[] }>(`{ campaigns { id } }`, {}, yanling)).campaigns).toEqual([]);

      expect(firstError(await api.gql(ROLLUP, { campaignId, asOf: '2023-09-01', tenantPath: YUZHOU_PATH }, yanling))).toEqual(NOT_FOUND);
      expect(firstError(await api.gql(ROLLUP, { campaignId, asOf: '2023-09-01', tenantPath: '411000/411099' }, yanling))).toEqual(NOT_FOUND);
      const own = data(await api.gql<{ rollup: { total: number } }>(ROLLUP, { campaignId, asOf: '2023-09-01' }, yanling)).rollup;
      expect(own.total).toBe(0);
      expect(firstError(await api.gql(`query($id: ID!) { coverage(campaignId: $id) { checked } }`, { id: yuzhouCampaignId }, yanling))).toEqual(NOT_FOUND);
    });

    it('receives no subscription events for 禹州市 entries, while 禹州市 does', async () => {
      const collect = (token: string): { client: Client; events: { entryId: string; eventType: string }[]; ready: Promise<void> } => {
        const events: { entryId: string; eventType: string }[] = [];
        const client = createClient({ url: api.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, lazy: false });
        const ready = new Promise<void>((resolve) => client.on('connected', () => resolve()));
        client.subscribe<{ ledgerEntryChanged: { entryId: string; eventType: string } }>(
          { query: 'subscription { ledgerEntryChanged { entryId eventType tenantPath } }' },
          { next: (m) => m.data && events.push(m.data.ledgerEntryChanged), error: () => undefined, complete: () => undefined },
        );
        return { client, events, ready };
      };
      const watcher = collect(yuzhou);
      const stranger = collect(yanling);
      await Promise.all([watcher.ready, stranger.ready]);
      await new Promise((r) => setTimeout(r, 300));
      api.setClock('2023-08-06T02:00:00Z');
      const recorded = data(
        await api.gql<{ recordProblem: { entryId: string } }>(
          `mutation($input: RecordProblemInput!) { recordProblem(input: $input) { entryId } }`,
          { input: { idempotencyKey: key(), campaignId: yuzhouCampaignId, villageCode: VILLAGE_A, itemNo: 30, description: '村内道路路灯损坏3处', foundBy: '张三', foundAt: '2023-08-06T01:00:00Z' } },
          inspector,
        ),
      ).recordProblem;
      const deadline = Date.now() + 5000;
      while (!watcher.events.some((e) => e.entryId === recorded.entryId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(watcher.events).toContainEqual(expect.objectContaining({ entryId: recorded.entryId, eventType: 'ProblemRecorded' }));
      expect(stranger.events).toEqual([]);

      const refused = createClient({ url: api.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authorization: 'Bearer forged.token.value' }, lazy: false, retryAttempts: 0 });
      const closeCode = await new Promise<number>((resolve) => refused.on('closed', (event) => resolve((event as { code: number }).code)));
      expect(closeCode).toBe(4403);
      await Promise.all([watcher.client.dispose(), stranger.client.dispose(), refused.dispose()]);
    });
  });

  describe('errors', () => {
    it('answers bad input with BAD_USER_INPUT and field details, never a 500', async () => {
      const res = await api.gql(
        `mutation($input: EntryReasonInput!) { voidEntry(input: $input) { version } }`,
        { input: { idempotencyKey: 'has space', entryId: entries[0].id, reason: '' } },
        yuzhou,
      );
      expect(res.status).toBe(200);
      expect(firstError(res).code).toBe('BAD_USER_INPUT');
      const fields = (res.errors?.[0]?.extensions?.details as { fields: { field: string }[] }).fields.map((f) => f.field).sort();
      expect(fields).toEqual(['idempotencyKey', 'reason']);

      const wrongType = await api.gql(`mutation($input: EntryReasonInput!) { voidEntry(input: $input) { version } }`, { input: { idempotencyKey: 'k', entryId: 5 } }, yuzhou);
      expect(wrongType.status).toBe(400);
      expect(firstError(wrongType).code).toBe('BAD_USER_INPUT');
    });

    it('refuses missing, forged and alg-none tokens with UNAUTHENTICATED', async () => {
      const [head, body] = city.split('.');
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ ...payload, roles: ['platform_admin'] })).toString('base64url')}.`;
      const forged = `${head}.${Buffer.from(JSON.stringify({ ...payload, tp: '411000', roles: ['platform_admin'] })).toString('base64url')}.${city.split('.')[2]}`;
      for (const token of [null, none, forged]) {
        expect(firstError(await api.gql(`{ me { userId } }`, {}, token)).code).toBe('UNAUTHENTICATED');
      }
      const wrong = await api.gql(`mutation { login(input: { username: "yz.reviewer", password: "Wrong#Password-1" }) { token } }`);
      expect(firstError(wrong)).toEqual({ code: 'UNAUTHENTICATED', message: '用户名或密码错误' });
    });

    it('enforces the depth and batch limits', async () => {
      const deep = await api.gql(`query($id: ID!) { campaign(id: $id) { parent { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } }`, { id: campaignId }, city);
      expect(firstError(deep).code).toBe('QUERY_TOO_DEEP');
      const batch = await api.post(Array.from({ length: 4 }, () => ({ query: '{ me { userId } }' })), city);
      expect(batch.status).toBe(400);
      const ok = await api.post(Array.from({ length: 2 }, () => ({ query: '{ me { userId } }' })), city);
      expect(Array.isArray(ok.json) && ok.json.length).toBe(2);
    });
  });
});
