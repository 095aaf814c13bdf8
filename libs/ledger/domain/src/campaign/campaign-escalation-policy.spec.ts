import { CHUHE, XUCHANG, YANLING, YUZHOU, meta } from '../testing/fixtures';
import { deciderSpec } from '../testing/decider-spec';
import { type CommandMetadata } from '../shared/command-metadata';
import { decideCampaign, evolveCampaign } from './campaign.decider';
import { type CampaignEvent, type CampaignIssued, type CampaignReceived, type CampaignEscalationPolicySet, type SetEscalationPolicy, initialCampaignState } from './campaign.types';
import { DEFAULT_ESCALATION_POLICY, type EscalationPolicy } from './escalation-policy';

const spec = deciderSpec({ decide: decideCampaign, evolve: evolveCampaign, initial: initialCampaignState });

const cityMeta: CommandMetadata = meta({ now: '2023-08-01T02:00:00Z', actor: { userId: 'user-city', name: '李督查', role: 'reviewer' }, tenant: XUCHANG });
const countyMeta: CommandMetadata = meta({ now: '2023-08-02T02:00:00Z', actor: { userId: 'user-county', name: '张督查', role: 'reviewer' }, tenant: YUZHOU });

const issued: CampaignIssued = {
  type: 'CampaignIssued',
  schemaVersion: 1,
  data: {
    campaignId: 'c-city',
    title: '“大排查、大整改、大提升”专项行动',
    docNumber: '许巩固脱贫组〔2023〕4号',
    issuedOn: '2023-07-25',
    tenant: XUCHANG,
    phases: [{ name: '集中整改', startDate: null, endDate: '2023-08-31' }],
    deadlines: { immediate: '2023-08-31', fixedTerm: '2023-10-31' },
    reportDueDate: '2023-09-05',
    checklistVersionId: 'v-city',
    at: '2023-07-25T02:00:00Z',
    by: { userId: 'user-city' },
  },
};

const received: CampaignReceived = {
  type: 'CampaignReceived',
  schemaVersion: 1,
  data: {
    campaignId: 'c-yuzhou',
    parentCampaignId: 'c-city',
    parentTenant: XUCHANG,
    parentChecklistVersionId: 'v-city',
    parentReportDueDate: '2023-09-05',
    tenant: YUZHOU,
    title: issued.data.title,
    docNumber: null,
    issuedOn: '2023-07-27',
    phases: issued.data.phases,
    deadlines: issued.data.deadlines,
    reportDueDate: '2023-08-25',
    checklistVersionId: 'v-yuzhou',
    at: '2023-07-27T02:00:00Z',
    by: { userId: 'user-county' },
  },
};

const STRICT: EscalationPolicy = {
  yellowDaysBeforeDeadline: 5,
  noProgressYellowDays: 5,
  escalateToCountyAfterRedDays: 1,
  escalateToCountyAfterNoProgressDays: 10,
  escalateToCityAfterMoreDays: 3,
};

const set = (policy: EscalationPolicy | null, metadata = cityMeta, campaignId = 'c-city', reason = '市委督查室要求加快督办节奏'): SetEscalationPolicy => ({
  type: 'SetEscalationPolicy',
  metadata,
  campaignId,
  policy,
  reason,
});

const policySet = (policy: EscalationPolicy | null, previousPolicy: EscalationPolicy | null, campaignId = 'c-city', metadata = cityMeta, reason = '市委督查室要求加快督办节奏'): CampaignEscalationPolicySet => ({
  type: 'CampaignEscalationPolicySet',
  schemaVersion: 1,
  data: {
    campaignId,
    policy,
    previousPolicy,
    reason,
    at: metadata.now,
    by: metadata.actor,
  },
});

