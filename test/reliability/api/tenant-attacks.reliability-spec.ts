import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@rectify/tenancy';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { createClient } from 'graphql-ws';
import { sign } from 'jsonwebtoken';
import WebSocket from 'ws';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startWorker, type RunningWorker } from '../../e2e/worker-harness';
import {
  CHUHE,
  CHUHE_PATH,
  CHUHE_VILLAGES,
  SPECIFIC_PLAN,
  Tally,
  YANLING_PATH,
  YINGCHUAN_VILLAGE,
  YUZHOU,
  YUZHOU_PATH,
  auditAnswer,
  data,
  key,
  postGraphql,
  rawRequest,
  seedCounties,
  startHostileApi,
  type Fixture,
  type HostileApi,
} from './hostile-support';

/**
 * Part 6 of #8, tenant attacks: a valid token of 鄢陵县 (411024, every role but platform admin) —
 * and, for the township paths, one of 颍川街道 — tries every root field of the schema against
 * 禹州市's data (411081): ids, cursors (borrowed and forged), filters (paths, LIKE wildcards),
 * nested fields, subscriptions, report downloads, history/time travel, exports, the escalation
 * inbox and imports. Each answer must be NOT_FOUND (or FORBIDDEN for a role's limit), or a
 * result without one foreign row; each has a positive control (the owner sees the data), so the
 * check can fail. The schema's root fields are read by introspection, and a field with no case
 * here fails the suite.
 */

