import {
  DEFAULT_ESCALATION_POLICY,
  ESCALATION_POLICY_ISSUE_CODES,
  validateEscalationPolicy,
  type EscalationPolicy,
  type EscalationPolicyIssue,
} from '@rectify/ledger-domain';

/**
 * The escalation policy of a campaign (督办升级规则). Its shape, defaults and validation live in
 * @rectify/ledger-domain (the campaign decider validates `SetEscalationPolicy` with them) and are
 * re-exported here; this file adds the error class and `resolveEscalationPolicy`.
 */
export {
  DEFAULT_ESCALATION_POLICY,
  ESCALATION_POLICY_FIELDS,
  MAX_POLICY_DAYS,
  validateEscalationPolicy,
  type EscalationPolicy,
  type EscalationPolicyIssue,
} from '@rectify/ledger-domain';

export const ESCALATION_ERROR_CODES = [...ESCALATION_POLICY_ISSUE_CODES, 'ESCALATION_INVALID_DATE'] as const;

export type EscalationErrorCode = (typeof ESCALATION_ERROR_CODES)[number];

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

/**
 * The component-wise smallest of several policies: no rule of it fires later than the same rule of
 * any of them, so a read-model filter built from it is a superset of what any of them would escalate.
 */
export function loosestOf(policies: readonly EscalationPolicy[]): EscalationPolicy {
  const first = policies[0];
  if (first === undefined) return { ...DEFAULT_ESCALATION_POLICY };
  const min = (pick: (p: EscalationPolicy) => number): number => Math.min(...policies.map(pick));
  return {
    yellowDaysBeforeDeadline: Math.max(...policies.map((p) => p.yellowDaysBeforeDeadline)),
    noProgressYellowDays: min((p) => p.noProgressYellowDays),
    escalateToCountyAfterRedDays: min((p) => p.escalateToCountyAfterRedDays),
    escalateToCountyAfterNoProgressDays: min((p) => p.escalateToCountyAfterNoProgressDays),
    escalateToCityAfterMoreDays: min((p) => p.escalateToCityAfterMoreDays),
  };
}
