import type { CampaignEntity, CampaignForwardEntity, InspectionCoverageResult, LedgerEntryEntity, TenantRollup } from '@rectify/ledger-read-model';
import type { CampaignForwardObjectType, CampaignObjectType } from './object-types/campaign.object-type';
import type { InspectionCoverageObjectType } from './object-types/coverage.object-type';
import type { LedgerEntryObjectType } from './object-types/ledger-entry.object-type';
import type { CountByNameObjectType, RollupObjectType } from './object-types/rollup.object-type';

export function toCampaignObject(c: CampaignEntity): CampaignObjectType {
  return {
    id: c.campaignId,
    tenantPath: c.tenantPath,
    origin: c.origin,
    parentCampaignId: c.parentCampaignId,
    rootCampaignId: c.rootCampaignId,
    title: c.title,
    docNumber: c.docNumber,
    issuedOn: c.issuedOn,
    phases: c.phases.map((p) => ({ name: p.name, startDate: p.startDate, endDate: p.endDate })),
    immediateDeadline: c.immediateDeadline,
    fixedTermDeadline: c.fixedTermDeadline,
    reportDueDate: c.reportDueDate,
    checklistVersionId: c.checklistVersionId,
    status: c.status,
  };
}

export function toCampaignForwardObject(f: CampaignForwardEntity): CampaignForwardObjectType {
  return {
    childCampaignId: f.childCampaignId,
    childTenantPath: f.childTenantPath,
    childChecklistVersionId: f.childChecklistVersionId,
    title: f.title,
    docNumber: f.docNumber,
    issuedOn: f.issuedOn,
    reportDueDate: f.reportDueDate,
  };
}

export function toLedgerEntryObject(e: LedgerEntryEntity): LedgerEntryObjectType {
  return {
    id: e.entryId,
    campaignId: e.campaignId,
    tenantPath: e.tenantPath,
    townshipCode: e.townshipCode,
    villageCode: e.villageCode,
    itemNo: e.itemNo,
    categoryName: e.categoryName,
    subAreaName: e.subAreaName,
    description: e.description,
    measures: e.measures,
    responsibleUnit: e.responsibleUnit,
    responsiblePerson: e.responsiblePerson,
    deadlineClass: e.deadlineClass,
    dueDate: e.dueDate,
    originalDueDate: e.originalDueDate,
    pendingExtensionDate: e.pendingExtensionDate,
    status: e.status,
    signedOff: e.status === 'signed_off',
    result: e.result,
    escalationLevel: e.escalationLevel,
    isRecurrence: e.isRecurrence,
    foundBy: e.foundBy,
    foundAt: e.foundAt,
    signedOffAt: e.signedOffAt,
    version: e.lastEventVersion,
    updatedAt: e.updatedAt,
  };
}

function named(record: Record<string, number>): CountByNameObjectType[] {
  return Object.entries(record)
    .filter(([, count]) => count !== 0)
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function toRollupObject(r: TenantRollup): RollupObjectType {
  return {
    tenantPath: r.tenantPath,
    rootCampaignId: r.rootCampaignId,
    asOf: r.asOf,
    total: r.total,
    open: r.open,
    closed: r.closed,
    voided: r.voided,
    overdue: r.overdue,
    recurrences: r.recurrences,
    closureRate: r.closureRate,
    byStatus: named(r.byStatus),
    byItem: r.byItem.map((c) => ({ ...c })),
    bySubArea: r.bySubArea.map((c) => ({ ...c })),
    byCategory: r.byCategory.map((c) => ({ ...c })),
    byDeadlineClass: named(r.byDeadlineClass),
  };
}

export function toCoverageObject(c: InspectionCoverageResult): InspectionCoverageObjectType {
  return {
    campaignId: c.campaignId,
    villages: c.villages,
    items: c.items,
    cells: c.cells,
    checked: c.checked,
    unchecked: c.unchecked,
    uncheckedCells: c.uncheckedCells.map((cell) => ({ villageCode: cell.villageCode, itemNo: cell.itemNo })),
  };
}
