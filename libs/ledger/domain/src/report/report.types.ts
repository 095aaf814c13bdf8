import { type Actor, type CommandMetadata, type TenantRef } from '../shared/command-metadata';

/**
 * A report (报表) of one tenant for one campaign, in stream `report-{reportId}`:
 * requested → file recorded → submitted up to the parent tenant → accepted, or returned (退回)
 * and then corrected (a new file) and submitted again. Every file and every submission is kept.
 */

/** 整改台账 (the official 11-column ledger) or 工作报告 (the work report). */
export type ReportKind = 'ledger' | 'work';

export type ReportFileFormat = 'xlsx' | 'pdf' | 'docx' | 'html';

/** SM3 (GB/T 32905) or SHA-256, as lower-case hex (64 characters for both). */
export type ReportChecksum = { algorithm: 'sm3' | 'sha256'; value: string };

// Commands (stream `report-{reportId}`)

/** Ask for a report of `scope` (the caller's tenant or one below it) for a campaign. */
export type RequestReport = {
  type: 'RequestReport';
  metadata: CommandMetadata;
  reportId: string;
  kind: ReportKind;
  scope: TenantRef;
  campaignId: string;
};

/** A generated file is stored durably; record it (the worker does, after writing it). */
export type RecordReportFile = {
  type: 'RecordReportFile';
  metadata: CommandMetadata;
  reportId: string;
  fileId: string;
  checksum: ReportChecksum;
  sizeBytes: number;
  format: ReportFileFormat;
};

/**
 * 报送: the scope tenant submits its current file to its parent tenant. The file is frozen in the
 * event. `fileId` names the file the submitter saw; `dueDate` is the campaign's report due date for
 * the submitting level (the handler copies it from the campaign), so lateness is decided here.
 */
export type SubmitReport = {
  type: 'SubmitReport';
  metadata: CommandMetadata;
  reportId: string;
  fileId: string;
  to: TenantRef;
  dueDate: string;
};

/** The receiving tenant accepts the submission. */
export type AcceptReport = { type: 'AcceptReport'; metadata: CommandMetadata; reportId: string; comment?: string };

/** 退回: the receiving tenant sends the submission back with comments. */
export type ReturnReport = { type: 'ReturnReport'; metadata: CommandMetadata; reportId: string; comments: string };

export type ReportCommand = RequestReport | RecordReportFile | SubmitReport | AcceptReport | ReturnReport;

// Events

export type ReportRequested = {
  type: 'ReportRequested';
  schemaVersion: 1;
  data: { reportId: string; kind: ReportKind; scope: TenantRef; campaignId: string; at: string; by: Actor };
};

export type ReportFileRecorded = {
  type: 'ReportFileRecorded';
  schemaVersion: 1;
  data: {
    reportId: string;
    fileId: string;
    /** 1, 2, …: the file's place among the report's files. */
    fileVersion: number;
    format: ReportFileFormat;
    sizeBytes: number;
    checksum: ReportChecksum;
    at: string;
    by: Actor;
  };
};

export type ReportSubmitted = {
  type: 'ReportSubmitted';
  schemaVersion: 1;
  data: {
    reportId: string;
    /** 1, 2, …: the submission's number (a returned report is submitted again). */
    submission: number;
    fileId: string;
    fileVersion: number;
    format: ReportFileFormat;
    sizeBytes: number;
    checksum: ReportChecksum;
    from: TenantRef;
    to: TenantRef;
    dueDate: string;
    /** Submitted after the due date (Asia/Shanghai calendar day of `at`). */
    late: boolean;
    /** Calendar days after the due date (0 when on time). */
    daysLate: number;
    at: string;
    by: Actor;
  };
};

export type ReportAccepted = {
  type: 'ReportAccepted';
  schemaVersion: 1;
  data: { reportId: string; submission: number; fileId: string; comment: string | null; at: string; by: Actor };
};

export type ReportReturned = {
  type: 'ReportReturned';
  schemaVersion: 1;
  data: { reportId: string; submission: number; fileId: string; comments: string; at: string; by: Actor };
};

export type ReportEvent = ReportRequested | ReportFileRecorded | ReportSubmitted | ReportAccepted | ReportReturned;

// State

/**
 * requested → file_recorded → submitted → accepted
 *                  ↑  ↺ (newer file)   ↓
 *                  └──── returned ←────┘ (退回, then a corrected file)
 */
export type ReportStatus = 'requested' | 'file_recorded' | 'submitted' | 'returned' | 'accepted';

export type ReportFile = {
  fileId: string;
  fileVersion: number;
  format: ReportFileFormat;
  sizeBytes: number;
  checksum: ReportChecksum;
  recordedAt: string;
  recordedBy: Actor;
};

export type ReportSubmission = {
  submission: number;
  fileId: string;
  fileVersion: number;
  checksum: ReportChecksum;
  to: TenantRef;
  dueDate: string;
  late: boolean;
  submittedAt: string;
  submittedBy: Actor;
  outcome: { kind: 'accepted'; comment: string | null; at: string; by: Actor } | { kind: 'returned'; comments: string; at: string; by: Actor } | null;
};

export type Report = {
  reportId: string;
  kind: ReportKind;
  scope: TenantRef;
  campaignId: string;
  requestedAt: string;
  requestedBy: Actor;
  status: ReportStatus;
  /** Every file, oldest first; the last one is the current one. */
  files: ReportFile[];
  /** Every submission, oldest first. */
  submissions: ReportSubmission[];
};

export type ReportState = Report | null;

export const initialReportState: ReportState = null;
