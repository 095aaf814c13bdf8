import { type Actor, type CommandMetadata, type TenantRef } from '../shared/command-metadata';
import { type CampaignDeadlines } from '../campaign/campaign.types';

/** A milestone of a long-term (长效) rectification. */
export type Milestone = { date: string; description: string };

/**
 * 整改时限, by class:
 * - `immediate` 立行立改: a date no later than the campaign's 立行立改 date (2023-08-31);
 * - `fixed_term` 限期解决: a date no later than the campaign's 限期解决 date (2023-10-31);
 * - `long_term` 长效机制，分阶段解决: dated milestones, the last one being the due date.
 */
export type RectificationDeadline =
  | { kind: 'immediate'; date: string }
  | { kind: 'fixed_term'; date: string }
  | { kind: 'long_term'; milestones: Milestone[] };

export type DeadlineClass = RectificationDeadline['kind'];

/** An earlier entry for the same village × item that was signed off (from the recurrence index). */
export type PriorSignOff = { entryId: string; campaignId: string; signedOffAt: string };

export type EscalationLevel = 'county' | 'city';

// Commands (stream `entry-{entryId}`)

/** 对照排查发现问题: record a problem found in a village against a checklist item. */
export type RecordProblem = {
  type: 'RecordProblem';
  metadata: CommandMetadata;
  entryId: string;
  campaignId: string;
  villageCode: string;
  itemNo: number;
  description: string;
  /** The inspector (name as written in the ledger). */
  foundBy: string;
  /** ISO-8601 instant, not after metadata.now. */
  foundAt: string;
  /** The campaign's 立行立改 / 限期解决 dates, copied from the campaign so plans can be checked. */
  campaignDeadlines: CampaignDeadlines;
  /**
   * Signed-off entries of the same village × item, from any campaign, fetched by the application
   * from the recurrence index keyed by (villageCode, itemNo). Empty when there are none.
   */
  priorSignedOff: PriorSignOff[];
};

/** 整改措施 / 责任单位 / 责任人 / 整改时限. */
export type PlanRectification = {
  type: 'PlanRectification';
  metadata: CommandMetadata;
  entryId: string;
  measures: string;
  responsibleUnit: string;
  responsiblePerson: string;
  deadline: RectificationDeadline;
};

export type ReportProgress = {
  type: 'ReportProgress';
  metadata: CommandMetadata;
  entryId: string;
  note: string;
  evidenceRefs?: string[];
};

/** 整改结果: a specific text and at least one piece of evidence. */
export type SubmitResult = {
  type: 'SubmitResult';
  metadata: CommandMetadata;
  entryId: string;
  result: string;
  evidenceRefs: string[];
};

/** 销号: the reviewer accepts the result. */
export type ApproveSignOff = { type: 'ApproveSignOff'; metadata: CommandMetadata; entryId: string; comment?: string };

/** The reviewer sends the entry back to work. */
export type RejectSignOff = { type: 'RejectSignOff'; metadata: CommandMetadata; entryId: string; reason: string };

export type RequestDeadlineExtension = {
  type: 'RequestDeadlineExtension';
  metadata: CommandMetadata;
  entryId: string;
  requestedDate: string;
  reason: string;
};

export type ApproveDeadlineExtension = {
  type: 'ApproveDeadlineExtension';
  metadata: CommandMetadata;
  entryId: string;
  comment?: string;
};

export type RejectDeadlineExtension = {
  type: 'RejectDeadlineExtension';
  metadata: CommandMetadata;
  entryId: string;
  reason: string;
};

/** Raise an overdue entry to the county or city office; once per level. */
export type Escalate = {
  type: 'Escalate';
  metadata: CommandMetadata;
  entryId: string;
  level: EscalationLevel;
  targetTenant: TenantRef;
  reason: string;
};

/** The entry was recorded in error; it stays in the stream, marked void. */
export type VoidEntry = { type: 'VoidEntry'; metadata: CommandMetadata; entryId: string; reason: string };

export type LedgerEntryCommand =
  | RecordProblem
  | PlanRectification
  | ReportProgress
  | SubmitResult
  | ApproveSignOff
  | RejectSignOff
  | RequestDeadlineExtension
  | ApproveDeadlineExtension
  | RejectDeadlineExtension
  | Escalate
  | VoidEntry;

// Events

export type Recurrence = {
  /** The most recently signed-off earlier entry: the one this problem is a recurrence of. */
  previousEntryId: string;
  previousCampaignId: string;
  previousSignedOffAt: string;
  /** Every earlier signed-off entry, oldest first (屡改屡犯: how often it came back). */
  priorSignedOff: PriorSignOff[];
};

