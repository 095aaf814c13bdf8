export {
  DEFAULT_ESCALATION_POLICY,
  ESCALATION_POLICY_FIELDS,
  ESCALATION_ERROR_CODES,
  MAX_POLICY_DAYS,
  EscalationError,
  validateEscalationPolicy,
  resolveEscalationPolicy,
  loosestOf,
  type EscalationPolicy,
  type EscalationPolicyIssue,
  type EscalationErrorCode,
} from './escalation-policy';
export { snapshotOfEntry, type EntryLightSnapshot } from './entry-snapshot';
export { computeEntryLight, type EntryLight, type Light, type LightReason, type LightReasonCode } from './entry-light';
