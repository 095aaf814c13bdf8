/**
 * The escalation policy of a campaign (督办升级规则). All values are whole Asia/Shanghai calendar days.
 * See libs/escalation/README.md for the rules that use them.
 */
export type EscalationPolicy = {
  /** Yellow when the effective deadline is this many days away or fewer (0 = only on the day itself). */
  yellowDaysBeforeDeadline: number;
  /** Yellow when there has been no activity (plan, progress, result) for this many days. */
  noProgressYellowDays: number;
  /** Escalate to the county when the entry has been overdue (red) for this many days. */
  escalateToCountyAfterRedDays: number;
  /** Escalate to the county when there has been no activity for this many days. */
  escalateToCountyAfterNoProgressDays: number;
  /** Escalate to the city this many days after the county escalation was recorded. */
  escalateToCityAfterMoreDays: number;
};

/** The defaults of DESIGN.md's escalation table, used when a campaign sets nothing. */
export const DEFAULT_ESCALATION_POLICY: Readonly<EscalationPolicy> = Object.freeze({
  yellowDaysBeforeDeadline: 3,
  noProgressYellowDays: 7,
  escalateToCountyAfterRedDays: 3,
  escalateToCountyAfterNoProgressDays: 14,
  escalateToCityAfterMoreDays: 7,
});

export const ESCALATION_POLICY_FIELDS = [
  'yellowDaysBeforeDeadline',
  'noProgressYellowDays',
  'escalateToCountyAfterRedDays',
  'escalateToCountyAfterNoProgressDays',
  'escalateToCityAfterMoreDays',
] as const satisfies readonly (keyof EscalationPolicy)[];

/** The longest period a policy may name: one year. */
export const MAX_POLICY_DAYS = 366;

export const ESCALATION_ERROR_CODES = [
  'ESCALATION_POLICY_NOT_INTEGER',
  'ESCALATION_POLICY_OUT_OF_RANGE',
  'ESCALATION_POLICY_ORDER',
  'ESCALATION_POLICY_UNKNOWN_FIELD',
  'ESCALATION_INVALID_DATE',
] as const;

export type EscalationErrorCode = (typeof ESCALATION_ERROR_CODES)[number];

export type EscalationPolicyIssue = { code: EscalationErrorCode; field: string; message: string };

/** A policy (or a snapshot) that cannot be used; `message` is Chinese, `code` stable. */
export class EscalationError extends Error {
  override readonly name = 'EscalationError';

  constructor(
    readonly code: EscalationErrorCode,
    message: string,
    readonly details: { issues?: EscalationPolicyIssue[]; field?: string; value?: string } = {},
  ) {
    super(message);
  }
}

const FIELD_LABELS: Record<keyof EscalationPolicy, string> = {
  yellowDaysBeforeDeadline: '临期黄灯天数',
  noProgressYellowDays: '无进展黄灯天数',
  escalateToCountyAfterRedDays: '逾期升级到县级的天数',
  escalateToCountyAfterNoProgressDays: '无进展升级到县级的天数',
  escalateToCityAfterMoreDays: '县级督办后升级到市级的天数',
};

/** Fields that must be at least 1: with 0 the rule would fire on every entry, or before the deadline. */
const AT_LEAST_ONE: ReadonlySet<keyof EscalationPolicy> = new Set([
  'noProgressYellowDays',
  'escalateToCountyAfterRedDays',
  'escalateToCountyAfterNoProgressDays',
  'escalateToCityAfterMoreDays',
]);

/**
 * Every problem of a policy, in field order; empty when it is usable.
 * - each value an integer (ESCALATION_POLICY_NOT_INTEGER);
 * - 0…366, and at least 1 except yellowDaysBeforeDeadline (ESCALATION_POLICY_OUT_OF_RANGE);
 * - no-progress escalation not before the no-progress yellow light (ESCALATION_POLICY_ORDER).
 */
export function validateEscalationPolicy(policy: EscalationPolicy): EscalationPolicyIssue[] {
  const issues: EscalationPolicyIssue[] = [];
  for (const field of Object.keys(policy)) {
    if (!(ESCALATION_POLICY_FIELDS as readonly string[]).includes(field)) {
      issues.push({ code: 'ESCALATION_POLICY_UNKNOWN_FIELD', field, message: `未知的督办规则字段：${field}` });
    }
  }
  for (const field of ESCALATION_POLICY_FIELDS) {
    const value: unknown = policy[field];
    const label = FIELD_LABELS[field];
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      issues.push({ code: 'ESCALATION_POLICY_NOT_INTEGER', field, message: `${label}必须是整数天` });
      continue;
    }
    const min = AT_LEAST_ONE.has(field) ? 1 : 0;
    if (value < min || value > MAX_POLICY_DAYS) {
      issues.push({ code: 'ESCALATION_POLICY_OUT_OF_RANGE', field, message: `${label}必须在 ${min} 到 ${MAX_POLICY_DAYS} 天之间` });
    }
  }
  if (
    issues.length === 0 &&
    policy.escalateToCountyAfterNoProgressDays < policy.noProgressYellowDays
  ) {
    issues.push({
      code: 'ESCALATION_POLICY_ORDER',
      field: 'escalateToCountyAfterNoProgressDays',
      message: `${FIELD_LABELS.escalateToCountyAfterNoProgressDays}不能少于${FIELD_LABELS.noProgressYellowDays}（先亮黄灯，再升级）`,
    });
  }
  return issues;
}

/**
 * A campaign's policy: the defaults with the campaign's overrides applied, validated. Throws an
 * EscalationError carrying every issue (code of the first one) when the result is unusable.
 */
export function resolveEscalationPolicy(overrides: Partial<EscalationPolicy> = {}): EscalationPolicy {
  const policy: EscalationPolicy = { ...DEFAULT_ESCALATION_POLICY };
  for (const [field, value] of Object.entries(overrides)) {
    if (value !== undefined) Object.assign(policy, { [field]: value });
  }
  const issues = validateEscalationPolicy(policy);
  const first = issues[0];
  if (first) {
    throw new EscalationError(first.code, `督办规则无效：${issues.map((issue) => issue.message).join('；')}`, { issues });
  }
  return policy;
}
