import type {
  Actor,
  CampaignForwarded,
  CampaignIssued,
  CampaignReceived,
  ChecklistItem,
  ChecklistVersionDefined,
  DeadlineExtensionApproved,
  EntryEscalated,
  EntryVoided,
  ProblemRecorded,
  RectificationDeadline,
  RectificationPlanned,
  ResultSubmitted,
  SignOffApproved,
  SignOffRejected,
  TenantRef,
  VillageItemChecked,
} from '@rectify/ledger-domain';

/** Literal events as docs/events.md describes them, for given-events-then-rows tests. */

export const XUCHANG: TenantRef = { id: 'tenant-411000', path: '411000' };
export const YUZHOU: TenantRef = { id: 'tenant-411081', path: '411000/411081' };
export const YANLING: TenantRef = { id: 'tenant-411024', path: '411000/411024' };
export const CHUHE: TenantRef = { id: 'tenant-411081005', path: '411000/411081/411081005' };
export const HUOLONG: TenantRef = { id: 'tenant-411081100', path: '411000/411081/411081100' };

const inspector: Actor = { userId: 'user-inspector', name: '王排查' };
const reviewer: Actor = { userId: 'user-reviewer', name: '李审核' };

export const ITEMS: ChecklistItem[] = [
  { itemNo: 1, categoryNo: 1, categoryName: '责任落实', subAreaNo: 1, subAreaName: '党委政府责任落实', text: '是否存在落实巩固脱贫攻坚成效主体责任不到位等问题。', responsibleUnits: ['各县（市、区）党委政府'] },
  { itemNo: 4, categoryNo: 2, categoryName: '政策落实', subAreaNo: 4, subAreaName: '教育帮扶', text: '域内所有家庭义务教育阶段适龄儿童是否全部上学。', responsibleUnits: ['市教育局'] },
  { itemNo: 5, categoryNo: 2, categoryName: '政策落实', subAreaNo: 4, subAreaName: '教育帮扶', text: '幼儿是否享受到低保生活补助600元/年。', responsibleUnits: ['市教育局'] },
  { itemNo: 21, categoryNo: 2, categoryName: '政策落实', subAreaNo: 7, subAreaName: '饮水安全', text: '农村供水保障是否到位。', responsibleUnits: ['市水利局'] },
  { itemNo: 70, categoryNo: 3, categoryName: '工作落实', subAreaNo: 15, subAreaName: '问题整改', text: '整改台账建立是否规范。', responsibleUnits: ['市乡村振兴局'] },
];

const deadlines = { immediate: '2023-08-31', fixedTerm: '2023-10-31' };

export function checklistDefined(versionId: string, tenant: TenantRef, items = ITEMS, parentVersionId: string | null = null): ChecklistVersionDefined {
  return {
    type: 'ChecklistVersionDefined',
    schemaVersion: 1,
    data: {
      versionId,
      label: parentVersionId ? '禹州市排查清单' : '许昌市排查清单',
      tenant,
      parentVersionId,
      overlay: parentVersionId ? { changedItems: [{ itemNo: 4, responsibleUnits: ['市教体局'] }], addedItems: [] } : null,
      items,
      at: '2023-07-25T02:00:00Z',
      by: inspector,
    },
  };
}

export function campaignIssued(campaignId: string, tenant: TenantRef, checklistVersionId: string): CampaignIssued {
  return {
    type: 'CampaignIssued',
    schemaVersion: 1,
    data: {
      campaignId,
      title: '巩固拓展脱贫攻坚成果排查整改专项行动',
      docNumber: '许巩固脱贫组〔2023〕4号',
      issuedOn: '2023-07-25',
      tenant,
      phases: [
        { name: '动员部署', startDate: null, endDate: '2023-07-25' },
        { name: '全面排查', startDate: '2023-07-26', endDate: '2023-08-10' },
        { name: '集中整改', startDate: '2023-08-11', endDate: '2023-08-31' },
      ],
      deadlines,
      reportDueDate: '2023-09-05',
      checklistVersionId,
      at: '2023-07-25T03:00:00Z',
      by: inspector,
    },
  };
}

export function campaignForwarded(
  campaignId: string,
  childCampaignId: string,
  childTenant: TenantRef,
  parentVersionId: string,
  childVersionId: string,
  reportDueDate: string,
): CampaignForwarded {
  return {
    type: 'CampaignForwarded',
    schemaVersion: 1,
    data: {
      campaignId,
      childCampaignId,
      childTenant,
      parentChecklistVersionId: parentVersionId,
      childChecklistVersionId: childVersionId,
      overlay: { changedItems: [{ itemNo: 4, responsibleUnits: ['市教体局'] }], addedItems: [] },
      title: '转发巩固拓展脱贫攻坚成果排查整改专项行动',
      docNumber: null,
      issuedOn: '2023-07-27',
      reportDueDate,
      deadlines,
      at: '2023-07-27T03:00:00Z',
      by: inspector,
    },
  };
}