describe('SetEscalationPolicy (督办升级规则)', () => {
  it('→ CampaignEscalationPolicySet with the five values and the reason; the campaign then has it', () => {
    spec.given([issued]).when(set(STRICT)).then([policySet(STRICT, null)]);
    expect(spec.given([issued]).when(set(STRICT)).state()).toMatchObject({ escalationPolicy: STRICT });
  });

  it('a campaign starts without a policy of its own (it inherits)', () => {
    expect(spec.given([issued]).when(set(STRICT)).state()).not.toBeNull();
    const fresh = [issued, received].map((e) => evolveCampaign(null, e));
    expect(fresh.map((c) => c?.escalationPolicy)).toEqual([null, null]);
  });

  it('keeps only the five values (in field order), whatever else the object carried in memory', () => {
    const reordered = { escalateToCityAfterMoreDays: 3, escalateToCountyAfterNoProgressDays: 10, escalateToCountyAfterRedDays: 1, noProgressYellowDays: 5, yellowDaysBeforeDeadline: 5 };
    const [event] = spec.given([issued]).when(set(reordered)).events();
    expect(Object.keys((event as CampaignEscalationPolicySet).data.policy ?? {})).toEqual(Object.keys(STRICT));
  });

  it('a county sets its own policy on its forwarded campaign (it replaces the inherited one)', () => {
    spec.given([received]).when(set(STRICT, countyMeta, 'c-yuzhou', '本县提前督办')).then([policySet(STRICT, null, 'c-yuzhou', countyMeta, '本县提前督办')]);
  });

  it('changes a policy (previousPolicy records the old one) and drops it with null to inherit again', () => {
    const looser = { ...STRICT, escalateToCityAfterMoreDays: 10 };
    spec.given([issued, policySet(STRICT, null)]).when(set(looser)).then([policySet(looser, STRICT)]);
    spec.given([issued, policySet(STRICT, null)]).when(set(null, cityMeta, 'c-city', '恢复默认规则')).then([policySet(null, STRICT, 'c-city', cityMeta, '恢复默认规则')]);
    expect(spec.given([issued, policySet(STRICT, null)]).when(set(null, cityMeta, 'c-city', '恢复默认')).state()?.escalationPolicy).toBeNull();
  });

  it('refuses the same policy again, and dropping a policy the campaign does not have (LEDGER_ESCALATION_POLICY_UNCHANGED)', () => {
    spec.given([issued, policySet(STRICT, null)]).when(set({ ...STRICT })).thenError('LEDGER_ESCALATION_POLICY_UNCHANGED');
    spec.given([issued]).when(set(null)).thenError('LEDGER_ESCALATION_POLICY_UNCHANGED');
  });

  it('setting the defaults explicitly is a policy of its own (it stops inheriting a parent’s)', () => {
    spec.given([received]).when(set({ ...DEFAULT_ESCALATION_POLICY }, countyMeta, 'c-yuzhou')).then([policySet({ ...DEFAULT_ESCALATION_POLICY }, null, 'c-yuzhou', countyMeta)]);
  });

  it.each`
    override                                                                | code                                 | field
    ${{ yellowDaysBeforeDeadline: 1.5 }}                                    | ${'ESCALATION_POLICY_NOT_INTEGER'}   | ${'yellowDaysBeforeDeadline'}
    ${{ noProgressYellowDays: '7' }}                                        | ${'ESCALATION_POLICY_NOT_INTEGER'}   | ${'noProgressYellowDays'}
    ${{ escalateToCountyAfterRedDays: 0 }}                                  | ${'ESCALATION_POLICY_OUT_OF_RANGE'}  | ${'escalateToCountyAfterRedDays'}
    ${{ escalateToCityAfterMoreDays: 367 }}                                 | ${'ESCALATION_POLICY_OUT_OF_RANGE'}  | ${'escalateToCityAfterMoreDays'}
    ${{ yellowDaysBeforeDeadline: -1 }}                                     | ${'ESCALATION_POLICY_OUT_OF_RANGE'}  | ${'yellowDaysBeforeDeadline'}
    ${{ noProgressYellowDays: 10, escalateToCountyAfterNoProgressDays: 5 }} | ${'ESCALATION_POLICY_ORDER'}         | ${'escalateToCountyAfterNoProgressDays'}
    ${{ escalateToProvinceAfterDays: 3 }}                                   | ${'ESCALATION_POLICY_UNKNOWN_FIELD'} | ${'escalateToProvinceAfterDays'}
  `('refuses $override with $code (the policy validation’s stable code) and writes nothing', ({ override, code, field }) => {
    const error = spec
      .given([issued])
      .when(set({ ...STRICT, ...override } as EscalationPolicy))
      .thenError(code, { field });
    expect(error.details?.['issues']).toEqual([expect.objectContaining({ code, field })]);
  });

  it('lists every issue of a policy, the first one giving the code', () => {
    const error = spec
      .given([issued])
      .when(set({ ...STRICT, noProgressYellowDays: Number.NaN, escalateToCityAfterMoreDays: -2 }))
      .thenError('ESCALATION_POLICY_NOT_INTEGER');
    expect((error.details?.['issues'] as { code: string }[]).map((issue) => issue.code)).toEqual(['ESCALATION_POLICY_NOT_INTEGER', 'ESCALATION_POLICY_OUT_OF_RANGE']);
    expect(error.message).toContain('督办规则无效');
  });

  it('needs a reason (LEDGER_INVALID_INPUT)', () => {
    spec.given([issued]).when(set(STRICT, cityMeta, 'c-city', '   ')).thenError('LEDGER_INVALID_INPUT', { field: 'reason' });
  });

  it('only within the caller’s scope: a county cannot set the city’s policy, nor a sibling county’s', () => {
    spec.given([issued]).when(set(STRICT, countyMeta)).thenError('LEDGER_TENANT_OUT_OF_SCOPE');
    spec.given([received]).when(set(STRICT, meta({ now: '2023-08-02T02:00:00Z', actor: { userId: 'user-yanling' }, tenant: YANLING }), 'c-yuzhou')).thenError('LEDGER_TENANT_OUT_OF_SCOPE');
    spec.given([received]).when(set(STRICT, meta({ now: '2023-08-02T02:00:00Z', actor: { userId: 'user-chuhe' }, tenant: CHUHE }), 'c-yuzhou')).thenError('LEDGER_TENANT_OUT_OF_SCOPE');
  });

  it('the city may set the policy of a county campaign below it', () => {
    spec.given([received]).when(set(STRICT, cityMeta, 'c-yuzhou')).then([policySet(STRICT, null, 'c-yuzhou')]);
  });

  it('not on a closed campaign, nor one that does not exist', () => {
    const closed: CampaignEvent = { type: 'CampaignClosed', schemaVersion: 1, data: { campaignId: 'c-city', summary: null, at: '2023-11-01T02:00:00Z', by: { userId: 'user-city' } } };
    spec.given([issued, closed]).when(set(STRICT)).thenError('LEDGER_CAMPAIGN_CLOSED');
    spec.given([]).when(set(STRICT)).thenError('LEDGER_CAMPAIGN_NOT_FOUND');
  });

  it('a policy event on a stream with no campaign is a corrupt stream', () => {
    expect(() => evolveCampaign(null, policySet(STRICT, null))).toThrow(expect.objectContaining({ code: 'LEDGER_STREAM_CORRUPT' }));
  });
});
