import { assertNever } from '../shared/assert-never';
import { compareCalendarDates, shanghaiDateOf } from '../shared/calendar';
import { type Actor, type CommandMetadata, type TenantRef, actorOf, tenantOf, validateMetadata, validateTenantRef } from '../shared/command-metadata';
import { DomainError } from '../shared/domain-error';
import { isWithinTenantPath } from '../shared/tenant-path';
import { optionalText, requireDate, requireId } from '../shared/validation';
import {
  type AcceptReport,
  type RecordReportFile,
  type Report,
  type ReportChecksum,
  type ReportCommand,
  type ReportEvent,
  type ReportFile,
  type ReportFileFormat,
  type ReportKind,
  type ReportState,
  type ReportStatus,
  type ReportSubmission,
  type RequestReport,
  type ReturnReport,
  type SubmitReport,
} from './report.types';

type CommandType = Exclude<ReportCommand['type'], 'RequestReport'>;

/** Which statuses each command (other than RequestReport) is allowed in. */
const ALLOWED_IN: Record<CommandType, readonly ReportStatus[]> = {
  RecordReportFile: ['requested', 'file_recorded', 'returned'],
  SubmitReport: ['file_recorded'],
  AcceptReport: ['submitted'],
  ReturnReport: ['submitted'],
};

const STATUS_LABELS: Record<ReportStatus, string> = {
  requested: '已申请生成',
  file_recorded: '已生成文件待报送',
  submitted: '已报送待审核',
  returned: '已退回待修改',
  accepted: '已审核通过',
};

export const REPORT_KINDS: readonly ReportKind[] = ['ledger', 'work'];
export const REPORT_FILE_FORMATS: readonly ReportFileFormat[] = ['xlsx', 'pdf', 'docx', 'html'];
const HEX_64 = /^[0-9a-f]{64}$/;

/** The parent of a tenant path (`411000/411081/411081005` → `411000/411081`), or null at the top. */
export function parentTenantPath(path: string): string | null {
  const cut = path.lastIndexOf('/');
  return cut < 0 ? null : path.slice(0, cut);
}

export function decideReport(command: ReportCommand, state: ReportState): ReportEvent[] {
  validateMetadata(command.metadata);
  requireId(command.reportId, 'reportId');
  if (command.type === 'RequestReport') return requestReport(command, state);
  const report = existingReport(command, state);
  requireStatus(command.type, report);
  switch (command.type) {
    case 'RecordReportFile':
      return recordFile(command, report);
    case 'SubmitReport':
      return submit(command, report);
    case 'AcceptReport':
      return accept(command, report);
    case 'ReturnReport':
      return returnReport(command, report);
    default:
      return assertNever(command, '报表命令');
  }
}

function stamp(metadata: CommandMetadata): { at: string; by: Actor } {
  return { at: metadata.now, by: actorOf(metadata) };
}

function existingReport(command: Exclude<ReportCommand, RequestReport>, state: ReportState): Report {
  if (state === null) {
    throw new DomainError('REPORT_NOT_FOUND', `报表 ${command.reportId} 不存在`, { reportId: command.reportId });
  }
  if (state.reportId !== command.reportId) {
    throw new DomainError('LEDGER_ID_MISMATCH', '命令中的报表 id 与所读取的流不一致', {
      reportId: command.reportId,
      streamReportId: state.reportId,
    });
  }
  if (!isWithinTenantPath(state.scope.path, command.metadata.tenant.path)) {
    throw new DomainError('LEDGER_TENANT_OUT_OF_SCOPE', '操作人所在单位无权操作该报表', {
      tenantPath: state.scope.path,
      scope: command.metadata.tenant.path,
    });
  }
  return state;
}

function requireStatus(type: CommandType, report: Report): void {
  if (!ALLOWED_IN[type].includes(report.status)) {
    throw new DomainError('REPORT_INVALID_TRANSITION', `报表当前状态为「${STATUS_LABELS[report.status]}」，不能执行该操作`, {
      command: type,
      status: report.status,
      allowedIn: [...ALLOWED_IN[type]],
    });
  }
}

function currentFile(report: Report): ReportFile | null {
  return report.files[report.files.length - 1] ?? null;
}

function openSubmission(report: Report): ReportSubmission {
  const last = report.submissions[report.submissions.length - 1];
  if (!last || last.outcome !== null) {
    throw new DomainError('LEDGER_STREAM_CORRUPT', '报表流中没有待审核的报送记录', { reportId: report.reportId });
  }
  return last;
}

