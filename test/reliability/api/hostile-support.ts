import { randomUUID } from 'node:crypto';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { Role } from '@rectify/tenancy';
import { xuchangChecklist } from '@rectify/seeds';
import { Pool } from 'pg';
// The e2e suite's API harness and campaign input are shared test support, reused as the brief of
// #8 asks; test projects have no import alias, hence the relative paths.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { xuchangIssueInput } from '../../e2e/campaign-fixtures';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startApi, type GraphqlResponse, type RunningApi } from '../../e2e/api-harness';
import { recordFigures } from '../support/figures';

/**
 * Shared by the hostile-client specs (test/reliability/api): an API process on schemas this file
 * names (so a spec can count and tamper with rows), a two-county fixture, and the response
 * auditor that every answer goes through (no 5xx, no stack trace, no internals, a stable code).
 */

export const CITY = '411000';
export const YUZHOU = '411081';
export const YANLING = '411024';
export const CHUHE = '411081005';
export const YINGCHUAN = '411081001';
export const YUZHOU_PATH = `${CITY}/${YUZHOU}`;
export const YANLING_PATH = `${CITY}/${YANLING}`;
export const CHUHE_PATH = `${YUZHOU_PATH}/${CHUHE}`;
export const YINGCHUAN_PATH = `${YUZHOU_PATH}/${YINGCHUAN}`;
export const CHUHE_VILLAGES = ['411081005001', '411081005002', '411081005003'];
export const YINGCHUAN_VILLAGE = '411081001001';

export const key = (): string => randomUUID();

export function data<T>(res: GraphqlResponse<T>): T {
  if (res.errors || !res.data) throw new Error(JSON.stringify(res.errors ?? res));
  return res.data;
}

export function codeOf(res: GraphqlResponse): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}

export interface HostileApi extends RunningApi {
  /** The event store and read model schemas (the harness names and drops the identity schema itself). */
  readonly schemas: { readonly EVENT_STORE_SCHEMA: string; readonly READ_MODEL_SCHEMA: string };
  readonly databaseUrl: string;
  /** A pool on the test database (for counting and tampering with rows). */
  readonly db: Pool;
  /** The stream's last version in the store (-1: no events). */
  streamVersion(streamId: string): Promise<number>;
  /** Events in the store, all or of one stream. */
  countEvents(streamId?: string): Promise<number>;
  /** Stops the API and drops its schemas. */
  shutdown(): Promise<void>;
}