const JWT_SECRET = 'e2e-secret-that-is-long-enough-for-hs256-0123456789'; // the e2e harness's
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const OK_LEDGER = join(__dirname, '..', '..', '..', 'libs', 'reports', 'test', 'fixtures', 'ok', 'township-ledger.xlsx');
const DENIED = ['NOT_FOUND'];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('tenant attacks: 鄢陵县 against 禹州市', () => {
  let api: HostileApi;
  let worker: RunningWorker | undefined;
  let f: Fixture;
  let attacker: string;
  let sibling: string;
  let yuzhouChecklistVersionId = '';
  let reportId = '';
  let fileId = '';
  let importId = '';
  const storage = mkdtempSync(join(tmpdir(), 'rectify-rel-reports-'));
  const workerClock = join(storage, 'worker-clock');
  const tally = new Tally('tenant-attacks');
  const covered = new Set<string>();
  const figures = { attacks: 0, leaks: 0, refusedNotFound: 0, refusedForbidden: 0, emptyResults: 0 };

  const yuzhouEvents = async (): Promise<number> => {
    const { rows } = await api.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${api.schemas.EVENT_STORE_SCHEMA}.events WHERE tenant_path = $1 OR tenant_path LIKE $2`, [YUZHOU_PATH, `${YUZHOU_PATH}/%`]);
    return Number(rows[0].n);
  };

  /** Every answer is audited and must not contain one of 禹州市's ids. */
  async function gql(query: string, variables: Record<string, unknown>, token: string | null): Promise<{ codes: string[]; json: { data?: Record<string, unknown> | null }; text: string }> {
    const r = await postGraphql(api, { query, variables }, token);
    const verdict = tally.record(query.slice(0, 40), auditAnswer(r.status, r.text, Object.values(api.schemas)));
    expect(verdict.problems).toEqual([]);
    return { codes: verdict.codes, json: (r.json ?? {}) as { data?: Record<string, unknown> | null }, text: r.text };
  }

  function foreignIds(): string[] {
    return [...f.entries.map((e) => e.id), f.yuzhouCampaignId, yuzhouChecklistVersionId, reportId, fileId, importId].filter((id) => id !== '');
  }

  function leaked(text: string): string[] {
    return foreignIds().filter((id) => text.includes(id));
  }

  /**
   * The attacker's request must be refused with one of `codes`, or (when `empty` is given) answer
   * data that `empty` accepts; either way no foreign id may appear in it. `fields` are the root
   * fields this case covers.
   */
  async function attack(
    fields: string[],
    query: string,
    variables: Record<string, unknown>,
    expectation: { codes?: string[]; empty?: (data: Record<string, unknown>) => boolean },
    token: string | null = attacker,
  ): Promise<void> {
    const r = await gql(query, variables, token);
    figures.attacks++;
    const foreign = leaked(r.text);
    figures.leaks += foreign.length > 0 ? 1 : 0;
    expect({ fields, foreign }).toEqual({ fields, foreign: [] });
    if (r.codes.length > 0) {
      expect({ fields, code: r.codes[0] }).toEqual({ fields, code: expect.stringMatching(new RegExp(`^(${(expectation.codes ?? DENIED).join('|')})$`)) });
      if (r.codes[0] === 'NOT_FOUND') figures.refusedNotFound++;
      if (r.codes[0] === 'FORBIDDEN') figures.refusedForbidden++;
    } else {
      expect({ fields, acceptedAsEmpty: expectation.empty !== undefined && expectation.empty(r.json.data ?? {}) }).toEqual({ fields, acceptedAsEmpty: true });
      figures.emptyResults++;
    }
    for (const field of fields) covered.add(field);
  }

  /** The owner's view of the same thing: proves the attacked id or filter points at real data. */
  async function control<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
    const r = await gql(query, variables, token);
    expect(r.codes).toEqual([]);
    return r.json.data as T;
  }

  beforeAll(async () => {
    writeFileSync(workerClock, '2023-07-25T02:00:00Z');
    const shared = {
      REDIS_URL: process.env['REDIS_URL'] || 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `rel-${randomUUID().slice(0, 8)}`,
      REPORT_STORAGE_DIR: storage,
      JOB_BACKOFF_MS: '200',
    };
    api = await startHostileApi(shared);
    worker = await startWorker({ DATABASE_URL: api.databaseUrl, ...api.schemas, ...shared, WORKER_TEST_CLOCK_FILE: workerClock, ESCALATION_CRON: '0 0 3 1 1 *' });
    f = await seedCounties(api);
    attacker = f.tokens.yanling;
    sibling = f.tokens.yingchuan;

    // a checklist version 禹州市 defines itself, and (below) the one the city's forward derived for it
    yuzhouChecklistVersionId = data(
      await api.gql<{ defineChecklistVersion: { versionId: string } }>(
        `mutation($input: DefineChecklistVersionInput!) { defineChecklistVersion(input: $input) { versionId } }`,
        { input: { idempotencyKey: key(), label: '禹州市自定清单', items: [{ itemNo: 1, categoryNo: 1, categoryName: '类', subAreaNo: 1, subAreaName: '分项', text: '禹州市自定排查项目', responsibleUnits: ['市农业农村局'] }] } },
        f.tokens.yuzhou,
      ),
    ).defineChecklistVersion.versionId;
    // and a ledger report with a real file
    const requested = data(
      await api.gql<{ requestLedgerReport: { report: { id: string } } }>(
        `mutation($input: RequestLedgerReportInput!) { requestLedgerReport(input: $input) { report { id } } }`,
        { input: { campaignId: f.yuzhouCampaignId, idempotencyKey: key() } },
        f.tokens.yuzhou,
      ),
    ).requestLedgerReport;
    reportId = requested.report.id;
    const deadline = Date.now() + 60_000;
    while (fileId === '' && Date.now() < deadline) {
      const job = data(await api.gql<{ reportJob: { state: string; fileId: string | null } }>(`query($id: ID!) { reportJob(reportId: $id) { state fileId } }`, { id: reportId }, f.tokens.yuzhou)).reportJob;
      if (job.state === 'failed') throw new Error(`report job failed:\n${worker.output().slice(-3000)}`);
      if (job.fileId) fileId = job.fileId;
      else await sleep(250);
    }
    if (fileId === '') throw new Error(`no report file:\n${worker.output().slice(-3000)}`);

    // 褚河街道 imports its ledger into 禹州市's campaign
    const upload = await rawRequest(`${api.url}/imports/ledger?campaignId=${encodeURIComponent(f.yuzhouCampaignId)}&villageCode=${CHUHE_VILLAGES[0]}`, {
      headers: { authorization: `Bearer ${f.tokens.chuhe}`, 'content-type': XLSX },
      body: readFileSync(OK_LEDGER),
    });
    expect(upload.status).toBe(202);
    importId = (JSON.parse(upload.text) as { importId: string }).importId;

    // months later the planned entries are red: 禹州市 sweeps and its inbox fills
    api.setClock('2023-10-15T02:00:00Z');
    writeFileSync(workerClock, '2023-10-15T02:00:00Z');
    data(await api.gql(`mutation { requestEscalationSweep { jobId tenantPath } }`, {}, f.tokens.yuzhou));
    const inboxDeadline = Date.now() + 60_000;
    for (;;) {
      const inbox = data(await api.gql<{ escalationInbox: { nodes: unknown[] } }>(`{ escalationInbox(first: 50) { nodes { level entry { id } } } }`, {}, f.tokens.yuzhou)).escalationInbox;
      if (inbox.nodes.length > 0) break;
      if (Date.now() > inboxDeadline) throw new Error(`nothing was escalated to 禹州市:\n${worker.output().slice(-3000)}`);
      await sleep(300);
    }
  }, 300_000);

  afterAll(async () => {
    tally.publish(figures);
    await worker?.close();
    await api?.shutdown();
    rmSync(storage, { recursive: true, force: true });
  }, 60_000);

  it('ids of entries, campaigns, checklists, reports and imports: NOT_FOUND, exactly as for a missing id', async () => {
    const entryId = f.entries[0].id;
    await control(`query($id: ID!) { ledgerEntry(id: $id) { id } }`, { id: entryId }, f.tokens.yuzhou);
    for (const id of [entryId, `nope-${randomUUID()}`]) {
      await attack(['ledgerEntry'], `query($id: ID!) { ledgerEntry(id: $id) { id description } }`, { id }, {});
      await attack(['ledgerEntry'], `query($id: ID!) { ledgerEntry(id: $id) { id description } }`, { id }, {}, sibling);
    }
    await attack(['campaign'], `query($id: ID!) { campaign(id: $id) { id title } }`, { id: f.yuzhouCampaignId }, {});
    await control(`query($id: ID!) { escalationPolicy(campaignId: $id) { campaignId origin } }`, { id: f.yuzhouCampaignId }, f.tokens.yuzhou);
    await attack(['escalationPolicy'], `query($id: ID!) { escalationPolicy(campaignId: $id) { campaignId origin policy { escalateToCountyAfterRedDays } } }`, { id: f.yuzhouCampaignId }, {});
    await attack(['coverage'], `query($id: ID!) { coverage(campaignId: $id) { checked } }`, { id: f.yuzhouCampaignId }, {});
    await control(`query($id: ID!) { ledgerReport(reportId: $id) { id } }`, { id: reportId }, f.tokens.yuzhou);
    await attack(['ledgerReport'], `query($id: ID!) { ledgerReport(reportId: $id) { id files { fileId } } }`, { id: reportId }, {});
    await attack(['reportJob'], `query($id: ID!) { reportJob(reportId: $id) { jobId fileId state } }`, { id: reportId }, {});
    await attack(['reportsNotSubmitted'], `query($id: ID!) { reportsNotSubmitted(campaignId: $id) { tenantPath reportId } }`, { id: f.yuzhouCampaignId }, {});
    await attack(['reportsNotSubmitted'], `query($id: ID!) { reportsNotSubmitted(campaignId: $id) { tenantPath reportId } }`, { id: f.cityCampaignId }, { empty: (d) => (d['reportsNotSubmitted'] as unknown[]).length === 0 });
    const importQuery = `query($id: ID!) { importJob(id: $id) { importId state villageCode } }`;
    await control(importQuery, { id: importId }, f.tokens.chuhe);
    await attack(['importJob'], importQuery, { id: importId }, {});
    await attack(['importJob'], importQuery, { id: importId }, {}, sibling);
  });

  it('lists, filters, LIKE wildcards and tenant-path arguments return none of 禹州市 (own data only)', async () => {
    const list = `query($filter: LedgerEntryFilterInput) { ledgerEntries(first: 50, filter: $filter) { edges { node { id description } } } }`;
    const ids = (d: unknown): string[] => (d as { ledgerEntries: { edges: { node: { id: string } }[] } }).ledgerEntries.edges.map((e) => e.node.id);
    // positive controls: the owner's LIKE-special texts match literally, not as wildcards
    expect(ids(await control(list, { filter: { text: '%' } }, f.tokens.chuhe))).toEqual([f.entries[1].id]);
    expect(ids(await control(list, { filter: { text: '_' } }, f.tokens.chuhe))).toEqual([f.entries[2].id]);
    expect(ids(await control(list, { filter: { townshipCode: CHUHE } }, f.tokens.yuzhou)).length).toBeGreaterThanOrEqual(4);
    const none = (d: Record<string, unknown>): boolean => ids(d).length === 0;
    for (const filter of [{}, { text: '%' }, { text: '_' }, { text: '%_%' }, { text: '幼儿' }, { campaignId: f.yuzhouCampaignId }, { townshipCode: CHUHE }, { townshipCode: '41108100_' }, { townshipCode: '%' }, { villageCode: CHUHE_VILLAGES[0] }, { villageCode: '4110810050%' }, { itemNo: 5 }]) {
      await attack(['ledgerEntries'], list, { filter }, { codes: ['BAD_USER_INPUT'], empty: none });
    }
    // the sibling township sees its own entry and nothing of 褚河街道, wildcards or not
    for (const filter of [{ text: '%' }, { text: '_' }, { townshipCode: CHUHE }, { villageCode: CHUHE_VILLAGES[1] }, { villageCode: '41108100%' }]) {
      await attack(['ledgerEntries'], list, { filter }, { codes: ['BAD_USER_INPUT'], empty: none }, sibling);
    }
    expect(ids(await control(list, {}, sibling))).toEqual([f.yingchuanEntryId]);

    await attack(['campaigns'], `{ campaigns { id forwards { childCampaignId } } }`, {}, { empty: (d) => (d['campaigns'] as { id: string }[]).every((c) => c.id !== f.yuzhouCampaignId) });
    await attack(['accounts'], `{ accounts { username tenantPath } }`, {}, { empty: (d) => (d['accounts'] as { tenantPath: string }[]).every((a) => a.tenantPath.startsWith(YANLING_PATH)) });
    await attack(['me'], `{ me { tenantPath } }`, {}, { empty: (d) => (d['me'] as { tenantPath: string }).tenantPath === YANLING_PATH });
    await attack(['reports'], `query($f: ReportFilterInput) { reports(first: 50, filter: $f) { edges { node { id } } } }`, { f: { tenantPath: YUZHOU_PATH } }, { empty: (d) => (d['reports'] as { edges: unknown[] }).edges.length === 0 });
    await attack(['reports'], `{ reports(first: 50) { edges { node { id } } } }`, {}, { empty: (d) => (d['reports'] as { edges: unknown[] }).edges.length === 0 });
    await control(`query($f: ReportFilterInput) { reports(first: 50, filter: $f) { edges { node { id } } } }`, { f: { tenantPath: YUZHOU_PATH } }, f.tokens.yuzhou);

    const rollup = `query($c: ID!, $p: String) { rollup(campaignId: $c, asOf: "2023-09-01", tenantPath: $p) { total } }`;
    expect((await control<{ rollup: { total: number } }>(rollup, { c: f.yuzhouCampaignId, p: YUZHOU_PATH }, f.tokens.yuzhou)).rollup.total).toBeGreaterThan(0);
    for (const [c, p] of [
      [f.yuzhouCampaignId, YUZHOU_PATH],
      [f.cityCampaignId, YUZHOU_PATH],
      [f.cityCampaignId, '411000'],
      [f.cityCampaignId, '411000/4110%'],
      [f.cityCampaignId, '411000/411024/../411081'],
    ]) {
      await attack(['rollup'], rollup, { c, p }, { codes: ['NOT_FOUND', 'BAD_USER_INPUT'] });
      await attack(['childRollups'], `query($c: ID!, $p: String) { childRollups(campaignId: $c, asOf: "2023-09-01", tenantPath: $p) { tenantPath total } }`, { c, p }, { codes: ['NOT_FOUND', 'BAD_USER_INPUT'], empty: (d) => (d['childRollups'] as unknown[]).length === 0 });
      await attack(['openOverTime'], `query($c: ID!, $p: String) { openOverTime(campaignId: $c, from: "2023-07-01", to: "2023-09-01", tenantPath: $p) { date open } }`, { c, p }, { codes: ['NOT_FOUND', 'BAD_USER_INPUT'] });
    }
    // the city campaign's own roll-up for 鄢陵县 counts none of 禹州市's entries
    await attack(['rollup'], rollup, { c: f.cityCampaignId, p: null }, { empty: (d) => (d['rollup'] as { total: number }).total === 0 });
  });

  it('cursors borrowed from 禹州市 or forged to point into it return nothing', async () => {
    const page = `query($after: String, $s: LedgerEntrySortInput) { ledgerEntries(first: 1, after: $after, sort: $s) { edges { node { id } } pageInfo { endCursor hasNextPage } } }`;
    const sort = { field: 'ITEM_NO', direction: 'ASC' };
    const first = await control<{ ledgerEntries: { pageInfo: { endCursor: string } } }>(page, { s: sort }, f.tokens.yuzhou);
    const borrowed = first.ledgerEntries.pageInfo.endCursor;
    const [field, direction] = JSON.parse(Buffer.from(borrowed, 'base64url').toString('utf8')) as [string, string, unknown, string];
    // forged: "start before 禹州市's first entry" — the owner gets rows with it, so it is well-formed
    const forged = Buffer.from(JSON.stringify([field, direction, 0, '00000000-0000-0000-0000-000000000000'])).toString('base64url');
    const ownerPage = await control<{ ledgerEntries: { edges: unknown[] } }>(page, { after: forged, s: sort }, f.tokens.yuzhou);
    expect(ownerPage.ledgerEntries.edges.length).toBe(1);
    const pointing = Buffer.from(JSON.stringify([field, direction, f.entries[0].itemNo, f.entries[0].id])).toString('base64url');
    // only the attacker's own rows (鄢陵县 has none; 颍川街道 has one)
    const empty = (d: Record<string, unknown>): boolean => (d['ledgerEntries'] as { edges: { node: { id: string } }[] }).edges.every((e) => e.node.id === f.yingchuanEntryId);
    for (const after of [borrowed, forged, pointing]) {
      await attack(['ledgerEntries'], page, { after, s: sort }, { codes: ['BAD_USER_INPUT'], empty });
      await attack(['ledgerEntries'], page, { after, s: sort }, { codes: ['BAD_USER_INPUT'], empty }, sibling);
    }
    // history cursors do not open another tenant's stream
    const history = `query($id: ID!, $after: String) { entryHistory(id: $id, first: 1, after: $after) { edges { cursor node { type } } } }`;
    const h = await control<{ entryHistory: { edges: { cursor: string }[] } }>(history, { id: f.entries[0].id }, f.tokens.yuzhou);
    await attack(['entryHistory'], history, { id: f.entries[0].id, after: h.entryHistory.edges[0].cursor }, {});
    // the lights and inbox cursors of 禹州市 against 鄢陵县's (empty) lists
    const lights = await control<{ entryLights: { endCursor: string | null } }>(`{ entryLights(first: 1) { endCursor } }`, {}, f.tokens.yuzhou);
    await attack(['entryLights'], `query($a: String) { entryLights(first: 5, after: $a) { nodes { entry { id } } } }`, { a: lights.entryLights.endCursor }, { codes: ['BAD_USER_INPUT'], empty: (d) => (d['entryLights'] as { nodes: unknown[] }).nodes.length === 0 });
  });

  it('nested fields: a visible city campaign leads to none of 禹州市 (forwards, lineage, children)', async () => {
    const q = `query($id: ID!) { campaign(id: $id) { id forwards { childCampaignId childTenantPath } lineage { id } parent { id } } }`;
    const owner = await control<{ campaign: { forwards: { childCampaignId: string }[] } }>(q.replace('childTenantPath', ''), { id: f.cityCampaignId }, f.tokens.city);
    expect(owner.campaign.forwards.map((x) => x.childCampaignId)).toContain(f.yuzhouCampaignId);
    await attack(['campaign'], q.replace('childTenantPath', ''), { id: f.cityCampaignId }, { empty: (d) => (d['campaign'] as { forwards: { childCampaignId: string }[] }).forwards.every((x) => x.childCampaignId !== f.yuzhouCampaignId) });
    // the light of an escalated entry and the inbox item carry the entry: none of 禹州市's for 鄢陵县
    await control(`{ entryLights(first: 50) { nodes { entry { id } } } }`, {}, f.tokens.yuzhou);
    await attack(['entryLights'], `{ entryLights(first: 50) { nodes { light entry { id campaign { id } } } } }`, {}, { empty: (d) => (d['entryLights'] as { nodes: unknown[] }).nodes.length === 0 });
  });

  it('history, time travel, diffs, exports and chain verification of 禹州市: NOT_FOUND', async () => {
    const entryId = f.entries[0].id;
    await control(`query($id: ID!) { entryHistory(id: $id) { totalCount } }`, { id: entryId }, f.tokens.yuzhou);
    await attack(['entryHistory'], `query($id: ID!) { entryHistory(id: $id) { totalCount edges { node { type data } } } }`, { id: entryId }, {});
    await attack(['entryHistory'], `query($id: ID!) { entryHistory(id: $id) { totalCount } }`, { id: entryId }, { codes: ['NOT_FOUND', 'FORBIDDEN'] }, sibling);
    await attack(['campaignHistory'], `query($id: ID!) { campaignHistory(id: $id) { totalCount } }`, { id: f.yuzhouCampaignId }, {});
    await control(`query($id: ID!) { checklistHistory(id: $id) { totalCount } }`, { id: yuzhouChecklistVersionId }, f.tokens.yuzhou);
    await attack(['checklistHistory'], `query($id: ID!) { checklistHistory(id: $id) { totalCount } }`, { id: yuzhouChecklistVersionId }, {});
    // the version the city's forward derived for 禹州市 is 禹州市's: its sibling counties do not see it
    const forwardedVersionId = (
      await control<{ campaign: { checklistVersionId: string } }>(`query($id: ID!) { campaign(id: $id) { checklistVersionId } }`, { id: f.yuzhouCampaignId }, f.tokens.yuzhou)
    ).campaign.checklistVersionId;
    await control(`query($id: ID!) { checklistHistory(id: $id) { totalCount } }`, { id: forwardedVersionId }, f.tokens.yuzhou);
    await attack(['checklistHistory'], `query($id: ID!) { checklistHistory(id: $id) { totalCount } }`, { id: forwardedVersionId }, {});
    await attack(
      ['issueCampaign'],
      `mutation($input: IssueCampaignInput!) { issueCampaign(input: $input) { campaignId } }`,
      { input: { idempotencyKey: key(), checklistVersionId: forwardedVersionId, title: '借用外县清单印发', docNumber: '鄢〔2023〕2号', issuedOn: '2023-07-28', phases: [{ name: '排查', endDate: '2023-08-10' }], deadlines: { immediate: '2023-08-31', fixedTerm: '2023-11-30' }, reportDueDate: '2023-09-01' } },
      { codes: ['NOT_FOUND'] },
    );
    const asOf = new Date().toISOString();
    await control(`query($id: ID!, $a: String!) { entryAsOf(id: $id, asOf: $a) { status } }`, { id: entryId, a: asOf }, f.tokens.yuzhou);
    await attack(['entryAsOf'], `query($id: ID!, $a: String!) { entryAsOf(id: $id, asOf: $a) { status description } }`, { id: entryId, a: asOf }, { empty: (d) => d['entryAsOf'] === null });
    for (const p of [YUZHOU_PATH, CHUHE_PATH, '411000', '411000/4110%']) {
      // refused, or (for a path above the caller) nothing: no row and no count of 禹州市's
      await attack(['ledgerAsOf'], `query($p: String!, $a: String!) { ledgerAsOf(tenantPath: $p, asOf: $a, first: 50) { edges { node { entryId } } } }`, { p, a: asOf }, { codes: ['NOT_FOUND', 'BAD_USER_INPUT'], empty: (d) => (d['ledgerAsOf'] as { edges: unknown[] }).edges.length === 0 });
      await attack(['ledgerDiff'], `query($p: String!, $a: String!) { ledgerDiff(tenantPath: $p, from: "2023-01-01T00:00:00Z", to: $a) { added { entryId } changed { entryId } } }`, { p, a: asOf }, { codes: ['NOT_FOUND', 'BAD_USER_INPUT'], empty: (d) => (d['ledgerDiff'] as { added: unknown[]; changed: unknown[] }).added.length + (d['ledgerDiff'] as { changed: unknown[] }).changed.length === 0 });
      await attack(['rollupAsOf'], `query($p: String!, $a: String!) { rollupAsOf(tenantPath: $p, asOf: $a) { total } }`, { p, a: asOf }, { codes: ['NOT_FOUND', 'BAD_USER_INPUT'], empty: (d) => (d['rollupAsOf'] as { total: number }).total === 0 });
      await attack(['exportEvents'], `query($p: String!) { exportEvents(tenantPath: $p) { events ndjson } }`, { p }, { codes: ['NOT_FOUND', 'BAD_USER_INPUT'] });
      await attack(['verifyAnchors'], `query($p: String!) { verifyAnchors(tenantPath: $p) { ok } }`, { p }, { codes: ['NOT_FOUND', 'BAD_USER_INPUT'] });
      await attack(['verifyChain'], `query($p: String) { verifyChain(scope: TENANT, id: $p) { ok eventsChecked } }`, { p }, { codes: ['NOT_FOUND', 'BAD_USER_INPUT'] });
    }
    // own-scope time travel shows nothing of 禹州市
    await attack(['ledgerAsOf'], `query($p: String!, $a: String!) { ledgerAsOf(tenantPath: $p, asOf: $a, first: 50) { edges { node { entryId } } } }`, { p: YANLING_PATH, a: asOf }, { empty: (d) => (d['ledgerAsOf'] as { edges: unknown[] }).edges.length === 0 });
    const exported = await control<{ exportEvents: { events: number } }>(`query($p: String!) { exportEvents(tenantPath: $p) { events } }`, { p: YUZHOU_PATH }, f.tokens.yuzhou);
    expect(exported.exportEvents.events).toBeGreaterThan(0);
    await attack(['exportEvents'], `query($p: String!) { exportEvents(tenantPath: $p) { events ndjson } }`, { p: YANLING_PATH }, { empty: (d) => (d['exportEvents'] as { ndjson: string }).ndjson.split('\n').every((line) => !line.includes(YUZHOU_PATH)) });
    await control(`query($id: String) { verifyChain(scope: STREAM, id: $id) { ok } }`, { id: `entry-${entryId}` }, f.tokens.yuzhou);
    for (const stream of [`entry-${entryId}`, `campaign-${f.yuzhouCampaignId}`, `report-${reportId}`, `checklist-${yuzhouChecklistVersionId}`]) {
      await attack(['verifyChain'], `query($id: String) { verifyChain(scope: STREAM, id: $id) { ok eventsChecked } }`, { id: stream }, {});
    }
    await attack(['verifyChain'], `{ verifyChain(scope: ALL) { ok eventsChecked } }`, {}, { codes: ['FORBIDDEN'] });
  });

  it('the escalation inbox and lights of 禹州市 stay there', async () => {
    const owner = await control<{ escalationInbox: { nodes: { entry: { id: string } }[] } }>(`{ escalationInbox(first: 50, openOnly: false) { nodes { level entry { id } } } }`, {}, f.tokens.yuzhou);
    expect(owner.escalationInbox.nodes.length).toBeGreaterThan(0);
    for (const token of [attacker, sibling, f.tokens.chuhe]) {
      await attack(['escalationInbox'], `{ escalationInbox(first: 50, openOnly: false) { nodes { level entry { id description } } } }`, {}, { empty: (d) => (d['escalationInbox'] as { nodes: unknown[] }).nodes.length === 0 }, token);
    }
    // a sweep asked by 鄢陵县 covers its own subtree only
    await attack(['requestEscalationSweep'], `mutation { requestEscalationSweep { tenantPath jobId } }`, {}, { empty: (d) => (d['requestEscalationSweep'] as { tenantPath: string }).tenantPath === YANLING_PATH });
  });

  it('report downloads and imports: 404 NOT_FOUND for another tenant', async () => {
    const download = (token: string, id = reportId, file = fileId) => rawRequest(`${api.url}/reports/${encodeURIComponent(id)}/files/${encodeURIComponent(file)}`, { method: 'GET', headers: { authorization: `Bearer ${token}` } });
    const own = await download(f.tokens.yuzhou);
    expect(own.status).toBe(200);
    for (const [token, id, file] of [
      [attacker, reportId, fileId],
      [sibling, reportId, fileId],
      [attacker, reportId, 'nope'],
      [attacker, `nope-${randomUUID()}`, fileId],
      [attacker, `..%2F${reportId}`, fileId],
    ]) {
      const r = await download(token, id, file);
      const verdict = tally.record('download', auditAnswer(r.status, r.text));
      expect(verdict.problems).toEqual([]);
      expect({ status: r.status, code: verdict.codes[0] }).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(leaked(r.text)).toEqual([]);
      figures.attacks++;
      figures.refusedNotFound++;
    }
    const before = await yuzhouEvents();
    for (const [campaignId, villageCode] of [
      [f.yuzhouCampaignId, CHUHE_VILLAGES[0]],
      [f.yanlingCampaignId, CHUHE_VILLAGES[0]],
      [f.yuzhouCampaignId, YINGCHUAN_VILLAGE],
    ]) {
      const r = await rawRequest(`${api.url}/imports/ledger?campaignId=${encodeURIComponent(campaignId)}&villageCode=${villageCode}`, {
        headers: { authorization: `Bearer ${villageCode === YINGCHUAN_VILLAGE ? f.tokens.chuhe : attacker}`, 'content-type': XLSX },
        body: readFileSync(OK_LEDGER),
      });
      const verdict = tally.record('import', auditAnswer(r.status, r.text));
      expect(verdict.problems).toEqual([]);
      expect({ status: r.status, code: verdict.codes[0] }).toEqual({ status: 404, code: 'NOT_FOUND' });
      figures.attacks++;
      figures.refusedNotFound++;
    }
    await sleep(500);
    expect(await yuzhouEvents()).toBe(before);
  });

  it('every mutation aimed at 禹州市 is refused and writes nothing there', async () => {
    const before = await yuzhouEvents();
    const entryId = f.entries[0].id;
    const m = (name: string, type: string, input: Record<string, unknown>, select = 'version'): [string[], string, Record<string, unknown>] => [
      [name],
      `mutation($input: ${type}!) { ${name}(input: $input) { ${select} } }`,
      { input: type === 'CreateAccountInput' ? input : { idempotencyKey: key(), ...input } },
    ];
    const cases = [
      m('planRectification', 'PlanRectificationInput', { entryId, ...SPECIFIC_PLAN }),
      m('reportProgress', 'ReportProgressInput', { entryId, note: '越权报告进展' }),
      m('submitResult', 'SubmitResultInput', { entryId, result: '越权提交的整改结果，附照片三张', evidenceRefs: ['x'] }),
      m('approveSignOff', 'EntryCommentInput', { entryId, comment: '越权销号' }),
      m('rejectSignOff', 'EntryReasonInput', { entryId, reason: '越权退回' }),
      m('requestDeadlineExtension', 'RequestDeadlineExtensionInput', { entryId, reason: '越权申请', requestedDate: '2023-12-31' }),
      m('approveDeadlineExtension', 'EntryCommentInput', { entryId }),
      m('rejectDeadlineExtension', 'EntryReasonInput', { entryId, reason: '越权' }),
      m('voidEntry', 'EntryReasonInput', { entryId, reason: '越权作废' }),
      m('recordProblem', 'RecordProblemInput', { campaignId: f.yuzhouCampaignId, villageCode: CHUHE_VILLAGES[0], itemNo: 3, description: '越权登记', foundBy: '某', foundAt: '2023-07-25T01:00:00Z' }, 'entryId'),
      m('recordProblem', 'RecordProblemInput', { campaignId: f.yanlingCampaignId, villageCode: CHUHE_VILLAGES[0], itemNo: 3, description: '在本县专项行动下登记外县村的问题', foundBy: '某', foundAt: '2023-07-25T01:00:00Z' }, 'entryId'),
      m('recordVillageCheck', 'RecordVillageCheckInput', { campaignId: f.yuzhouCampaignId, villageCode: CHUHE_VILLAGES[0], itemNo: 3, outcome: 'NO_PROBLEM' }),
      m('recordVillageCheck', 'RecordVillageCheckInput', { campaignId: f.yanlingCampaignId, villageCode: CHUHE_VILLAGES[0], itemNo: 3, outcome: 'NO_PROBLEM' }),
      m('closeCampaign', 'CloseCampaignInput', { campaignId: f.yuzhouCampaignId }),
      m('reviseChecklist', 'ReviseChecklistInput', { campaignId: f.yuzhouCampaignId, checklistVersionId: yuzhouChecklistVersionId, reason: '越权修订' }),
      m('forwardCampaign', 'ForwardCampaignInput', { campaignId: f.yuzhouCampaignId, childTenantCode: CHUHE, issuedOn: '2023-07-28', reportDueDate: '2023-08-20' }, 'childCampaignId'),
      m('forwardCampaign', 'ForwardCampaignInput', { campaignId: f.yanlingCampaignId, childTenantCode: CHUHE, issuedOn: '2023-07-28', reportDueDate: '2023-08-20' }, 'childCampaignId'),
      m('issueCampaign', 'IssueCampaignInput', { checklistVersionId: yuzhouChecklistVersionId, title: '越权印发', docNumber: '鄢〔2023〕1号', issuedOn: '2023-07-28', phases: [{ name: '排查', endDate: '2023-08-10' }], deadlines: { immediate: '2023-08-31', fixedTerm: '2023-11-30' }, reportDueDate: '2023-09-01' }, 'campaignId'),
      m('requestLedgerReport', 'RequestLedgerReportInput', { campaignId: f.yuzhouCampaignId }, 'report { id }'),
      m('requestLedgerReport', 'RequestLedgerReportInput', { campaignId: f.yanlingCampaignId, tenantPath: YUZHOU_PATH }, 'report { id }'),
      m('submitReport', 'SubmitReportInput', { reportId }, 'report { id }'),
      m('acceptReport', 'AcceptReportInput', { reportId }, 'report { id }'),
      m('returnReport', 'ReturnReportInput', { reportId, comments: '越权退回' }, 'report { id }'),
      m('createAccount', 'CreateAccountInput', { username: `intruder.${randomUUID().slice(0, 6)}`, displayName: '入侵者', password: 'Xq7#mP2v!Lz9-Ke4wR', tenantCode: YUZHOU, roles: ['reviewer'] }, 'userId'),
    ];
    // NOT_FOUND above all; FORBIDDEN where the role lacks the permission whatever the data
    for (const [fields, query, variables] of cases) await attack(fields, query, variables, { codes: ['NOT_FOUND', 'FORBIDDEN'] });
    const policy = { yellowDaysBeforeDeadline: 3, noProgressYellowDays: 7, escalateToCountyAfterRedDays: 30, escalateToCountyAfterNoProgressDays: 60, escalateToCityAfterMoreDays: 30 };
    await attack(['setEscalationPolicy'], `mutation($input: SetEscalationPolicyInput!) { setEscalationPolicy(input: $input) { version } }`, { input: { idempotencyKey: key(), campaignId: f.yuzhouCampaignId, policy, reason: '越权放宽督办' } }, { codes: ['NOT_FOUND', 'FORBIDDEN'] });
    await attack(['clearEscalationPolicy'], `mutation($input: ClearEscalationPolicyInput!) { clearEscalationPolicy(input: $input) { version } }`, { input: { idempotencyKey: key(), campaignId: f.yuzhouCampaignId, reason: '越权清除' } }, { codes: ['NOT_FOUND', 'FORBIDDEN'] });
    await attack(['regenerateReport'], `mutation($id: ID!) { regenerateReport(reportId: $id) { report { id } } }`, { id: reportId }, {});
    // the sibling township on 褚河街道's entry
    await attack(['reportProgress'], `mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }`, { input: { idempotencyKey: key(), entryId, note: '越权' } }, {}, sibling);
    // a checklist version the attacker defines is its own: 禹州市 cannot see it either
    const defined = await gql(`mutation($input: DefineChecklistVersionInput!) { defineChecklistVersion(input: $input) { versionId } }`, { input: { idempotencyKey: key(), label: '鄢陵县清单', items: [{ itemNo: 1, categoryNo: 1, categoryName: '类', subAreaNo: 1, subAreaName: '分项', text: '鄢陵县自定排查项目', responsibleUnits: ['县农业农村局'] }] } }, attacker);
    const versionId = (defined.json.data?.['defineChecklistVersion'] as { versionId: string } | undefined)?.versionId;
    expect(typeof versionId).toBe('string');
    await attack(['defineChecklistVersion'], `query($id: ID!) { checklistHistory(id: $id) { totalCount } }`, { id: versionId }, {}, f.tokens.yuzhou);
    // logging in as a 禹州市 user with the attacker's password
    await attack(['login'], `mutation { login(input: { username: "yz.reviewer", password: "Wrong#Password-2023" }) { token } }`, {}, { codes: ['UNAUTHENTICATED'] }, null);
    await sleep(300);
    expect(await yuzhouEvents()).toBe(before);
  });

  it('subscriptions: no 禹州市 entry changes and no foreign report job progress reach 鄢陵县', async () => {
    type Received = { data: unknown[]; errors: unknown[]; complete: boolean };
    const subscribe = (token: string, query: string, variables: Record<string, unknown>) => {
      const got: Received = { data: [], errors: [], complete: false };
      const client = createClient({ url: `${api.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, lazy: false, retryAttempts: 0 });
      const ready = new Promise<void>((resolve) => client.on('connected', () => resolve()));
      client.subscribe({ query, variables }, { next: (m) => (m.errors ? got.errors.push(...m.errors) : got.data.push(m.data)), error: (e) => got.errors.push(...(Array.isArray(e) ? e : [e])), complete: () => (got.complete = true) });
      return { client, got, ready };
    };
    const entryId = f.entries[0].id;
    const changed = 'subscription($id: String) { ledgerEntryChanged(entryId: $id) { entryId eventType tenantPath } }';
    const owner = subscribe(f.tokens.yuzhou, changed, { id: entryId });
    const byId = subscribe(attacker, changed, { id: entryId });
    const all = subscribe(attacker, 'subscription { ledgerEntryChanged { entryId tenantPath } }', {});
    const siblingAll = subscribe(sibling, 'subscription { ledgerEntryChanged { entryId tenantPath } }', {});
    const progress = subscribe(attacker, 'subscription($id: ID!) { reportJobProgress(reportId: $id) { state fileId } }', { id: reportId });
    await Promise.all([owner.ready, byId.ready, all.ready, siblingAll.ready, progress.ready]);
    await sleep(300);
    const r = await gql(`mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }`, { input: { idempotencyKey: key(), entryId, note: '施工队已进场，预计月底完成' } }, f.tokens.chuhe);
    expect(r.codes).toEqual([]);
    const deadline = Date.now() + 10_000;
    while (owner.got.data.length === 0 && Date.now() < deadline) await sleep(100);
    await sleep(500);
    expect(owner.got.data.length).toBeGreaterThan(0); // positive control
    for (const sub of [byId, all, siblingAll, progress]) {
      expect(JSON.stringify(sub.got.data)).not.toContain(entryId);
      expect(sub.got.data.filter((d) => JSON.stringify(d).includes(YUZHOU_PATH))).toEqual([]);
      for (const e of sub.got.errors) expect((e as { extensions?: { code?: string } }).extensions?.code).toBe('NOT_FOUND');
      figures.attacks++;
    }
    expect(progress.got.data).toEqual([]);
    expect(progress.got.errors.length).toBe(1); // refused, NOT_FOUND (checked above)
    covered.add('ledgerEntryChanged').add('reportJobProgress');
    await Promise.all([owner, byId, all, siblingAll, progress].map((s) => s.client.dispose()));
  });

  it('expired, forged, alg none, wrong audience/issuer and disabled-account tokens are rejected', async () => {
    const now = Math.floor(Date.now() / 1000);
    const [, body] = attacker.split('.');
    const attackerClaims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    // the attacker's own account, elevated to platform admin: only the secret stands in the way
    const claims = { sub: attackerClaims['sub'], tp: attackerClaims['tp'], tid: attackerClaims['tid'], roles: ['platform_admin'], name: '伪造', usr: attackerClaims['usr'] };
    const hs = (payload: object, secret = JWT_SECRET, options: { issuer?: string; audience?: string } = { issuer: 'rectify', audience: 'rectify-api' }) => sign(payload, secret, { algorithm: 'HS256', ...options });
    // positive control: the same claims, properly signed, are accepted (so every refusal below is for its one flaw)
    expect((await gql(`{ me { tenantPath } }`, {}, hs({ ...claims, iat: now, exp: now + 600 }))).codes).toEqual([]);
    const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const tokens: [string, string][] = [
      ['expired', hs({ ...claims, iat: now - 7200, exp: now - 3600 })],
      ['not yet valid', hs({ ...claims, iat: now, nbf: now + 3600, exp: now + 7200 })],
      ['other secret', hs({ ...claims, iat: now, exp: now + 600 }, 'another-secret-that-is-long-enough-for-hs256-000000')],
      ['wrong audience', hs({ ...claims, iat: now, exp: now + 600 }, JWT_SECRET, { issuer: 'rectify', audience: 'someone-else' })],
      ['wrong issuer', hs({ ...claims, iat: now, exp: now + 600 }, JWT_SECRET, { issuer: 'evil', audience: 'rectify-api' })],
      ['no expiry', hs({ ...claims, iat: now })],
      ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iat: now, exp: now + 600, iss: 'rectify', aud: 'rectify-api' })}.`],
      ['HS512', sign({ ...claims, iat: now, exp: now + 600 }, JWT_SECRET, { algorithm: 'HS512', issuer: 'rectify', audience: 'rectify-api' })],
      ['claims swapped under a real signature', `${attacker.split('.')[0]}.${b64({ ...attackerClaims, tp: YUZHOU_PATH, roles: ['platform_admin'] })}.${attacker.split('.')[2]}`],
      ['garbage', 'not.a.token'],
      ['an account that does not exist', hs({ ...claims, sub: `ghost-${randomUUID()}`, iat: now, exp: now + 600 })],
      ['an account moved to 禹州市', hs({ ...claims, tp: YUZHOU_PATH, tid: YUZHOU, iat: now, exp: now + 600 })],
    ];
    for (const [label, token] of tokens) {
      const r = await gql(`{ me { tenantPath } }`, {}, token);
      expect({ label, code: r.codes[0] }).toEqual({ label, code: 'UNAUTHENTICATED' });
      figures.attacks++;
      // the REST routes verify tokens with the same TokenService and the same account-status check
      const d = await rawRequest(`${api.url}/reports/${reportId}/files/${fileId}`, { method: 'GET', headers: { authorization: `Bearer ${token}` } });
      expect({ label, status: d.status }).toEqual({ label, status: 401 });
      figures.attacks++;
    }
    // a disabled account can neither log in nor keep using a token it already holds (refused
    // within the account-status cache time, 10 s), nor keep a subscription socket it opened before
    const username = `disabled.${randomUUID().slice(0, 6)}`;
    await api.createUser(username, YUZHOU, [Role.Reviewer]);
    const held = await api.login(username);
    expect((await gql(`{ me { tenantPath } }`, {}, held)).codes).toEqual([]);
    // a subscription socket it opened while still active
    const open = createClient({ url: `${api.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${held}` }, lazy: false, retryAttempts: 0 });
    const openClosed = new Promise<string>((resolve) => open.on('closed', (event) => resolve(`closed ${(event as { code?: number }).code}`)));
    await new Promise<void>((resolve) => open.on('connected', () => resolve()));
    open.subscribe({ query: 'subscription { ledgerEntryChanged { entryId } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    const { rows } = await api.db.query<{ table_schema: string }>(`SELECT table_schema FROM information_schema.tables WHERE table_name = 'user_account'`);
    let disabled = 0;
    for (const { table_schema } of rows) {
      disabled += (await api.db.query(`UPDATE "${table_schema}".user_account SET disabled = true WHERE username = $1`, [username])).rowCount ?? 0;
    }
    expect(disabled).toBe(1);
    const refused = await gql(`mutation($u: String!) { login(input: { username: $u, password: "Xuchang#Campaign-2023" }) { token } }`, { u: username }, null);
    expect(refused.codes).toEqual(['UNAUTHENTICATED']);
    const deadline = Date.now() + 15_000;
    let code: string | undefined;
    while (code !== 'UNAUTHENTICATED' && Date.now() < deadline) {
      code = (await gql(`{ me { tenantPath } }`, {}, held)).codes[0];
      if (code !== 'UNAUTHENTICATED') await sleep(500);
    }
    expect(code).toBe('UNAUTHENTICATED');
    // nor download a report or upload an import with it (the same check, already cached as inactive)
    const download = await rawRequest(`${api.url}/reports/${reportId}/files/${fileId}`, { method: 'GET', headers: { authorization: `Bearer ${held}` } });
    expect(download.status).toBe(401);
    const upload = await rawRequest(`${api.url}/imports/ledger?campaignId=${encodeURIComponent(f.yuzhouCampaignId)}&villageCode=${CHUHE_VILLAGES[0]}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${held}`, 'content-type': XLSX },
      body: readFileSync(OK_LEDGER),
    });
    expect({ status: upload.status, code: (JSON.parse(upload.text) as { code?: string }).code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    // nor open a subscription socket: connection_init is refused (graphql-ws closes with 4403)
    const socket = createClient({ url: `${api.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${held}` }, lazy: false, retryAttempts: 0 });
    const outcome = await new Promise<string>((resolve) => {
      socket.on('connected', () => resolve('connected'));
      socket.on('closed', (event) => resolve(`closed ${(event as { code?: number }).code}`));
    });
    await socket.dispose();
    expect(outcome).toBe('closed 4403');
    // and the socket it opened before it was disabled is closed too, at its next check (every 10 s)
    const openOutcome = await Promise.race([openClosed, sleep(15_000).then(() => 'still open after 15 s')]);
    await open.dispose();
    expect(openOutcome).toBe('closed 4403');
    figures.attacks += 6;
  });

  it('every root field of the schema has a tenant-attack case above', async () => {
    const schema = buildClientSchema(data(await api.gql<IntrospectionQuery>(getIntrospectionQuery(), {}, f.tokens.platform)));
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) => Object.keys(t?.getFields() ?? {}));
    expect(roots.length).toBeGreaterThan(50);
    expect(roots.filter((field) => !covered.has(field)).sort()).toEqual([]);
    expect(figures.leaks).toBe(0);
  });
});
