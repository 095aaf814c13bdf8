import { randomUUID } from 'node:crypto';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { Role } from '@rectify/tenancy';
import { xuchangChecklist } from '@rectify/seeds';
import { Pool } from 'pg';
import { xuchangIssueInput } from './campaign-fixtures';
import { startApi, type GraphqlResponse, type RunningApi } from './api-harness';

const key = (): string => randomUUID();

function data<T>(res: GraphqlResponse<T>): T {
  if (res.errors || !res.data) throw new Error(JSON.stringify(res.errors ?? res));
  return res.data;
}

const STRICT = { yellowDaysBeforeDeadline: 5, noProgressYellowDays: 5, escalateToCountyAfterRedDays: 1, escalateToCountyAfterNoProgressDays: 10, escalateToCityAfterMoreDays: 3 };
const DEFAULTS = { yellowDaysBeforeDeadline: 3, noProgressYellowDays: 7, escalateToCountyAfterRedDays: 3, escalateToCountyAfterNoProgressDays: 14, escalateToCityAfterMoreDays: 7 };
const EFFECTIVE = 'campaignId origin sourceCampaignId sourceTenantPath reason setBy policy { yellowDaysBeforeDeadline noProgressYellowDays escalateToCountyAfterRedDays escalateToCountyAfterNoProgressDays escalateToCityAfterMoreDays }';
const SET = `mutation($input: SetEscalationPolicyInput!) { setEscalationPolicy(input: $input) { version replayed eventCount projected } }`;
const CLEAR = `mutation($input: ClearEscalationPolicyInput!) { clearEscalationPolicy(input: $input) { version eventCount projected } }`;

interface Effective {
  campaignId: string;
  origin: string;
  sourceCampaignId: string | null;
  sourceTenantPath: string | null;
  reason: string | null;
  setBy: string | null;
  policy: typeof STRICT;
}

