import type { EntryAsOf, EntryDiff, FieldChange, HistoryItem, RollupAsOf } from '@rectify/ledger-audit';
import { dueDateOf } from '@rectify/ledger-domain';
import type { FieldChangeObjectType, HistoryEventObjectType } from './object-types/history.object-type';
import type { EntryDiffObjectType, EntrySnapshotObjectType, RollupAsOfObjectType } from './object-types/time-travel.object-type';

export function toFieldChange(c: FieldChange): FieldChangeObjectType {
  return { path: c.path, from: JSON.stringify(c.from), to: JSON.stringify(c.to) };
}

export function toHistoryEvent(i: HistoryItem): HistoryEventObjectType {
  return {
    streamId: i.streamId,
    streamVersion: i.streamVersion,
    eventId: i.eventId,
    type: i.type,
    storedSchemaVersion: i.storedSchemaVersion,
    schemaVersion: i.schemaVersion,
    recordedAt: i.recordedAt,
    at: i.at,
    actor: { ...i.actor },
    reason: i.reason,
    tenantPath: i.tenantPath,
    data: JSON.stringify(i.data),
    changes: i.changes.map(toFieldChange),
  };
}

export function toEntrySnapshot(s: EntryAsOf): EntrySnapshotObjectType {
  const e = s.entry;
  return {
    entryId: s.entryId,
    asOf: s.asOf,
    version: s.version,
    lastRecordedAt: s.lastRecordedAt,
    campaignId: e.campaignId,
    tenantPath: s.tenantPath,
    villageCode: e.villageCode,
    itemNo: e.itemNo,
    description: e.description,
    status: e.status,
    measures: e.plan?.measures ?? null,
    responsibleUnit: e.plan?.responsibleUnit ?? null,
    deadlineKind: e.plan?.deadline.kind ?? null,
    dueDate: e.dueDate ?? (e.plan ? dueDateOf(e.plan.deadline) : null),
    result: e.result?.text ?? null,
    signedOffAt: e.signOff?.at ?? null,
    recurrence: e.recurrence !== null,
    state: JSON.stringify(e),
  };
}

export function toRollupAsOf(r: RollupAsOf): RollupAsOfObjectType {
  return {
    tenantPath: r.tenantPath,
    asOf: r.asOf,
    total: r.total,
    open: r.open,
    closed: r.closed,
    voided: r.voided,
    overdue: r.overdue,
    recurrences: r.recurrences,
    closureRate: r.closureRate,
    byStatus: Object.entries(r.byStatus).map(([status, count]) => ({ status, count })),
  };
}

export function toEntryDiff(d: EntryDiff): EntryDiffObjectType {
  return { entryId: d.entryId, tenantPath: d.tenantPath, statusFrom: d.statusFrom, statusTo: d.statusTo, changes: d.changes.map(toFieldChange) };
}