function requestReport(command: RequestReport, state: ReportState): ReportEvent[] {
  if (state !== null) {
    throw new DomainError('REPORT_ALREADY_EXISTS', `报表 ${command.reportId} 已存在`, { reportId: command.reportId });
  }
  if (!REPORT_KINDS.includes(command.kind)) {
    throw new DomainError('LEDGER_INVALID_INPUT', '报表类型只能是 ledger（整改台账）或 work（工作报告）', { field: 'kind' });
  }
  validateTenantRef(command.scope, 'scope');
  if (!isWithinTenantPath(command.scope.path, command.metadata.tenant.path)) {
    throw new DomainError('LEDGER_TENANT_OUT_OF_SCOPE', '只能为本单位或下级单位生成报表', {
      tenantPath: command.scope.path,
      scope: command.metadata.tenant.path,
    });
  }
  return [
    {
      type: 'ReportRequested',
      schemaVersion: 1,
      data: {
        reportId: command.reportId,
        kind: command.kind,
        scope: tenantOf(command.scope),
        campaignId: requireId(command.campaignId, 'campaignId'),
        ...stamp(command.metadata),
      },
    },
  ];
}

function requireChecksum(checksum: ReportChecksum): ReportChecksum {
  if (typeof checksum !== 'object' || checksum === null || (checksum.algorithm !== 'sm3' && checksum.algorithm !== 'sha256')) {
    throw new DomainError('REPORT_FILE_INVALID', '文件校验算法只能是 sm3 或 sha256', { field: 'checksum.algorithm' });
  }
  if (typeof checksum.value !== 'string' || !HEX_64.test(checksum.value)) {
    throw new DomainError('REPORT_FILE_INVALID', '文件校验值必须是 64 位小写十六进制', { field: 'checksum.value' });
  }
  return { algorithm: checksum.algorithm, value: checksum.value };
}

function recordFile(command: RecordReportFile, report: Report): ReportEvent[] {
  const fileId = requireId(command.fileId, 'fileId');
  const existing = report.files.find((f) => f.fileId === fileId);
  if (existing) {
    throw new DomainError('REPORT_FILE_ALREADY_RECORDED', `文件 ${fileId} 已登记为该报表的第 ${existing.fileVersion} 版`, {
      fileId,
      fileVersion: existing.fileVersion,
      checksum: existing.checksum.value,
    });
  }
  if (!REPORT_FILE_FORMATS.includes(command.format)) {
    throw new DomainError('REPORT_FILE_INVALID', '文件格式只能是 xlsx、pdf、docx 或 html', { field: 'format' });
  }
  if (!Number.isSafeInteger(command.sizeBytes) || command.sizeBytes < 1) {
    throw new DomainError('REPORT_FILE_INVALID', '文件大小必须是正整数（字节）', { field: 'sizeBytes' });
  }
  return [
    {
      type: 'ReportFileRecorded',
      schemaVersion: 1,
      data: {
        reportId: report.reportId,
        fileId,
        fileVersion: report.files.length + 1,
        format: command.format,
        sizeBytes: command.sizeBytes,
        checksum: requireChecksum(command.checksum),
        ...stamp(command.metadata),
      },
    },
  ];
}

function submit(command: SubmitReport, report: Report): ReportEvent[] {
  const { metadata } = command;
  if (metadata.tenant.path !== report.scope.path) {
    throw new DomainError('REPORT_NOT_OWNER', '只有报表所属单位才能报送该报表', {
      tenantPath: report.scope.path,
      submitterTenantPath: metadata.tenant.path,
    });
  }
  const file = currentFile(report);
  if (file === null) {
    throw new DomainError('LEDGER_STREAM_CORRUPT', '报表流中没有可报送的文件', { reportId: report.reportId });
  }
  if (command.fileId !== file.fileId) {
    throw new DomainError('REPORT_FILE_NOT_CURRENT', '所报送的文件不是该报表的最新版本，请重新查看后再报送', {
      fileId: typeof command.fileId === 'string' ? command.fileId : null,
      currentFileId: file.fileId,
    });
  }
  validateTenantRef(command.to, 'to');
  const parent = parentTenantPath(report.scope.path);
  if (parent === null || command.to.path !== parent) {
    throw new DomainError('REPORT_RECIPIENT_INVALID', '报表只能报送给直接上级单位', {
      toTenantPath: command.to.path,
      expectedTenantPath: parent,
    });
  }
  const dueDate = requireDate(command.dueDate, 'dueDate', '报送截止日期');
  const daysLate = Math.max(0, compareCalendarDates(shanghaiDateOf(metadata.now), dueDate));
  return [
    {
      type: 'ReportSubmitted',
      schemaVersion: 1,
      data: {
        reportId: report.reportId,
        submission: report.submissions.length + 1,
        fileId: file.fileId,
        fileVersion: file.fileVersion,
        format: file.format,
        sizeBytes: file.sizeBytes,
        checksum: { ...file.checksum },
        from: tenantOf(report.scope),
        to: tenantOf(command.to),
        dueDate,
        late: daysLate > 0,
        daysLate,
        ...stamp(metadata),
      },
    },
  ];
}