export function campaignReceived(
  campaignId: string,
  parentCampaignId: string,
  parentTenant: TenantRef,
  tenant: TenantRef,
  parentVersionId: string,
  versionId: string,
  reportDueDate: string,
  parentReportDueDate: string,
): CampaignReceived {
  const issued = campaignIssued(parentCampaignId, parentTenant, parentVersionId).data;
  return {
    type: 'CampaignReceived',
    schemaVersion: 1,
    data: {
      campaignId,
      parentCampaignId,
      parentTenant,
      parentChecklistVersionId: parentVersionId,
      parentReportDueDate,
      tenant,
      title: '转发巩固拓展脱贫攻坚成果排查整改专项行动',
      docNumber: null,
      issuedOn: '2023-07-27',
      phases: issued.phases,
      deadlines,
      reportDueDate,
      checklistVersionId: versionId,
      at: '2023-07-27T03:00:00Z',
      by: inspector,
    },
  };
}

export function problemRecorded(
  entryId: string,
  campaignId: string,
  tenant: TenantRef,
  villageCode: string,
  itemNo: number,
  description: string,
  at = '2023-08-02T02:00:00Z',
  prior: { entryId: string; campaignId: string; signedOffAt: string }[] = [],
): ProblemRecorded {
  const last = prior[prior.length - 1];
  return {
    type: 'ProblemRecorded',
    schemaVersion: 1,
    data: {
      entryId,
      campaignId,
      tenant,
      villageCode,
      itemNo,
      description,
      foundBy: '王排查',
      foundAt: at,
      campaignDeadlines: deadlines,
      recurrence: last
        ? { previousEntryId: last.entryId, previousCampaignId: last.campaignId, previousSignedOffAt: last.signedOffAt, priorSignedOff: prior }
        : null,
      at,
      by: inspector,
    },
  };
}

export function planned(entryId: string, measures: string, deadline: RectificationDeadline, at = '2023-08-03T02:00:00Z'): RectificationPlanned {
  return {
    type: 'RectificationPlanned',
    schemaVersion: 1,
    data: { entryId, measures, responsibleUnit: '褚河街道办事处', responsiblePerson: '张主任', deadline, at, by: inspector },
  };
}

export function submitted(entryId: string, result: string, at: string): ResultSubmitted {
  return { type: 'ResultSubmitted', schemaVersion: 1, data: { entryId, result, evidenceRefs: ['file-1'], at, by: inspector } };
}

export function rejected(entryId: string, at: string): SignOffRejected {
  return { type: 'SignOffRejected', schemaVersion: 1, data: { entryId, reason: '佐证材料不足，请补充发放凭证', at, by: reviewer } };
}

export function signedOff(entryId: string, at: string): SignOffApproved {
  return { type: 'SignOffApproved', schemaVersion: 1, data: { entryId, comment: null, resultSubmittedBy: inspector.userId, at, by: reviewer } };
}

export function escalated(entryId: string, level: 'county' | 'city', targetTenant: TenantRef, at: string): EntryEscalated {
  return { type: 'EntryEscalated', schemaVersion: 1, data: { entryId, level, targetTenant, reason: '逾期3天', at, by: { userId: 'worker-escalation' } } };
}

export function extensionApproved(entryId: string, previousDueDate: string, newDueDate: string, at: string): DeadlineExtensionApproved {
  return {
    type: 'DeadlineExtensionApproved',
    schemaVersion: 1,
    data: { entryId, previousDueDate, newDueDate, originalDeadline: { kind: 'immediate', date: previousDueDate }, comment: null, at, by: reviewer },
  };
}

export function voided(entryId: string, at: string): EntryVoided {
  return { type: 'EntryVoided', schemaVersion: 1, data: { entryId, reason: '重复录入', statusBefore: 'recorded', at, by: reviewer } };
}

export function villageChecked(
  campaignId: string,
  villageCode: string,
  itemNo: number,
  tenant: TenantRef,
  entryIds: string[] = [],
  at = '2023-08-01T02:00:00Z',
): VillageItemChecked {
  return {
    type: 'VillageItemChecked',
    schemaVersion: 1,
    data: {
      campaignId,
      villageCode,
      itemNo,
      outcome: entryIds.length > 0 ? { kind: 'problems_found', entryIds } : { kind: 'no_problem' },
      note: null,
      tenant,
      at,
      by: inspector,
    },
  };
}
