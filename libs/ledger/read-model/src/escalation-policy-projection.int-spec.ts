import { DEFAULT_ESCALATION_POLICY, streamIds, type CampaignEscalationPolicySet, type EscalationPolicy } from '@rectify/ledger-domain';
import { CampaignEntity } from './entities';
import { EscalationPolicyQueryService } from './queries/escalation-policy-query.service';
import { LedgerProjection } from './projections/ledger.projection';
import { givenCampaignChain, type CampaignChain } from './testing/campaign-chain';
import { CHUHE, XUCHANG, YUZHOU } from './testing/ledger-events';
import { ReadModelHarness } from './testing/read-model-harness';

let h: ReadModelHarness;
let queries: EscalationPolicyQueryService;

beforeAll(async () => {
  h = await ReadModelHarness.create();
  queries = new EscalationPolicyQueryService(h.dataSource);
});

afterAll(async () => {
  await h.close();
});

const STRICT: EscalationPolicy = { yellowDaysBeforeDeadline: 5, noProgressYellowDays: 5, escalateToCountyAfterRedDays: 1, escalateToCountyAfterNoProgressDays: 10, escalateToCityAfterMoreDays: 3 };
const COUNTY_OWN: EscalationPolicy = { ...DEFAULT_ESCALATION_POLICY, escalateToCityAfterMoreDays: 5 };

function policySet(campaignId: string, policy: EscalationPolicy | null, previousPolicy: EscalationPolicy | null, at: string, reason: string): CampaignEscalationPolicySet {
  return { type: 'CampaignEscalationPolicySet', schemaVersion: 1, data: { campaignId, policy, previousPolicy, reason, at, by: { userId: 'u-reviewer', name: '李督查' } } };
}

const projection = new LedgerProjection();

/**
 * Given events → rows: applies the chain's campaign streams (parents first) through the ledger
 * projection, each event in its own transaction as the runner would. Streams are read directly, not
 * through readAll, which holds events back behind other suites' long transactions on the shared server.
 */
async function projectAll(c: CampaignChain): Promise<void> {
  for (const id of [c.city, c.county, c.township]) {
    for (const event of await h.store.readStream(streamIds.campaign(id))) {
      await h.dataSource.transaction((manager) => projection.apply(manager, event));
    }
  }
}

const rowOf = (campaignId: string) => h.dataSource.getRepository(CampaignEntity).findOneByOrFail({ campaignId });

describe('campaign escalation policy: given events, then rows and effective policies', () => {
  it('projects a campaign’s own policy, and resolves it down the forwarding chain (own → inherited → defaults)', async () => {
    const c = await givenCampaignChain(h);
    await projectAll(c);
    expect(await rowOf(c.city)).toMatchObject({ escalationPolicy: null, escalationPolicyReason: null, escalationPolicySetAt: null });
    for (const id of [c.city, c.county, c.township]) {
      expect(await queries.effectivePolicy(id)).toMatchObject({ origin: 'default', policy: DEFAULT_ESCALATION_POLICY, sourceCampaignId: null });
    }
    expect((await queries.policyTable()).byCampaign.has(c.township)).toBe(false);

    await h.append(streamIds.campaign(c.city), XUCHANG, [policySet(c.city, STRICT, null, '2023-08-01T02:00:00Z', '市委督查室要求加快督办')]);
    await projectAll(c);
    expect(await rowOf(c.city)).toMatchObject({
      escalationPolicy: STRICT,
      escalationPolicyReason: '市委督查室要求加快督办',
      escalationPolicySetAt: new Date('2023-08-01T02:00:00Z'),
      escalationPolicySetBy: '李督查',
      lastEventVersion: 2,
    });
    expect(await queries.effectivePolicy(c.township)).toMatchObject({ origin: 'inherited', policy: STRICT, sourceCampaignId: c.city, sourceTenantPath: XUCHANG.path, reason: '市委督查室要求加快督办' });
    const table = (await queries.policyTable()).byCampaign;
    for (const id of [c.city, c.county, c.township]) expect(table.get(id)).toEqual(STRICT);

    await h.append(streamIds.campaign(c.county), YUZHOU, [policySet(c.county, COUNTY_OWN, null, '2023-08-02T02:00:00Z', '本市自定')]);
    await projectAll(c);
    expect(await queries.effectivePolicy(c.county)).toMatchObject({ origin: 'own', policy: COUNTY_OWN, sourceCampaignId: c.county });
    expect(await queries.effectivePolicy(c.township)).toMatchObject({ origin: 'inherited', policy: COUNTY_OWN, sourceCampaignId: c.county });
    expect(await queries.effectivePolicy(c.city)).toMatchObject({ origin: 'own', policy: STRICT });
    expect((await queries.policyTable()).byCampaign.get(c.township)).toEqual(COUNTY_OWN);

    // dropped again (null): the township follows the city once more
    await h.append(streamIds.campaign(c.county), YUZHOU, [policySet(c.county, null, COUNTY_OWN, '2023-08-03T02:00:00Z', '恢复执行市级规则')]);
    await projectAll(c);
    expect(await rowOf(c.county)).toMatchObject({ escalationPolicy: null, escalationPolicyReason: '恢复执行市级规则' });
    expect(await queries.effectivePolicy(c.township)).toMatchObject({ origin: 'inherited', policy: STRICT, sourceCampaignId: c.city });
  });

  it('answers only within the caller’s scope (or above it), like the campaign itself; unknown ids are null', async () => {
    const c = await givenCampaignChain(h);
    await projectAll(c);
    expect(await queries.effectivePolicy(c.township, CHUHE.path)).not.toBeNull();
    expect(await queries.effectivePolicy(c.city, CHUHE.path)).not.toBeNull(); // the notice reached the township from above
    expect(await queries.effectivePolicy(c.township, '411000/411024')).toBeNull(); // 鄢陵县: a sibling's campaign
    expect(await queries.effectivePolicy('no-such-campaign')).toBeNull();
  });

  it('an older event applied again (a replay after the checkpoint) does not overwrite a newer policy', async () => {
    const c = await givenCampaignChain(h);
    await h.append(streamIds.campaign(c.city), XUCHANG, [policySet(c.city, STRICT, null, '2023-08-01T02:00:00Z', '第一次')]);
    await h.append(streamIds.campaign(c.city), XUCHANG, [policySet(c.city, COUNTY_OWN, STRICT, '2023-08-05T02:00:00Z', '第二次')]);
    await projectAll(c);
    const [first] = await h.store.readStream(streamIds.campaign(c.city), { from: 2, maxCount: 1 });
    await h.dataSource.transaction(async (manager) => {
      const { CAMPAIGN_HANDLERS } = await import('./projections/campaign.projection');
      await CAMPAIGN_HANDLERS.CampaignEscalationPolicySet(manager, first);
    });
    expect(await rowOf(c.city)).toMatchObject({ escalationPolicy: COUNTY_OWN, escalationPolicyReason: '第二次' });
  });
});