/** Only the tenant the report was submitted to (or one above it) reviews it, and not the submitter. */
function requireReviewer(command: AcceptReport | ReturnReport, submission: ReportSubmission): void {
  if (!isWithinTenantPath(submission.to.path, command.metadata.tenant.path)) {
    throw new DomainError('REPORT_NOT_RECIPIENT', '只有接收报送的上级单位才能审核该报表', {
      toTenantPath: submission.to.path,
      reviewerTenantPath: command.metadata.tenant.path,
    });
  }
  if (command.metadata.actor.userId === submission.submittedBy.userId) {
    throw new DomainError('REPORT_REVIEWER_IS_SUBMITTER', '报送人不能审核自己报送的报表', { userId: command.metadata.actor.userId });
  }
}

function accept(command: AcceptReport, report: Report): ReportEvent[] {
  const submission = openSubmission(report);
  requireReviewer(command, submission);
  return [
    {
      type: 'ReportAccepted',
      schemaVersion: 1,
      data: {
        reportId: report.reportId,
        submission: submission.submission,
        fileId: submission.fileId,
        comment: optionalText(command.comment),
        ...stamp(command.metadata),
      },
    },
  ];
}

function returnReport(command: ReturnReport, report: Report): ReportEvent[] {
  const submission = openSubmission(report);
  requireReviewer(command, submission);
  const comments = optionalText(command.comments);
  if (comments === null) {
    throw new DomainError('REPORT_COMMENTS_REQUIRED', '退回报表必须填写修改意见', { field: 'comments' });
  }
  return [
    {
      type: 'ReportReturned',
      schemaVersion: 1,
      data: { reportId: report.reportId, submission: submission.submission, fileId: submission.fileId, comments, ...stamp(command.metadata) },
    },
  ];
}

// evolve

function corrupt(event: ReportEvent): never {
  throw new DomainError('LEDGER_STREAM_CORRUPT', `报表流中的事件 ${event.type} 与当前状态不符`, { type: event.type });
}

function withOutcome(report: Report, outcome: NonNullable<ReportSubmission['outcome']>, status: ReportStatus): Report {
  const last = report.submissions[report.submissions.length - 1];
  if (!last) throw new DomainError('LEDGER_STREAM_CORRUPT', '报表流中没有待审核的报送记录', { reportId: report.reportId });
  return { ...report, status, submissions: [...report.submissions.slice(0, -1), { ...last, outcome }] };
}

export function evolveReport(state: ReportState, event: ReportEvent): ReportState {
  if (event.type === 'ReportRequested') {
    if (state !== null) return corrupt(event);
    const d = event.data;
    return {
      reportId: d.reportId,
      kind: d.kind,
      scope: d.scope,
      campaignId: d.campaignId,
      requestedAt: d.at,
      requestedBy: d.by,
      status: 'requested',
      files: [],
      submissions: [],
    };
  }
  if (state === null) return corrupt(event);
  switch (event.type) {
    case 'ReportFileRecorded': {
      const { fileId, fileVersion, format, sizeBytes, checksum, at, by } = event.data;
      const file: ReportFile = { fileId, fileVersion, format, sizeBytes, checksum, recordedAt: at, recordedBy: by };
      return { ...state, status: 'file_recorded', files: [...state.files, file] };
    }
    case 'ReportSubmitted': {
      const { submission, fileId, fileVersion, checksum, to, dueDate, late, at, by } = event.data;
      const entry: ReportSubmission = { submission, fileId, fileVersion, checksum, to: to as TenantRef, dueDate, late, submittedAt: at, submittedBy: by, outcome: null };
      return { ...state, status: 'submitted', submissions: [...state.submissions, entry] };
    }
    case 'ReportAccepted': {
      const { comment, at, by } = event.data;
      return withOutcome(state, { kind: 'accepted', comment, at, by }, 'accepted');
    }
    case 'ReportReturned': {
      const { comments, at, by } = event.data;
      return withOutcome(state, { kind: 'returned', comments, at, by }, 'returned');
    }
    default:
      return assertNever(event, '报表事件');
  }
}
