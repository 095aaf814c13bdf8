// Shared
export { DomainError, isDomainError, LEDGER_ERROR_CODES, type LedgerErrorCode, type DomainErrorDetails } from './shared/domain-error';
export { type Actor, type TenantRef, type CommandMetadata, isValidId } from './shared/command-metadata';
export {
  isCalendarDate,
  isIsoInstant,
  shanghaiDateOf,
  compareCalendarDates,
  compareInstants,
  addDays,
  daysBetween,
  isPastDeadline,
} from './shared/calendar';
export { isTenantPath, isWithinTenantPath, isStrictlyBelowTenantPath } from './shared/tenant-path';
export { streamIds } from './shared/stream-ids';
export { type DomainEvent, type LedgerDomainEvent, type LedgerDomainEventType, EVENT_SCHEMA_VERSIONS, fold } from './domain-event';

// Text rules (整改结果 / 整改措施)
export {
  checkResultText,
  checkMeasuresText,
  normaliseText,
  MIN_MEANINGFUL_CHARS,
  BARE_RESULT_PHRASES,
  BARE_MEASURE_PHRASES,
  FILLER_WORDS,
  type TextCheck,
  type TextRejection,
} from './text/specific-text';

// Checklist versions (排查清单)
export { type ChecklistItem, normaliseChecklistItems } from './checklist/checklist-item';
export { type ChecklistOverlay, type ChecklistItemChange, EMPTY_OVERLAY, applyOverlay } from './checklist/checklist-overlay';
export { diffChecklists, type ChecklistDiff, type ChecklistItemDiff, type ChecklistClassification } from './checklist/diff-checklists';
export {
  decideChecklist,
  evolveChecklist,
  initialChecklistVersionState,
  type ChecklistVersionState,
  type ChecklistCommand,
  type DefineChecklistVersion,
  type DeriveChecklistVersion,
  type ChecklistEvent,
  type ChecklistVersionDefined,
} from './checklist/checklist-version';

// Campaigns (专项行动)
export {
  initialCampaignState,
  type Campaign,
  type CampaignState,
  type CampaignOrigin,
  type CampaignForward,
  type CampaignPhase,
  type CampaignDeadlines,
  type CampaignCommand,
  type IssueCampaign,
  type ReviseChecklist,
  type ForwardCampaign,
  type ReceiveForwardedCampaign,
  type CloseCampaign,
  type CampaignEvent,
  type CampaignIssued,
  type CampaignChecklistRevised,
  type CampaignForwarded,
  type CampaignReceived,
  type CampaignClosed,
  type SetEscalationPolicy,
  type CampaignEscalationPolicySet,
} from './campaign/campaign.types';
export { decideCampaign, evolveCampaign } from './campaign/campaign.decider';
export { forwardingFollowUps } from './campaign/campaign-forwarding';
export {
  DEFAULT_ESCALATION_POLICY,
  ESCALATION_POLICY_FIELDS,
  ESCALATION_POLICY_FIELD_LABELS,
  ESCALATION_POLICY_ISSUE_CODES,
  MAX_POLICY_DAYS,
  validateEscalationPolicy,
  policyValues,
  samePolicy,
  type EscalationPolicy,
  type EscalationPolicyIssue,
  type EscalationPolicyIssueCode,
} from './campaign/escalation-policy';

// Village inspections (逐村逐项排查)
export {
  decideInspection,
  evolveInspection,
  initialVillageInspectionState,
  type VillageInspection,
  type VillageInspectionState,
  type InspectionCell,
  type InspectionOutcome,
  type InspectionCommand,
  type RecordVillageCheck,
  type InspectionEvent,
  type VillageItemChecked,
} from './inspection/village-inspection';
export { inspectionCoverage, uncheckedCells, checkedCellsOf, type InspectionCellRef, type InspectionCoverage } from './inspection/inspection-coverage';

// Ledger entries (整改台账条目)
export {
  initialLedgerEntryState,
  type LedgerEntry,
  type LedgerEntryState,
  type EntryStatus,
  type RectificationPlan,
  type RectificationDeadline,
  type DeadlineClass,
  type Milestone,
  type PriorSignOff,
  type Recurrence,
  type EscalationLevel,
  type LedgerEntryCommand,
  type RecordProblem,
  type PlanRectification,
  type ReportProgress,
  type SubmitResult,
  type ApproveSignOff,
  type RejectSignOff,
  type RequestDeadlineExtension,
  type ApproveDeadlineExtension,
  type RejectDeadlineExtension,
  type Escalate,
  type VoidEntry,
  type LedgerEntryEvent,
  type ProblemRecorded,
  type RectificationPlanned,
  type ProgressReported,
  type ResultSubmitted,
  type SignOffApproved,
  type SignOffRejected,
  type DeadlineExtensionRequested,
  type DeadlineExtensionApproved,
  type DeadlineExtensionRejected,
  type EntryEscalated,
  type EntryVoided,
} from './entry/ledger-entry.types';
export { decideLedgerEntry, evolveLedgerEntry } from './entry/ledger-entry.decider';
export { dueDateOf, isEntryOverdue } from './entry/rectification-deadline';

// Reports (报表: requests, files, submissions up the hierarchy, returns)
export { type ReportDomainEventType } from './domain-event';
export {
  initialReportState,
  type Report,
  type ReportState,
  type ReportStatus,
  type ReportKind,
  type ReportFileFormat,
  type ReportChecksum,
  type ReportFile,
  type ReportSubmission,
  type ReportCommand,
  type RequestReport,
  type RecordReportFile,
  type SubmitReport,
  type AcceptReport,
  type ReturnReport,
  type ReportEvent,
  type ReportRequested,
  type ReportFileRecorded,
  type ReportSubmitted,
  type ReportAccepted,
  type ReportReturned,
} from './report/report.types';
export { decideReport, evolveReport, parentTenantPath, REPORT_KINDS, REPORT_FILE_FORMATS } from './report/report.decider';
