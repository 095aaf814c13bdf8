import type { RecordedEvent } from '@rectify/event-store-core';
import { dueDateOf, shanghaiDateOf, type LedgerEntryEvent } from '@rectify/ledger-domain';
import type { EntityManager } from 'typeorm';
import { CampaignEntity, ChecklistItemEntity, LedgerEntryEntity, RecurrenceIndexEntity } from '../entities';
import { ReadModelError, ReadModelErrorCode } from '../errors';
import { levelCodes } from '../tenancy/tenant-scope';
import { dataOf } from './event-data';
import type { ProjectionHandler } from './projection';
import { diffContributions, type RollupFacts } from './rollup-contributions';
import { applyCounterDeltas } from './rollup-writer';

/** Stream `entry-{entryId}` → `ledger_entry`, the roll-up counters and the recurrence index. */

type EntryEventType = LedgerEntryEvent['type'];
export type EntryPatch = Partial<Omit<LedgerEntryEntity, 'entryId' | 'lastEventVersion' | 'updatedAt'>>;

export function factsOf(row: LedgerEntryEntity): RollupFacts {
  return {
    status: row.status,
    itemNo: row.itemNo,
    subAreaNo: row.subAreaNo,
    categoryNo: row.categoryNo,
    deadlineClass: row.deadlineClass,
    dueDate: row.dueDate,
    isRecurrence: row.isRecurrence,
    escalationLevel: row.escalationLevel,
    openedOn: row.openedOn,
    closedOn: row.closedOn,
  };
}

/** What a new entry needs from the campaign and checklist rows at the time it is recorded. */
export interface EntryLookups {
  readonly campaign: Pick<CampaignEntity, 'rootCampaignId' | 'checklistVersionId'> | null;
  readonly item: Pick<ChecklistItemEntity, 'subAreaNo' | 'subAreaName' | 'categoryNo' | 'categoryName'> | null;
}

/** The row a `ProblemRecorded` creates (pure: the batch projection builds rows with it too). */
export function newEntryRow(event: RecordedEvent, lookups: EntryLookups): LedgerEntryEntity {
  const d = dataOf(event, 'ProblemRecorded');
  const { campaign, item } = lookups;
  return {
    entryId: d.entryId,
    campaignId: d.campaignId,
    rootCampaignId: campaign?.rootCampaignId ?? d.campaignId,
    checklistVersionId: campaign?.checklistVersionId ?? null,
    tenantPath: d.tenant.path,
    tenantId: d.tenant.id,
    ...levelCodes(d.tenant.path),
    villageCode: d.villageCode,
    itemNo: d.itemNo,
    subAreaNo: item?.subAreaNo ?? null,
    subAreaName: item?.subAreaName ?? null,
    categoryNo: item?.categoryNo ?? null,
    categoryName: item?.categoryName ?? null,
    description: d.description,
    measures: null,
    responsibleUnit: null,
    responsiblePerson: null,
    deadlineClass: null,
    dueDate: null,
    originalDueDate: null,
    pendingExtensionDate: null,
    status: 'recorded',
    escalationLevel: null,
    isRecurrence: d.recurrence !== null,
    previousEntryId: d.recurrence?.previousEntryId ?? null,
    recurrenceCount: d.recurrence?.priorSignedOff.length ?? 0,
    foundBy: d.foundBy,
    foundAt: new Date(d.foundAt),
    result: null,
    signedOffAt: null,
    recordedAt: new Date(d.at),
    openedOn: shanghaiDateOf(d.at),
    closedOn: null,
    plannedOn: null,
    lastActivityOn: shanghaiDateOf(d.at),
    pendingExtensionOn: null,
    countyEscalatedOn: null,
    countyEscalatedTo: null,
    cityEscalatedOn: null,
    cityEscalatedTo: null,
    lastEventVersion: event.streamVersion,
    updatedAt: new Date(d.at),
  };
}

async function recordProblem(manager: EntityManager, event: RecordedEvent): Promise<void> {
  const d = dataOf(event, 'ProblemRecorded');
  const campaign = await manager.findOne(CampaignEntity, {
    where: { campaignId: d.campaignId },
    select: { campaignId: true, rootCampaignId: true, checklistVersionId: true },
  });
  const item = campaign
    ? await manager.findOne(ChecklistItemEntity, { where: { versionId: campaign.checklistVersionId, itemNo: d.itemNo } })
    : null;
  const row = newEntryRow(event, { campaign, item });
  const inserted = await manager
    .createQueryBuilder()
    .insert()
    .into(LedgerEntryEntity)
    .values(row)
    .orIgnore()
    .returning('entry_id')
    .execute();
  if (inserted.raw.length === 0) return; // already applied
  await applyCounterDeltas(manager, row.tenantPath, row.rootCampaignId, diffContributions(null, factsOf(row)));
}