describe('escalation policy per campaign over GraphQL', () => {
  const databaseUrl = testDatabaseUrl();
  const suffix = uniqueName('e2epol');
  const schemas = { EVENT_STORE_SCHEMA: `${suffix}_es`, READ_MODEL_SCHEMA: `${suffix}_rm` };
  let api: RunningApi;
  let city: string;
  let yuzhou: string;
  let inspector: string;
  let auditor: string;
  let yanling: string;
  let cityCampaignId = '';
  let yuzhouCampaignId = '';
  let chuheCampaignId = '';

  beforeAll(async () => {
    api = await startApi('2023-07-25T02:00:00Z', { ...schemas, REDIS_URL: process.env['REDIS_URL'] || 'redis://127.0.0.1:6379', QUEUE_PREFIX: `e2e-${randomUUID().slice(0, 8)}` });
    await api.createUser('xc.reviewer', '411000', [Role.Reviewer], '许昌市督查室');
    await api.createUser('yz.reviewer', '411081', [Role.Reviewer], '禹州市督查室');
    await api.createUser('ch.inspector', '411081005', [Role.Inspector, Role.TownshipLead], '褚河排查员');
    await api.createUser('xc.auditor', '411000', [Role.Auditor], '许昌市审计');
    await api.createUser('yl.reviewer', '411024', [Role.Reviewer], '鄢陵县督查室');
    [city, yuzhou, inspector, auditor, yanling] = await Promise.all(['xc.reviewer', 'yz.reviewer', 'ch.inspector', 'xc.auditor', 'yl.reviewer'].map((u) => api.login(u)));

    const items = xuchangChecklist.map((i) => ({ ...i, responsibleUnits: [...i.responsibleUnits] }));
    const defined = data(
      await api.gql<{ defineChecklistVersion: { versionId: string } }>(`mutation($input: DefineChecklistVersionInput!) { defineChecklistVersion(input: $input) { versionId } }`, { input: { idempotencyKey: key(), items } }, city),
    ).defineChecklistVersion;
    cityCampaignId = data(
      await api.gql<{ issueCampaign: { campaignId: string } }>(`mutation($input: IssueCampaignInput!) { issueCampaign(input: $input) { campaignId } }`, { input: xuchangIssueInput(defined.versionId, key()) }, city),
    ).issueCampaign.campaignId;
    api.setClock('2023-07-27T02:00:00Z');
    const forward = (token: string, parent: string, childTenantCode: string) =>
      api.gql<{ forwardCampaign: { childCampaignId: string } }>(
        `mutation($input: ForwardCampaignInput!) { forwardCampaign(input: $input) { childCampaignId } }`,
        { input: { idempotencyKey: key(), waitForProjection: true, campaignId: parent, childTenantCode, issuedOn: '2023-07-27', reportDueDate: '2023-08-25' } },
        token,
      );
    yuzhouCampaignId = data(await forward(city, cityCampaignId, '411081')).forwardCampaign.childCampaignId;
    chuheCampaignId = data(await forward(yuzhou, yuzhouCampaignId, '411081005')).forwardCampaign.childCampaignId;
  }, 90_000);

  afterAll(async () => {
    await api?.close();
    const admin = new Pool({ connectionString: databaseUrl, max: 1 });
    for (const schema of Object.values(schemas)) await dropSchema(admin, schema);
    await admin.end();
  }, 30_000);

  const effective = async (campaignId: string, token: string): Promise<Effective> =>
    data(await api.gql<{ escalationPolicy: Effective }>(`query($id: ID!) { escalationPolicy(campaignId: $id) { ${EFFECTIVE} } }`, { id: campaignId }, token)).escalationPolicy;

  it('every campaign starts on the defaults', async () => {
    for (const id of [cityCampaignId, yuzhouCampaignId, chuheCampaignId]) {
      expect(await effective(id, city)).toMatchObject({ campaignId: id, origin: 'DEFAULT', sourceCampaignId: null, policy: DEFAULTS });
    }
  });

  it('the city sets its policy; the forwarded county and township campaigns inherit it, and the campaign field shows it', async () => {
    api.setClock('2023-08-01T02:00:00Z');
    const payload = data(await api.gql<{ setEscalationPolicy: { eventCount: number; projected: boolean } }>(SET, { input: { idempotencyKey: key(), waitForProjection: true, campaignId: cityCampaignId, policy: STRICT, reason: '市委督查室要求加快督办' } }, city)).setEscalationPolicy;
    expect(payload).toMatchObject({ eventCount: 1, projected: true });
    expect(await effective(cityCampaignId, city)).toMatchObject({ origin: 'OWN', sourceCampaignId: cityCampaignId, sourceTenantPath: '411000', reason: '市委督查室要求加快督办', setBy: '许昌市督查室', policy: STRICT });
    for (const id of [yuzhouCampaignId, chuheCampaignId]) {
      expect(await effective(id, inspector)).toMatchObject({ campaignId: id, origin: 'INHERITED', sourceCampaignId: cityCampaignId, policy: STRICT });
    }
    const viaCampaign = data(await api.gql<{ campaign: { escalationPolicy: Effective } }>(`query($id: ID!) { campaign(id: $id) { escalationPolicy { ${EFFECTIVE} } } }`, { id: chuheCampaignId }, inspector)).campaign;
    expect(viaCampaign.escalationPolicy).toMatchObject({ origin: 'INHERITED', policy: STRICT });
  });

  it('the county sets its own (it replaces the inherited one for the county and its townships), then clears it to inherit again', async () => {
    const own = { ...DEFAULTS, escalateToCityAfterMoreDays: 5 };
    data(await api.gql(SET, { input: { idempotencyKey: key(), waitForProjection: true, campaignId: yuzhouCampaignId, policy: own, reason: '本市从严督办' } }, yuzhou));
    expect(await effective(yuzhouCampaignId, yuzhou)).toMatchObject({ origin: 'OWN', sourceCampaignId: yuzhouCampaignId, policy: own });
    expect(await effective(chuheCampaignId, inspector)).toMatchObject({ origin: 'INHERITED', sourceCampaignId: yuzhouCampaignId, policy: own });
    expect(await effective(cityCampaignId, city)).toMatchObject({ origin: 'OWN', policy: STRICT });

    data(await api.gql(CLEAR, { input: { idempotencyKey: key(), waitForProjection: true, campaignId: yuzhouCampaignId, reason: '恢复执行市级规则' } }, yuzhou));
    expect(await effective(chuheCampaignId, inspector)).toMatchObject({ origin: 'INHERITED', sourceCampaignId: cityCampaignId, policy: STRICT });
  });

  it('bad values come back with the policy validation’s stable codes, and nothing is written', async () => {
    const attempt = async (policy: Record<string, number>) => (await api.gql(SET, { input: { idempotencyKey: key(), campaignId: cityCampaignId, policy, reason: '试验' } }, city)).errors?.[0];
    expect(await attempt({ ...STRICT, escalateToCountyAfterRedDays: 0 })).toMatchObject({
      extensions: { code: 'ESCALATION_POLICY_OUT_OF_RANGE', details: { field: 'escalateToCountyAfterRedDays' } },
      message: expect.stringContaining('逾期升级到县级的天数必须在 1 到 366 天之间'),
    });
    expect(await attempt({ ...STRICT, escalateToCityAfterMoreDays: 400 })).toMatchObject({ extensions: { code: 'ESCALATION_POLICY_OUT_OF_RANGE' } });
    expect(await attempt({ ...STRICT, noProgressYellowDays: 12, escalateToCountyAfterNoProgressDays: 10 })).toMatchObject({ extensions: { code: 'ESCALATION_POLICY_ORDER' } });
    // the same policy again
    expect(await attempt(STRICT)).toMatchObject({ extensions: { code: 'LEDGER_ESCALATION_POLICY_UNCHANGED' } });
    // not a whole number: GraphQL's Int refuses it before any resolver runs
    const fractional = await api.gql(SET, { input: { idempotencyKey: key(), campaignId: cityCampaignId, policy: { ...STRICT, yellowDaysBeforeDeadline: 1.5 }, reason: '试验' } }, city);
    expect(fractional.errors?.[0]?.message).toMatch(/Int/);
    // a missing field, and no reason
    const { escalateToCityAfterMoreDays: _omitted, ...partial } = STRICT;
    expect((await api.gql(SET, { input: { idempotencyKey: key(), campaignId: cityCampaignId, policy: partial, reason: '试验' } }, city)).errors).toBeDefined();
    expect((await api.gql(SET, { input: { idempotencyKey: key(), campaignId: cityCampaignId, policy: STRICT, reason: '' } }, city)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await effective(cityCampaignId, city)).toMatchObject({ origin: 'OWN', policy: STRICT, reason: '市委督查室要求加快督办' });
  });

  it('only whoever manages the campaign may set it: field roles and auditors are FORBIDDEN, a county cannot set the city’s, a sibling county sees nothing', async () => {
    const input = (campaignId: string) => ({ input: { idempotencyKey: key(), waitForProjection: true, campaignId, policy: { ...STRICT, escalateToCityAfterMoreDays: 9 }, reason: '越权尝试' } });
    expect((await api.gql(SET, input(chuheCampaignId), inspector)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await api.gql(SET, input(cityCampaignId), auditor)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await api.gql(CLEAR, { input: { idempotencyKey: key(), campaignId: cityCampaignId, reason: '越权' } }, inspector)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await api.gql(SET, input(cityCampaignId), yuzhou)).errors?.[0]?.extensions?.code).toMatch(/^(LEDGER_TENANT_OUT_OF_SCOPE|NOT_FOUND)$/);
    expect((await api.gql(SET, input(yuzhouCampaignId), yanling)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await api.gql(`query($id: ID!) { escalationPolicy(campaignId: $id) { origin } }`, { id: yuzhouCampaignId }, yanling)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await api.gql(`query($id: ID!) { escalationPolicy(campaignId: $id) { origin } }`, { id: cityCampaignId }, null)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await effective(cityCampaignId, city)).toMatchObject({ policy: STRICT });
    // the city manages the campaigns below it
    data(await api.gql(SET, input(chuheCampaignId), city));
    expect(await effective(chuheCampaignId, inspector)).toMatchObject({ origin: 'OWN', policy: { escalateToCityAfterMoreDays: 9 } });
  });
});