export type ProblemRecorded = {
  type: 'ProblemRecorded';
  schemaVersion: 1;
  data: {
    entryId: string;
    campaignId: string;
    tenant: TenantRef;
    villageCode: string;
    itemNo: number;
    description: string;
    foundBy: string;
    foundAt: string;
    campaignDeadlines: CampaignDeadlines;
    recurrence: Recurrence | null;
    at: string;
    by: Actor;
  };
};

export type RectificationPlanned = {
  type: 'RectificationPlanned';
  schemaVersion: 1;
  data: {
    entryId: string;
    measures: string;
    responsibleUnit: string;
    responsiblePerson: string;
    deadline: RectificationDeadline;
    at: string;
    by: Actor;
  };
};

export type ProgressReported = {
  type: 'ProgressReported';
  schemaVersion: 1;
  data: { entryId: string; note: string; evidenceRefs: string[]; at: string; by: Actor };
};

export type ResultSubmitted = {
  type: 'ResultSubmitted';
  schemaVersion: 1;
  data: { entryId: string; result: string; evidenceRefs: string[]; at: string; by: Actor };
};

export type SignOffApproved = {
  type: 'SignOffApproved';
  schemaVersion: 1;
  data: { entryId: string; comment: string | null; resultSubmittedBy: string; at: string; by: Actor };
};

export type SignOffRejected = {
  type: 'SignOffRejected';
  schemaVersion: 1;
  data: { entryId: string; reason: string; at: string; by: Actor };
};

export type DeadlineExtensionRequested = {
  type: 'DeadlineExtensionRequested';
  schemaVersion: 1;
  data: { entryId: string; currentDueDate: string; requestedDate: string; reason: string; at: string; by: Actor };
};

export type DeadlineExtensionApproved = {
  type: 'DeadlineExtensionApproved';
  schemaVersion: 1;
  data: {
    entryId: string;
    previousDueDate: string;
    newDueDate: string;
    originalDeadline: RectificationDeadline;
    comment: string | null;
    at: string;
    by: Actor;
  };
};

export type DeadlineExtensionRejected = {
  type: 'DeadlineExtensionRejected';
  schemaVersion: 1;
  data: { entryId: string; requestedDate: string; reason: string; at: string; by: Actor };
};

export type EntryEscalated = {
  type: 'EntryEscalated';
  schemaVersion: 1;
  data: { entryId: string; level: EscalationLevel; targetTenant: TenantRef; reason: string; at: string; by: Actor };
};

export type EntryVoided = {
  type: 'EntryVoided';
  schemaVersion: 1;
  data: { entryId: string; reason: string; statusBefore: EntryStatus; at: string; by: Actor };
};

export type LedgerEntryEvent =
  | ProblemRecorded
  | RectificationPlanned
  | ProgressReported
  | ResultSubmitted
  | SignOffApproved
  | SignOffRejected
  | DeadlineExtensionRequested
  | DeadlineExtensionApproved
  | DeadlineExtensionRejected
  | EntryEscalated
  | EntryVoided;

// State

/**
 * recorded → planned → in_progress → submitted → signed_off
 *                 ↘──────────────↗      │
 *                        in_progress ←──┘ (sign-off rejected)
 * Any state but signed_off and voided → voided.
 */
export type EntryStatus = 'recorded' | 'planned' | 'in_progress' | 'submitted' | 'signed_off' | 'voided';

export type RectificationPlan = {
  measures: string;
  responsibleUnit: string;
  responsiblePerson: string;
  deadline: RectificationDeadline;
  plannedAt: string;
  plannedBy: Actor;
};

export type LedgerEntry = {
  entryId: string;
  campaignId: string;
  tenant: TenantRef;
  villageCode: string;
  itemNo: number;
  description: string;
  foundBy: string;
  foundAt: string;
  recordedAt: string;
  recordedBy: Actor;
  campaignDeadlines: CampaignDeadlines;
  recurrence: Recurrence | null;
  status: EntryStatus;
  plan: RectificationPlan | null;
  /** The deadline as first planned; extensions never change it. */
  originalDeadline: RectificationDeadline | null;
  /** The date the entry is due now: the planned date (or last milestone), moved by approved extensions. */
  dueDate: string | null;
  pendingExtension: { requestedDate: string; reason: string; at: string; by: Actor } | null;
  extensions: { previousDueDate: string; newDueDate: string; reason: string; approvedAt: string; approvedBy: Actor }[];
  progress: { note: string; evidenceRefs: string[]; at: string; by: Actor }[];
  result: { text: string; evidenceRefs: string[]; submittedAt: string; submittedBy: Actor } | null;
  signOffRejections: { reason: string; at: string; by: Actor }[];
  signOff: { comment: string | null; at: string; by: Actor } | null;
  escalations: { level: EscalationLevel; targetTenant: TenantRef; reason: string; at: string }[];
  voided: { reason: string; at: string; by: Actor } | null;
};

export type LedgerEntryState = LedgerEntry | null;

export const initialLedgerEntryState: LedgerEntryState = null;