/** The API as its own process (the e2e harness) on schemas named here; rate limits off unless extraEnv says otherwise. */
export async function startHostileApi(extraEnv: Readonly<Record<string, string>> = {}, start = '2023-07-25T02:00:00Z'): Promise<HostileApi> {
  const databaseUrl = testDatabaseUrl();
  const suffix = uniqueName('rel');
  const schemas = { EVENT_STORE_SCHEMA: `${suffix}_es`, READ_MODEL_SCHEMA: `${suffix}_rm` };
  const db = new Pool({ connectionString: databaseUrl, max: 3 });
  let api: RunningApi | null = null;
  // the harness waits 30 s for the API; on a loaded 2-core machine a boot can take longer: one retry
  for (let attempt = 1; api === null; attempt++) {
    try {
      api = await startApi(start, { ...schemas, RATE_LIMIT_ENABLED: 'false', ...extraEnv });
    } catch (error) {
      for (const schema of Object.values(schemas)) await dropSchema(db, schema);
      if (attempt >= 2) {
        await db.end();
        throw error;
      }
    }
  }
  const running = api;
  return {
    ...running,
    schemas,
    databaseUrl,
    db,
    async streamVersion(streamId: string) {
      const { rows } = await db.query<{ v: number | null }>(`SELECT max(stream_version)::int AS v FROM ${schemas.EVENT_STORE_SCHEMA}.events WHERE stream_id = $1`, [streamId]);
      return rows[0].v ?? -1;
    },
    async countEvents(streamId?: string) {
      const where = streamId === undefined ? '' : 'WHERE stream_id = $1';
      const { rows } = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${schemas.EVENT_STORE_SCHEMA}.events ${where}`, streamId === undefined ? [] : [streamId]);
      return Number(rows[0].n);
    },
    async shutdown() {
      try {
        await running.close();
      } finally {
        for (const schema of Object.values(schemas)) await dropSchema(db, schema);
        await db.end();
      }
    },
  };
}

export const PAYLOAD = 'streamId version position replayed eventCount projected';

export interface Tokens {
  readonly city: string;
  readonly yuzhou: string;
  readonly chuhe: string;
  readonly yanling: string;
  readonly yingchuan: string;
  readonly platform: string;
}

export interface Fixture {
  readonly tokens: Tokens;
  readonly checklistVersionId: string;
  readonly cityCampaignId: string;
  readonly yuzhouCampaignId: string;
  readonly yanlingCampaignId: string;
  /** 褚河 entries of 禹州市's campaign, with their stream version; the first three are planned. */
  readonly entries: { id: string; version: number; villageCode: string; itemNo: number }[];
  /** 颍川街道's entry (a sibling township of 褚河). */
  readonly yingchuanEntryId: string;
}

/** A plan the domain accepts (measures specific enough, an immediate deadline). */
export const SPECIFIC_PLAN = {
  measures: '组织施工队在8月底前完成整改，街道逐户核查并留存影像资料',
  responsibleUnit: '褚河街道办事处',
  responsiblePerson: '李四',
  deadline: { kind: 'IMMEDIATE', date: '2023-08-31' },
} as const;

export const PROBLEM_TEXTS = ['该村2名在园幼儿未享受生活费补助', '该村自来水入户率仅85%，未达100%', '该村1户脱贫户饮水检测报告缺失_待补', '村内道路路灯损坏3处'];

/**
 * 许昌市 issues the campaign (72 items) and forwards it to 禹州市 and 鄢陵县; 褚河街道 records
 * four problems (one text with `%`, one with `_`) and 颍川街道 one. Users: 许昌市 reviewer, 禹州市
 * reviewer+auditor, 褚河 inspector, 颍川 inspector, 鄢陵县 with every role but platform admin, a
 * platform admin at 411000.
 */
export async function seedCounties(api: RunningApi): Promise<Fixture> {
  await api.createUser('xc.reviewer', CITY, [Role.Reviewer], '许昌市审核人');
  await api.createUser('yz.reviewer', YUZHOU, [Role.Reviewer, Role.Auditor], '禹州市审核人');
  await api.createUser('ch.inspector', CHUHE, [Role.Inspector, Role.TownshipLead], '褚河排查员');
  await api.createUser('yc.inspector', YINGCHUAN, [Role.Inspector, Role.TownshipLead], '颍川排查员');
  await api.createUser('yl.everything', YANLING, [Role.Reviewer, Role.Auditor, Role.Inspector, Role.TownshipLead, Role.TenantAdmin], '鄢陵县全部角色');
  await api.createUser('xc.platform', CITY, [Role.PlatformAdmin], '平台管理员');
  const [city, yuzhou, chuhe, yingchuan, yanling, platform] = await Promise.all(['xc.reviewer', 'yz.reviewer', 'ch.inspector', 'yc.inspector', 'yl.everything', 'xc.platform'].map((u) => api.login(u)));
  const tokens = { city, yuzhou, chuhe, yanling, yingchuan, platform };

  const items = xuchangChecklist.map((i) => ({ ...i, responsibleUnits: [...i.responsibleUnits] }));
  const { versionId } = data(
    await api.gql<{ defineChecklistVersion: { versionId: string } }>(
      `mutation($input: DefineChecklistVersionInput!) { defineChecklistVersion(input: $input) { versionId } }`,
      { input: { idempotencyKey: key(), label: '许昌市清单', items } },
      city,
    ),
  ).defineChecklistVersion;
  const cityCampaignId = data(
    await api.gql<{ issueCampaign: { campaignId: string } }>(`mutation($input: IssueCampaignInput!) { issueCampaign(input: $input) { campaignId } }`, { input: xuchangIssueInput(versionId, key()) }, city),
  ).issueCampaign.campaignId;
  const forward = async (childTenantCode: string): Promise<string> =>
    data(
      await api.gql<{ forwardCampaign: { childCampaignId: string } }>(
        `mutation($input: ForwardCampaignInput!) { forwardCampaign(input: $input) { childCampaignId } }`,
        { input: { idempotencyKey: key(), waitForProjection: true, campaignId: cityCampaignId, childTenantCode, issuedOn: '2023-07-27', reportDueDate: '2023-08-25' } },
        city,
      ),
    ).forwardCampaign.childCampaignId;
  const yuzhouCampaignId = await forward(YUZHOU);
  const yanlingCampaignId = await forward(YANLING);

  const record = async (token: string, villageCode: string, itemNo: number, description: string): Promise<{ id: string; version: number }> => {
    const r = data(
      await api.gql<{ recordProblem: { entryId: string; version: number } }>(
        `mutation($input: RecordProblemInput!) { recordProblem(input: $input) { entryId version } }`,
        { input: { idempotencyKey: key(), waitForProjection: true, campaignId: yuzhouCampaignId, villageCode, itemNo, description, foundBy: '张三', foundAt: '2023-07-25T01:00:00Z' } },
        token,
      ),
    ).recordProblem;
    return { id: r.entryId, version: r.version };
  };
  const entries: Fixture['entries'] = [];
  for (const [i, description] of PROBLEM_TEXTS.entries()) {
    const villageCode = CHUHE_VILLAGES[i % CHUHE_VILLAGES.length];
    const itemNo = 5 + i;
    entries.push({ ...(await record(chuhe, villageCode, itemNo, description)), villageCode, itemNo });
  }
  // the first three are planned (progress, results and sign-offs need a plan)
  for (const entry of entries.slice(0, 3)) {
    entry.version = data(
      await api.gql<{ planRectification: { version: number } }>(
        `mutation($input: PlanRectificationInput!) { planRectification(input: $input) { version } }`,
        { input: { idempotencyKey: key(), waitForProjection: true, entryId: entry.id, expectedVersion: entry.version, ...SPECIFIC_PLAN } },
        chuhe,
      ),
    ).planRectification.version;
  }
  const yingchuanEntryId = (await record(yingchuan, YINGCHUAN_VILLAGE, 9, '颍川街道某村危房改造未验收')).id;
  return { tokens, checklistVersionId: versionId, cityCampaignId, yuzhouCampaignId, yanlingCampaignId, entries, yingchuanEntryId };
}

// ---------------------------------------------------------------------------------------------
// Auditing every answer
// ---------------------------------------------------------------------------------------------

/** What must never reach a client: stack frames, source paths, SQL and driver internals. */
const LEAKS: readonly [string, RegExp][] = [
  ['stack frame', /\bat (?:async )?[\w$.<>[\] ]+ \(|\bat (?:\/|node:)/],
  ['stacktrace field', /"stacktrace"|"debug"/],
  ['source path', /\/(?:work|home|root|usr|srv|app)\/[\w./-]+|node_modules|\.ts:\d+|\.js:\d+/],
  ['SQL', /\b(?:SELECT\s+[\w*"]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|WHERE\s+\w+\s*=|ON CONFLICT)\b/i],
  ['database error', /relation "|column "|syntax error at or near|violates (?:unique|foreign|check|not-null)|duplicate key|QueryFailedError|EntityNotFound|TypeORM|invalid input syntax|ECONNREFUSED|pg_/],
  ['JS error', /TypeError|ReferenceError|RangeError|SyntaxError: Unexpected|Cannot read propert|is not a function|undefined is not/],
];

export interface Verdict {
  readonly status: number;
  /** extensions.code of each error (GraphQL) or the body's code (REST); empty when none. */
  readonly codes: string[];
  /** Why this answer is unacceptable; empty when fine. */
  readonly problems: string[];
}

/**
 * Checks one answer: not a 5xx, no leak, every error with a stable code that is not
 * INTERNAL_SERVER_ERROR. `schemaNames` (the spec's schemas) must not appear either.
 */
export function auditAnswer(status: number, body: string, schemaNames: readonly string[] = []): Verdict {
  const problems: string[] = [];
  if (status >= 500) problems.push(`HTTP ${status}`);
  for (const [what, pattern] of LEAKS) {
    const m = pattern.exec(body);
    if (m) problems.push(`leak (${what}): ${JSON.stringify(body.slice(Math.max(0, m.index - 60), m.index + 80))}`);
  }
  for (const name of schemaNames) if (body.includes(name)) problems.push(`leak (schema name ${name})`);
  const codes: string[] = [];
  let json: unknown;
  try {
    json = body.length === 0 ? undefined : JSON.parse(body);
  } catch {
    if (status >= 400) problems.push(`error body is not JSON: ${JSON.stringify(body.slice(0, 120))}`);
  }
  const list = Array.isArray(json) ? json : [json];
  for (const item of list) {
    if (item === null || typeof item !== 'object') continue;
    const errors = (item as { errors?: unknown }).errors;
    if (Array.isArray(errors)) {
      for (const e of errors as { message?: unknown; extensions?: { code?: unknown } }[]) {
        const code = e.extensions?.code;
        if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(code)) problems.push(`error without a stable code: ${JSON.stringify(e).slice(0, 200)}`);
        else codes.push(code);
        if (typeof e.message !== 'string' || !/[\u4e00-\u9fff]/.test(e.message)) problems.push(`error message not in Chinese: ${JSON.stringify(e.message)}`);
      }
    } else if (status >= 400) {
      const code = (item as { code?: unknown }).code;
      if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(code)) problems.push(`REST error without a stable code: ${body.slice(0, 200)}`);
      else codes.push(code);
    }
  }
  if (status >= 400 && codes.length === 0 && !problems.some((p) => p.includes('without a stable code'))) problems.push(`HTTP ${status} without an error code`);
  if (codes.includes('INTERNAL_SERVER_ERROR')) problems.push('INTERNAL_SERVER_ERROR');
  return { status, codes, problems };
}

/** Counts what a spec sent and got back; printed and written as JSON for docs/reliability.md. */
export class Tally {
  requests = 0;
  http5xx = 0;
  leaks = 0;
  internalErrors = 0;
  accepted = 0;
  readonly byCode = new Map<string, number>();
  readonly byStatus = new Map<number, number>();
  readonly failures: { label: string; problems: string[] }[] = [];

  constructor(readonly name: string) {}

  record(label: string, verdict: Verdict): Verdict {
    this.requests++;
    this.byStatus.set(verdict.status, (this.byStatus.get(verdict.status) ?? 0) + 1);
    if (verdict.status >= 500) this.http5xx++;
    if (verdict.problems.some((p) => p.startsWith('leak'))) this.leaks++;
    if (verdict.codes.includes('INTERNAL_SERVER_ERROR')) this.internalErrors++;
    if (verdict.codes.length === 0) this.accepted++;
    for (const code of new Set(verdict.codes)) this.byCode.set(code, (this.byCode.get(code) ?? 0) + 1);
    if (verdict.problems.length > 0) this.failures.push({ label, problems: verdict.problems });
    return verdict;
  }

  summary(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      spec: this.name,
      requests: this.requests,
      accepted: this.accepted,
      http5xx: this.http5xx,
      leaks: this.leaks,
      internalErrors: this.internalErrors,
      byStatus: Object.fromEntries([...this.byStatus].sort((a, b) => a[0] - b[0])),
      byCode: Object.fromEntries([...this.byCode].sort((a, b) => b[1] - a[1])),
      ...extra,
    };
  }

  /** Merges the summary into tmp/reliability-figures.json (section `api-<name>`) and prints it. */
  publish(extra: Record<string, unknown> = {}): void {
    const summary = this.summary(extra);
    recordFigures(`api-${this.name}`, summary);
    process.stdout.write(`[reliability:api-${this.name}] ${JSON.stringify(summary)}\n`);
  }
}

/** Sends a raw HTTP request and audits the answer (bodies that are not JSON, odd content types). */
export async function rawRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer | Uint8Array },
): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(url, { method: init.method ?? 'POST', headers: init.headers, body: init.body });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

/** POSTs a GraphQL body (any JSON value) to /graphql and returns the raw answer. */
export async function postGraphql(
  api: RunningApi,
  body: unknown,
  token?: string | null,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; json: unknown; headers: Headers }> {
  const r = await rawRequest(`${api.url}/graphql`, {
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  let json: unknown = null;
  try {
    json = JSON.parse(r.text);
  } catch {
    json = null;
  }
  return { ...r, json };
}
