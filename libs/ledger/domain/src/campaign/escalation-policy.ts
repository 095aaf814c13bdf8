/**
 * The escalation policy of a campaign (督办升级规则): its shape, defaults and validation. It lives in
 * the domain so that the campaign decider can refuse a bad policy (`SetEscalationPolicy`) with the
 * same stable codes as everything else; `@rectify/escalation` re-exports it and computes the lights.
 * All values are whole Asia/Shanghai calendar days; see libs/escalation/README.md for the rules.
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

/** The defaults of DESIGN.md's escalation table, used when neither a campaign nor its ancestors set one. */
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

export const ESCALATION_POLICY_ISSUE_CODES = [
  'ESCALATION_POLICY_NOT_INTEGER',
  'ESCALATION_POLICY_OUT_OF_RANGE',
  'ESCALATION_POLICY_ORDER',
  'ESCALATION_POLICY_UNKNOWN_FIELD',
] as const;

export type EscalationPolicyIssueCode = (typeof ESCALATION_POLICY_ISSUE_CODES)[number];

export type EscalationPolicyIssue = { code: EscalationPolicyIssueCode; field: string; message: string };

export const ESCALATION_POLICY_FIELD_LABELS: Readonly<Record<keyof EscalationPolicy, string>> = {
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
 * - no-progress escalation not before the no-progress yellow light (ESCALATION_POLICY_ORDER);
 * - no other fields (ESCALATION_POLICY_UNKNOWN_FIELD).
 */
export function validateEscalationPolicy(policy: EscalationPolicy): EscalationPolicyIssue[] {
  const issues: EscalationPolicyIssue[] = [];
  if (typeof policy !== 'object' || policy === null) {
    return [{ code: 'ESCALATION_POLICY_NOT_INTEGER', field: 'policy', message: '督办规则必须给出全部五项天数' }];
  }
  for (const field of Object.keys(policy)) {
    if (!(ESCALATION_POLICY_FIELDS as readonly string[]).includes(field)) {
      issues.push({ code: 'ESCALATION_POLICY_UNKNOWN_FIELD', field, message: `未知的督办规则字段：${field}` });
    }
  }
  for (const field of ESCALATION_POLICY_FIELDS) {
    const value: unknown = policy[field];
    const label = ESCALATION_POLICY_FIELD_LABELS[field];
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      issues.push({ code: 'ESCALATION_POLICY_NOT_INTEGER', field, message: `${label}必须是整数天` });
      continue;
    }
    const min = AT_LEAST_ONE.has(field) ? 1 : 0;
    if (value < min || value > MAX_POLICY_DAYS) {
      issues.push({ code: 'ESCALATION_POLICY_OUT_OF_RANGE', field, message: `${label}必须在 ${min} 到 ${MAX_POLICY_DAYS} 天之间` });
    }
  }
  if (issues.length === 0 && policy.escalateToCountyAfterNoProgressDays < policy.noProgressYellowDays) {
    issues.push({
      code: 'ESCALATION_POLICY_ORDER',
      field: 'escalateToCountyAfterNoProgressDays',
      message: `${ESCALATION_POLICY_FIELD_LABELS.escalateToCountyAfterNoProgressDays}不能少于${ESCALATION_POLICY_FIELD_LABELS.noProgressYellowDays}（先亮黄灯，再升级）`,
    });
  }
  return issues;
}

/** The five values only, in field order (drops anything else; for events and comparisons). */
export function policyValues(policy: EscalationPolicy): EscalationPolicy {
  return {
    yellowDaysBeforeDeadline: policy.yellowDaysBeforeDeadline,
    noProgressYellowDays: policy.noProgressYellowDays,
    escalateToCountyAfterRedDays: policy.escalateToCountyAfterRedDays,
    escalateToCountyAfterNoProgressDays: policy.escalateToCountyAfterNoProgressDays,
    escalateToCityAfterMoreDays: policy.escalateToCityAfterMoreDays,
  };
}

export function samePolicy(a: EscalationPolicy | null, b: EscalationPolicy | null): boolean {
  if (a === null || b === null) return a === b;
  return ESCALATION_POLICY_FIELDS.every((field) => a[field] === b[field]);
}
