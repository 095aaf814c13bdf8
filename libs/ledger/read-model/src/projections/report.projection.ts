import type { RecordedEvent } from '@rectify/event-store-core';
import { EVENT_SCHEMA_VERSIONS, type ReportEvent } from '@rectify/ledger-domain';
import type { EntityManager } from 'typeorm';
import { ReportEntity } from '../entities';
import { ReadModelError, ReadModelErrorCode } from '../errors';
import type { ProjectionHandler } from './projection';

/** Stream `report-{reportId}` → `report`: one row per report, its latest file, submission and review. */

type ReportEventType = ReportEvent['type'];
type ReportData<T extends ReportEventType> = Extract<ReportEvent, { type: T }>['data'];
type ReportPatch = Partial<Omit<ReportEntity, 'reportId' | 'lastEventVersion' | 'updatedAt'>>;

function reportDataOf<T extends ReportEventType>(event: RecordedEvent, type: T): ReportData<T> {
  if (event.type !== type || event.schemaVersion !== EVENT_SCHEMA_VERSIONS[type]) {
    throw new ReadModelError(ReadModelErrorCode.UnsupportedEvent, `读模型无法处理事件 ${event.type} v${event.schemaVersion}`, {
      type: event.type,
      schemaVersion: event.schemaVersion,
      eventId: event.eventId,
    });
  }
  return event.data as ReportData<T>;
}

function parentOf(path: string): string | null {
  const at = path.lastIndexOf('/');
  return at < 0 ? null : path.slice(0, at);
}

async function requested(manager: EntityManager, event: RecordedEvent): Promise<void> {
  const d = reportDataOf(event, 'ReportRequested');
  const row: ReportEntity = {
    reportId: d.reportId,
    kind: d.kind,
    tenantPath: d.scope.path,
    tenantId: d.scope.id,
    campaignId: d.campaignId,
    status: 'requested',
    parentTenantPath: parentOf(d.scope.path),
    parentTenantId: null,
    fileCount: 0,
    latestFileId: null,
    latestFileFormat: null,
    latestFileSize: null,
    latestFileChecksum: null,
    latestFileAlgorithm: null,
    submissionCount: 0,
    submittedFileId: null,
    submittedChecksum: null,
    submittedAt: null,
    submittedBy: null,
    submittedByName: null,
    dueDate: null,
    late: false,
    daysLate: 0,
    reviewedAt: null,
    reviewedBy: null,
    comments: null,
    requestedAt: new Date(d.at),
    requestedBy: d.by.userId,
    lastEventVersion: event.streamVersion,
    updatedAt: new Date(d.at),
  };
  await manager.createQueryBuilder().insert().into(ReportEntity).values(row).orIgnore().execute();
}

function patchOf(event: RecordedEvent): { patch: ReportPatch; at: string } {
  switch (event.type as Exclude<ReportEventType, 'ReportRequested'>) {
    case 'ReportFileRecorded': {
      const d = reportDataOf(event, 'ReportFileRecorded');
      return {
        at: d.at,
        patch: {
          status: 'file_recorded',
          fileCount: d.fileVersion,
          latestFileId: d.fileId,
          latestFileFormat: d.format,
          latestFileSize: d.sizeBytes,
          latestFileChecksum: d.checksum.value,
          latestFileAlgorithm: d.checksum.algorithm,
        },
      };
    }
    case 'ReportSubmitted': {
      const d = reportDataOf(event, 'ReportSubmitted');
      return {
        at: d.at,
        patch: {
          status: 'submitted',
          submissionCount: d.submission,
          submittedFileId: d.fileId,
          submittedChecksum: d.checksum.value,
          submittedAt: new Date(d.at),
          submittedBy: d.by.userId,
          submittedByName: d.by.name ?? null,
          parentTenantPath: d.to.path,
          parentTenantId: d.to.id,
          dueDate: d.dueDate,
          late: d.late,
          daysLate: d.daysLate,
          reviewedAt: null,
          reviewedBy: null,
          comments: null,
        },
      };
    }
    case 'ReportAccepted': {
      const d = reportDataOf(event, 'ReportAccepted');
      return { at: d.at, patch: { status: 'accepted', reviewedAt: new Date(d.at), reviewedBy: d.by.userId, comments: d.comment } };
    }
    case 'ReportReturned': {
      const d = reportDataOf(event, 'ReportReturned');
      return { at: d.at, patch: { status: 'returned', reviewedAt: new Date(d.at), reviewedBy: d.by.userId, comments: d.comments } };
    }
    default:
      throw new ReadModelError(ReadModelErrorCode.UnsupportedEvent, `报表投影无法处理事件 ${event.type}`, { type: event.type });
  }
}

async function changeReport(manager: EntityManager, event: RecordedEvent): Promise<void> {
  const reportId = event.streamId.slice('report-'.length);
  const { patch, at } = patchOf(event);
  const result = await manager
    .createQueryBuilder()
    .update(ReportEntity)
    .set({ ...patch, lastEventVersion: event.streamVersion, updatedAt: new Date(at) })
    .where('report_id = :reportId AND last_event_version < :version', { reportId, version: event.streamVersion })
    .execute();
  if (result.affected === 0) {
    const exists = await manager.exists(ReportEntity, { where: { reportId } });
    if (!exists) {
      throw new ReadModelError(ReadModelErrorCode.UnsupportedEvent, `报表 ${reportId} 的 ${event.type} 之前没有 ReportRequested`, { reportId, streamVersion: event.streamVersion });
    }
  }
}

export const REPORT_HANDLERS: Record<ReportEventType, ProjectionHandler> = {
  ReportRequested: requested,
  ReportFileRecorded: changeReport,
  ReportSubmitted: changeReport,
  ReportAccepted: changeReport,
  ReportReturned: changeReport,
};