/** The columns an entry event changes, given the row before it. */
function patchOf(event: RecordedEvent, row: LedgerEntryEntity): EntryPatch {
  switch (event.type as EntryEventType) {
    case 'RectificationPlanned': {
      const d = dataOf(event, 'RectificationPlanned');
      const due = dueDateOf(d.deadline);
      return {
        status: 'planned',
        measures: d.measures,
        responsibleUnit: d.responsibleUnit,
        responsiblePerson: d.responsiblePerson,
        deadlineClass: d.deadline.kind,
        dueDate: due,
        originalDueDate: due,
        plannedOn: shanghaiDateOf(d.at),
        lastActivityOn: shanghaiDateOf(d.at),
      };
    }
    case 'ProgressReported':
      return { status: 'in_progress', lastActivityOn: shanghaiDateOf(dataOf(event, 'ProgressReported').at) };
    case 'ResultSubmitted': {
      const d = dataOf(event, 'ResultSubmitted');
      return { status: 'submitted', result: d.result, lastActivityOn: shanghaiDateOf(d.at) };
    }
    case 'SignOffApproved': {
      const d = dataOf(event, 'SignOffApproved');
      return { status: 'signed_off', signedOffAt: new Date(d.at), closedOn: shanghaiDateOf(d.at), pendingExtensionDate: null, pendingExtensionOn: null };
    }
    case 'SignOffRejected':
      dataOf(event, 'SignOffRejected');
      return { status: 'in_progress' };
    case 'DeadlineExtensionRequested': {
      const d = dataOf(event, 'DeadlineExtensionRequested');
      return { pendingExtensionDate: d.requestedDate, pendingExtensionOn: shanghaiDateOf(d.at) };
    }
    case 'DeadlineExtensionApproved':
      return { dueDate: dataOf(event, 'DeadlineExtensionApproved').newDueDate, pendingExtensionDate: null, pendingExtensionOn: null };
    case 'DeadlineExtensionRejected':
      dataOf(event, 'DeadlineExtensionRejected');
      return { pendingExtensionDate: null, pendingExtensionOn: null };
    case 'EntryEscalated': {
      const d = dataOf(event, 'EntryEscalated');
      // city comes after county and stays the highest level reached
      const reached = { escalationLevel: row.escalationLevel === 'city' ? ('city' as const) : d.level };
      return d.level === 'county'
        ? { ...reached, countyEscalatedOn: shanghaiDateOf(d.at), countyEscalatedTo: d.targetTenant.path }
        : { ...reached, cityEscalatedOn: shanghaiDateOf(d.at), cityEscalatedTo: d.targetTenant.path };
    }
    case 'EntryVoided': {
      const d = dataOf(event, 'EntryVoided');
      return { status: 'voided', closedOn: shanghaiDateOf(d.at), pendingExtensionDate: null, pendingExtensionOn: null };
    }
    default:
      throw new ReadModelError(ReadModelErrorCode.UnsupportedEvent, `台账条目投影无法处理事件 ${event.type}`, { type: event.type });
  }
}

function atOf(event: RecordedEvent): Date {
  const data = event.data;
  const at = typeof data === 'object' && data !== null && !Array.isArray(data) ? data['at'] : undefined;
  return typeof at === 'string' ? new Date(at) : event.recordedAt;
}

/** The entry id of an `entry-{entryId}` stream. */
export function entryIdOf(event: RecordedEvent): string {
  return event.streamId.slice('entry-'.length);
}

/** The error for an entry event whose entry was never recorded. */
export function entryNotRecorded(entryId: string, event: RecordedEvent): ReadModelError {
  return new ReadModelError(ReadModelErrorCode.UnsupportedEvent, `台账条目 ${entryId} 的 ${event.type} 之前没有 ProblemRecorded`, {
    entryId,
    streamVersion: event.streamVersion,
  });
}

/** What a change event does to an entry row: the row after it, and the recurrence-index row it adds. */
export interface EntryChange {
  /** The columns the event sets. */
  readonly patch: EntryPatch;
  readonly after: LedgerEntryEntity;
  readonly recurrence: RecurrenceIndexEntity | null;
}

/** Applies a change event to the row before it (pure); null when the row already includes it. */
export function changeEntryRow(row: LedgerEntryEntity, event: RecordedEvent): EntryChange | null {
  if (row.lastEventVersion >= event.streamVersion) return null; // already applied
  const patch = patchOf(event, row);
  const after: LedgerEntryEntity = { ...row, ...patch, lastEventVersion: event.streamVersion, updatedAt: atOf(event) };
  const recurrence: RecurrenceIndexEntity | null =
    event.type === 'SignOffApproved' && after.signedOffAt !== null
      ? {
          villageCode: row.villageCode,
          itemNo: row.itemNo,
          entryId: row.entryId,
          campaignId: row.campaignId,
          tenantPath: row.tenantPath,
          signedOffAt: after.signedOffAt,
        }
      : null;
  return { patch, after, recurrence };
}

async function changeEntry(manager: EntityManager, event: RecordedEvent): Promise<void> {
  const entryId = entryIdOf(event);
  const row = await manager.findOne(LedgerEntryEntity, { where: { entryId }, lock: { mode: 'pessimistic_write' } });
  if (row === null) throw entryNotRecorded(entryId, event);
  const change = changeEntryRow(row, event);
  if (change === null) return;
  const { patch, after, recurrence } = change;
  await manager.update(LedgerEntryEntity, { entryId }, { ...patch, lastEventVersion: after.lastEventVersion, updatedAt: after.updatedAt });
  await applyCounterDeltas(manager, row.tenantPath, row.rootCampaignId, diffContributions(factsOf(row), factsOf(after)));
  if (recurrence !== null) {
    await manager.createQueryBuilder().insert().into(RecurrenceIndexEntity).values(recurrence).orIgnore().execute();
  }
}

export const LEDGER_ENTRY_HANDLERS: Record<EntryEventType, ProjectionHandler> = {
  ProblemRecorded: recordProblem,
  RectificationPlanned: changeEntry,
  ProgressReported: changeEntry,
  ResultSubmitted: changeEntry,
  SignOffApproved: changeEntry,
  SignOffRejected: changeEntry,
  DeadlineExtensionRequested: changeEntry,
  DeadlineExtensionApproved: changeEntry,
  DeadlineExtensionRejected: changeEntry,
  EntryEscalated: changeEntry,
  EntryVoided: changeEntry,
};
