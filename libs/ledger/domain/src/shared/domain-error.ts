import { type JsonValue } from '@rectify/shared-util';

/**
 * Every code a decider, a rule or a stream-id builder of this library can raise. The codes are
 * stable: the API maps them to GraphQL errors and the worker branches on some of them (e.g. it
 * treats LEDGER_ESCALATION_ALREADY_RECORDED as "already done").
 */
export const LEDGER_ERROR_CODES = [
  'LEDGER_INVALID_METADATA',
  'LEDGER_INVALID_ID',
  'LEDGER_INVALID_INPUT',
  'LEDGER_INVALID_DATE',
  'LEDGER_TENANT_OUT_OF_SCOPE',
  'LEDGER_ID_MISMATCH',
  'LEDGER_STREAM_CORRUPT',
  'LEDGER_CAMPAIGN_ALREADY_EXISTS',
  'LEDGER_CAMPAIGN_NOT_FOUND',
  'LEDGER_CAMPAIGN_CLOSED',
  'LEDGER_PHASES_INVALID',
  'LEDGER_CAMPAIGN_DATES_INVALID',
  'LEDGER_CHECKLIST_UNCHANGED',
  'LEDGER_CHECKLIST_VERSION_MISMATCH',
  'LEDGER_CHILD_TENANT_NOT_BELOW',
  'LEDGER_ALREADY_FORWARDED',
  'LEDGER_FORWARD_DATE_AFTER_PARENT',
  'LEDGER_CHECKLIST_VERSION_EXISTS',
  'LEDGER_CHECKLIST_ITEMS_INVALID',
  'LEDGER_OVERLAY_INVALID',
  'LEDGER_INSPECTION_CELL_ALREADY_CHECKED',
  'LEDGER_ITEM_NOT_IN_CHECKLIST',
  'LEDGER_INSPECTION_ENTRY_ALREADY_LINKED',
  'LEDGER_ENTRY_ALREADY_EXISTS',
  'LEDGER_ENTRY_NOT_FOUND',
  'LEDGER_INVALID_TRANSITION',
  'LEDGER_RECURRENCE_INVALID',
  'LEDGER_PLAN_INCOMPLETE',
  'LEDGER_MEASURES_NOT_SPECIFIC',
  'LEDGER_DEADLINE_INVALID',
  'LEDGER_DEADLINE_IN_PAST',
  'LEDGER_RESULT_NOT_SPECIFIC',
  'LEDGER_EVIDENCE_MISSING',
  'LEDGER_REASON_REQUIRED',
  'LEDGER_APPROVER_IS_SUBMITTER',
  'LEDGER_EXTENSION_ALREADY_PENDING',
  'LEDGER_EXTENSION_NOT_PENDING',
  'LEDGER_EXTENSION_NOT_APPLICABLE',
  'LEDGER_EXTENSION_NOT_LATER',
  'LEDGER_ESCALATION_ALREADY_RECORDED',
  'LEDGER_ESCALATION_OUT_OF_ORDER',
  'LEDGER_ESCALATION_TARGET_INVALID',
  'LEDGER_ESCALATION_POLICY_UNCHANGED',
  'ESCALATION_POLICY_NOT_INTEGER',
  'ESCALATION_POLICY_OUT_OF_RANGE',
  'ESCALATION_POLICY_ORDER',
  'ESCALATION_POLICY_UNKNOWN_FIELD',
  'REPORT_ALREADY_EXISTS',
  'REPORT_NOT_FOUND',
  'REPORT_INVALID_TRANSITION',
  'REPORT_FILE_INVALID',
  'REPORT_FILE_ALREADY_RECORDED',
  'REPORT_FILE_NOT_CURRENT',
  'REPORT_NOT_OWNER',
  'REPORT_RECIPIENT_INVALID',
  'REPORT_NOT_RECIPIENT',
  'REPORT_REVIEWER_IS_SUBMITTER',
  'REPORT_COMMENTS_REQUIRED',
] as const;

export type LedgerErrorCode = (typeof LEDGER_ERROR_CODES)[number];

export type DomainErrorDetails = { [key: string]: JsonValue };

/**
 * A command the rules or the current state forbid. `message` is Chinese and shown to users;
 * `code` is for programs; `details` names fields or values where that helps. A decider that
 * throws a DomainError has decided nothing: the handler appends no event.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    readonly details?: DomainErrorDetails,
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
