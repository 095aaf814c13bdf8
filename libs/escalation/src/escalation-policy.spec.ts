import {
  DEFAULT_ESCALATION_POLICY,
  type EscalationPolicy,
  EscalationError,
  resolveEscalationPolicy,
  validateEscalationPolicy,
} from './escalation-policy';

describe('escalation policy', () => {
  it('has the documented defaults and they are valid', () => {
    expect(DEFAULT_ESCALATION_POLICY).toEqual({
      yellowDaysBeforeDeadline: 3,
      noProgressYellowDays: 7,
      escalateToCountyAfterRedDays: 3,
      escalateToCountyAfterNoProgressDays: 14,
      escalateToCityAfterMoreDays: 7,
    });
    expect(validateEscalationPolicy(DEFAULT_ESCALATION_POLICY)).toEqual([]);
    expect(resolveEscalationPolicy()).toEqual(DEFAULT_ESCALATION_POLICY);
  });

  it('applies a campaign override on top of the defaults, ignoring undefined values', () => {
    expect(resolveEscalationPolicy({ escalateToCityAfterMoreDays: 5, yellowDaysBeforeDeadline: undefined })).toEqual({
      ...DEFAULT_ESCALATION_POLICY,
      escalateToCityAfterMoreDays: 5,
    });
  });

  it.each`
    override                                                                      | code                                | field
    ${{ yellowDaysBeforeDeadline: 1.5 }}                                          | ${'ESCALATION_POLICY_NOT_INTEGER'}  | ${'yellowDaysBeforeDeadline'}
    ${{ yellowDaysBeforeDeadline: -1 }}                                           | ${'ESCALATION_POLICY_OUT_OF_RANGE'} | ${'yellowDaysBeforeDeadline'}
    ${{ escalateToCountyAfterRedDays: 0 }}                                        | ${'ESCALATION_POLICY_OUT_OF_RANGE'} | ${'escalateToCountyAfterRedDays'}
    ${{ escalateToCityAfterMoreDays: 400 }}                                       | ${'ESCALATION_POLICY_OUT_OF_RANGE'} | ${'escalateToCityAfterMoreDays'}
    ${{ noProgressYellowDays: 10, escalateToCountyAfterNoProgressDays: 5 }}       | ${'ESCALATION_POLICY_ORDER'}        | ${'escalateToCountyAfterNoProgressDays'}
  `('rejects $override with $code', ({ override, code, field }) => {
    const policy: EscalationPolicy = { ...DEFAULT_ESCALATION_POLICY, ...override };
    expect(validateEscalationPolicy(policy)).toEqual([expect.objectContaining({ code, field })]);
    expect(() => resolveEscalationPolicy(override)).toThrow(EscalationError);
  });

  it('lists every issue with a Chinese message, and names unknown fields', () => {
    const policy = { ...DEFAULT_ESCALATION_POLICY, noProgressYellowDays: Number.NaN, escalateToCityAfterMoreDays: -2, extra: 1 };
    const issues = validateEscalationPolicy(policy);
    expect(issues.map((issue) => issue.code)).toEqual([
      'ESCALATION_POLICY_UNKNOWN_FIELD',
      'ESCALATION_POLICY_NOT_INTEGER',
      'ESCALATION_POLICY_OUT_OF_RANGE',
    ]);
    expect(issues[1]?.message).toBe('无进展黄灯天数必须是整数天');
    try {
      resolveEscalationPolicy({ noProgressYellowDays: Number.NaN });
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).toMatchObject({ code: 'ESCALATION_POLICY_NOT_INTEGER', message: expect.stringContaining('督办规则无效') });
    }
  });
});
