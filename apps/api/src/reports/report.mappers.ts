import type { Report } from '@rectify/ledger-domain';
import type { ReportEntity } from '@rectify/ledger-read-model';
import { type LedgerReportObjectType, ReportStatus, type ReportFileObjectType, type ReportSummaryObjectType } from './object-types/ledger-report.object-type';
import type { ReportJobObjectType } from './object-types/report-job.object-type';
import type { ReportJobStatus } from './report-jobs.service';

export function downloadPathOf(reportId: string, fileId: string): string {
  return `/reports/${encodeURIComponent(reportId)}/files/${encodeURIComponent(fileId)}`;
}

export function toLedgerReportObject(report: Report, version: number): LedgerReportObjectType {
  const files: ReportFileObjectType[] = report.files.map((f) => ({
    fileId: f.fileId,
    fileVersion: f.fileVersion,
    format: f.format,
    sizeBytes: f.sizeBytes,
    checksumAlgorithm: f.checksum.algorithm,
    checksum: f.checksum.value,
    recordedAt: new Date(f.recordedAt),
    downloadPath: downloadPathOf(report.reportId, f.fileId),
  }));
  return {
    id: report.reportId,
    kind: report.kind,
    tenantPath: report.scope.path,
    campaignId: report.campaignId,
    status: report.status as ReportStatus,
    version,
    currentFile: files[files.length - 1] ?? null,
    files,
    submissions: report.submissions.map((s) => ({
      submission: s.submission,
      fileId: s.fileId,
      checksum: s.checksum.value,
      toTenantPath: s.to.path,
      dueDate: s.dueDate,
      late: s.late,
      submittedAt: new Date(s.submittedAt),
      submittedBy: s.submittedBy.name ?? s.submittedBy.userId,
      outcome: s.outcome?.kind ?? null,
      comments: s.outcome === null ? null : s.outcome.kind === 'returned' ? s.outcome.comments : s.outcome.comment,
      reviewedAt: s.outcome ? new Date(s.outcome.at) : null,
    })),
    requestedAt: new Date(report.requestedAt),
    requestedBy: report.requestedBy.name ?? report.requestedBy.userId,
  };
}

export function toReportSummaryObject(row: ReportEntity): ReportSummaryObjectType {
  return {
    id: row.reportId,
    kind: row.kind,
    tenantPath: row.tenantPath,
    campaignId: row.campaignId,
    status: row.status as ReportStatus,
    parentTenantPath: row.parentTenantPath,
    fileCount: row.fileCount,
    latestFileId: row.latestFileId,
    latestFileChecksum: row.latestFileChecksum,
    submissionCount: row.submissionCount,
    submittedChecksum: row.submittedChecksum,
    submittedAt: row.submittedAt,
    submittedBy: row.submittedByName ?? row.submittedBy,
    dueDate: row.dueDate,
    late: row.late,
    daysLate: row.daysLate,
    comments: row.comments,
    version: row.lastEventVersion,
    requestedAt: row.requestedAt,
  };
}

export function toReportJobObject(job: ReportJobStatus): ReportJobObjectType {
  return { ...job, fileIds: [...job.fileIds] };
}

export { ReportStatus };
