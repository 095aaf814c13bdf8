import { assertNever } from '../shared/assert-never';
import { compareCalendarDates } from '../shared/calendar';
import { type CommandMetadata, type TenantRef, actorOf, tenantOf, validateMetadata, validateTenantRef } from '../shared/command-metadata';
import { DomainError } from '../shared/domain-error';
import { isStrictlyBelowTenantPath, isWithinTenantPath } from '../shared/tenant-path';
import { optionalText, requireDate, requireId, requireText } from '../shared/validation';
import { normaliseChecklistItems } from '../checklist/checklist-item';
import { normaliseOverlay } from '../checklist/checklist-overlay';
import { type EscalationPolicy, policyValues, samePolicy, validateEscalationPolicy } from './escalation-policy';
import {
  type Campaign,
  type CampaignCommand,
  type CampaignDeadlines,
  type CampaignEvent,
  type CampaignPhase,
  type CampaignState,
  type CloseCampaign,
  type ForwardCampaign,
  type IssueCampaign,
  type ReceiveForwardedCampaign,
  type ReviseChecklist,
  type SetEscalationPolicy,
} from './campaign.types';

export function decideCampaign(command: CampaignCommand, state: CampaignState): CampaignEvent[] {
  validateMetadata(command.metadata);
  requireId(command.campaignId, 'campaignId');
  switch (command.type) {
    case 'IssueCampaign':
      return issue(command, state);
    case 'ReceiveForwardedCampaign':
      return receive(command, state);
    case 'ReviseChecklist':
      return revise(command, openCampaign(command, state));
    case 'ForwardCampaign':
      return forward(command, openCampaign(command, state));
    case 'CloseCampaign':
      return close(command, openCampaign(command, state));
    case 'SetEscalationPolicy':
      return setEscalationPolicy(command, openCampaign(command, state));
    default:
      return assertNever(command, '专项行动命令');
  }
}

function requireScope(metadata: CommandMetadata, tenantPath: string): void {
  if (!isWithinTenantPath(tenantPath, metadata.tenant.path)) {
    throw new DomainError('LEDGER_TENANT_OUT_OF_SCOPE', '操作人所在单位无权操作该单位的专项行动', {
      tenantPath,
      scope: metadata.tenant.path,
    });
  }
}

function requireAbsent(command: CampaignCommand, state: CampaignState): void {
  if (state !== null) {
    throw new DomainError('LEDGER_CAMPAIGN_ALREADY_EXISTS', `专项行动 ${command.campaignId} 已存在`, {
      campaignId: command.campaignId,
    });
  }
}

function openCampaign(command: CampaignCommand, state: CampaignState): Campaign {
  if (state === null) {
    throw new DomainError('LEDGER_CAMPAIGN_NOT_FOUND', `专项行动 ${command.campaignId} 不存在`, {
      campaignId: command.campaignId,
    });
  }
  if (state.campaignId !== command.campaignId) {
    throw new DomainError('LEDGER_ID_MISMATCH', '命令中的专项行动 id 与所读取的流不一致', {
      campaignId: command.campaignId,
      streamCampaignId: state.campaignId,
    });
  }
  requireScope(command.metadata, state.tenant.path);
  if (state.status === 'closed') {
    throw new DomainError('LEDGER_CAMPAIGN_CLOSED', '专项行动已结束，不能再修改', { campaignId: state.campaignId });
  }
  return state;
}

/** Phases: at least one, in order, each ending on or after it starts, none overlapping the previous. */
export function normalisePhases(phases: readonly CampaignPhase[]): CampaignPhase[] {
  if (!Array.isArray(phases) || phases.length === 0) {
    throw new DomainError('LEDGER_PHASES_INVALID', '专项行动至少要有一个阶段', { field: 'phases' });
  }
  let previousEnd: string | null = null;
  return phases.map((phase, index) => {
    const field = `phases[${index}]`;
    const name = requireText(phase.name, `${field}.name`, '阶段名称');
    const endDate = requireDate(phase.endDate, `${field}.endDate`, '阶段截止日期');
    const startDate = phase.startDate === null ? null : requireDate(phase.startDate, `${field}.startDate`, '阶段开始日期');
    if (startDate === null && index > 0) {
      throw new DomainError('LEDGER_PHASES_INVALID', '只有第一个阶段可以没有开始日期', { field: `${field}.startDate` });
    }
    if (startDate !== null && compareCalendarDates(startDate, endDate) > 0) {
      throw new DomainError('LEDGER_PHASES_INVALID', `阶段「${name}」的开始日期晚于截止日期`, { field });
    }
    const begins = startDate ?? endDate;
    if (previousEnd !== null && compareCalendarDates(begins, previousEnd) <= 0) {
      throw new DomainError('LEDGER_PHASES_INVALID', `阶段「${name}」与上一阶段重叠或顺序颠倒`, { field });
    }
    previousEnd = endDate;
    return { name, startDate, endDate };
  });
}

function normaliseDeadlines(deadlines: CampaignDeadlines): CampaignDeadlines {
  const immediate = requireDate(deadlines.immediate, 'deadlines.immediate', '立行立改时限');
  const fixedTerm = requireDate(deadlines.fixedTerm, 'deadlines.fixedTerm', '限期解决时限');
  if (compareCalendarDates(immediate, fixedTerm) > 0) {
    throw new DomainError('LEDGER_CAMPAIGN_DATES_INVALID', '立行立改时限不能晚于限期解决时限', {
      immediate,
      fixedTerm,
    });
  }
  return { immediate, fixedTerm };
}

function issue(command: IssueCampaign, state: CampaignState): CampaignEvent[] {
  requireAbsent(command, state);
  validateTenantRef(command.issuingTenant, 'issuingTenant');
  requireScope(command.metadata, command.issuingTenant.path);
  return [
    {
      type: 'CampaignIssued',
      schemaVersion: 1,
      data: {
        campaignId: command.campaignId,
        title: requireText(command.title, 'title', '专项行动名称'),
        docNumber: requireText(command.docNumber, 'docNumber', '文号'),
        issuedOn: requireDate(command.issuedOn, 'issuedOn', '印发日期'),
        tenant: tenantOf(command.issuingTenant),
        phases: normalisePhases(command.phases),
        deadlines: normaliseDeadlines(command.deadlines),
        reportDueDate: requireDate(command.reportDueDate, 'reportDueDate', '报送截止日期'),
        checklistVersionId: requireId(command.checklistVersionId, 'checklistVersionId'),
        at: command.metadata.now,
        by: actorOf(command.metadata),
      },
    },
  ];
}

function requireNotLater(child: string, parent: string, field: string, label: string): void {
  if (compareCalendarDates(child, parent) > 0) {
    throw new DomainError('LEDGER_FORWARD_DATE_AFTER_PARENT', `下级的${label}（${child}）不能晚于上级的（${parent}）`, {
      field,
      child,
      parent,
    });
  }
}

function requireChildBelow(childTenant: TenantRef, parentTenant: TenantRef): void {
  if (!isStrictlyBelowTenantPath(childTenant.path, parentTenant.path)) {
    throw new DomainError('LEDGER_CHILD_TENANT_NOT_BELOW', '只能转发给本单位的下级单位', {
      childTenantPath: childTenant.path,
      parentTenantPath: parentTenant.path,
    });
  }
}

function receive(command: ReceiveForwardedCampaign, state: CampaignState): CampaignEvent[] {
  requireAbsent(command, state);
  validateTenantRef(command.tenant, 'tenant');
  validateTenantRef(command.parentTenant, 'parentTenant');
  requireChildBelow(command.tenant, command.parentTenant);
  requireScope(command.metadata, command.tenant.path);
  const parentCampaignId = requireId(command.parentCampaignId, 'parentCampaignId');
  if (parentCampaignId === command.campaignId) {
    throw new DomainError('LEDGER_INVALID_INPUT', '下级专项行动不能与上级同号', { field: 'campaignId' });
  }
  const parentReportDueDate = requireDate(command.parentReportDueDate, 'parentReportDueDate', '上级报送截止日期');
  const reportDueDate = requireDate(command.reportDueDate, 'reportDueDate', '报送截止日期');
  requireNotLater(reportDueDate, parentReportDueDate, 'reportDueDate', '报送截止日期');
  return [
    {
      type: 'CampaignReceived',
      schemaVersion: 1,
      data: {
        campaignId: command.campaignId,
        parentCampaignId,
        parentTenant: tenantOf(command.parentTenant),
        parentChecklistVersionId: requireId(command.parentChecklistVersionId, 'parentChecklistVersionId'),
        parentReportDueDate,
        tenant: tenantOf(command.tenant),
        title: requireText(command.title, 'title', '专项行动名称'),
        docNumber: optionalText(command.docNumber),
        issuedOn: requireDate(command.issuedOn, 'issuedOn', '印发日期'),
        phases: normalisePhases(command.phases),
        deadlines: normaliseDeadlines(command.deadlines),
        reportDueDate,
        checklistVersionId: requireId(command.checklistVersionId, 'checklistVersionId'),
        at: command.metadata.now,
        by: actorOf(command.metadata),
      },
    },
  ];
}

function revise(command: ReviseChecklist, campaign: Campaign): CampaignEvent[] {
  const checklistVersionId = requireId(command.checklistVersionId, 'checklistVersionId');
  if (checklistVersionId === campaign.checklistVersionId) {
    throw new DomainError('LEDGER_CHECKLIST_UNCHANGED', '专项行动已在使用该清单版本', { checklistVersionId });
  }
  return [
    {
      type: 'CampaignChecklistRevised',
      schemaVersion: 1,
      data: {
        campaignId: campaign.campaignId,
        previousVersionId: campaign.checklistVersionId,
        checklistVersionId,
        reason: requireText(command.reason, 'reason', '修订原因'),
        at: command.metadata.now,
        by: actorOf(command.metadata),
      },
    },
  ];
}

function forward(command: ForwardCampaign, campaign: Campaign): CampaignEvent[] {
  const childCampaignId = requireId(command.childCampaignId, 'childCampaignId');
  const childChecklistVersionId = requireId(command.childChecklistVersionId, 'childChecklistVersionId');
  validateTenantRef(command.childTenant, 'childTenant');
  requireChildBelow(command.childTenant, campaign.tenant);
  if (childCampaignId === campaign.campaignId) {
    throw new DomainError('LEDGER_INVALID_INPUT', '下级专项行动不能与上级同号', { field: 'childCampaignId' });
  }
  const already = campaign.forwards.find(
    (f) => f.childTenant.id === command.childTenant.id || f.childTenant.path === command.childTenant.path || f.childCampaignId === childCampaignId,
  );
  if (already) {
    throw new DomainError('LEDGER_ALREADY_FORWARDED', '该专项行动已转发给该单位（或该下级专项行动 id 已被使用）', {
      childCampaignId: already.childCampaignId,
      childTenantPath: already.childTenant.path,
    });
  }
  if (command.parentChecklist.versionId !== campaign.checklistVersionId) {
    throw new DomainError('LEDGER_CHECKLIST_VERSION_MISMATCH', '转发所依据的清单版本不是专项行动当前的清单版本', {
      given: command.parentChecklist.versionId,
      current: campaign.checklistVersionId,
    });
  }
  if (childChecklistVersionId === campaign.checklistVersionId) {
    throw new DomainError('LEDGER_INVALID_INPUT', '下级清单版本不能与上级版本同号', { field: 'childChecklistVersionId' });
  }
  const overlay = normaliseOverlay(command.overlay, normaliseChecklistItems(command.parentChecklist.items));
  const reportDueDate = requireDate(command.reportDueDate, 'reportDueDate', '报送截止日期');
  requireNotLater(reportDueDate, campaign.reportDueDate, 'reportDueDate', '报送截止日期');
  const immediate =
    command.deadlines?.immediate === undefined ? campaign.deadlines.immediate : requireDate(command.deadlines.immediate, 'deadlines.immediate', '立行立改时限');
  const fixedTerm =
    command.deadlines?.fixedTerm === undefined ? campaign.deadlines.fixedTerm : requireDate(command.deadlines.fixedTerm, 'deadlines.fixedTerm', '限期解决时限');
  requireNotLater(immediate, campaign.deadlines.immediate, 'deadlines.immediate', '立行立改时限');
  requireNotLater(fixedTerm, campaign.deadlines.fixedTerm, 'deadlines.fixedTerm', '限期解决时限');
  return [
    {
      type: 'CampaignForwarded',
      schemaVersion: 1,
      data: {
        campaignId: campaign.campaignId,
        childCampaignId,
        childTenant: tenantOf(command.childTenant),
        parentChecklistVersionId: campaign.checklistVersionId,
        childChecklistVersionId,
        overlay,
        title: optionalText(command.title) ?? campaign.title,
        docNumber: optionalText(command.docNumber),
        issuedOn: requireDate(command.issuedOn, 'issuedOn', '转发日期'),
        reportDueDate,
        deadlines: normaliseDeadlines({ immediate, fixedTerm }),
        at: command.metadata.now,
        by: actorOf(command.metadata),
      },
    },
  ];
}

function close(command: CloseCampaign, campaign: Campaign): CampaignEvent[] {
  return [
    {
      type: 'CampaignClosed',
      schemaVersion: 1,
      data: {
        campaignId: campaign.campaignId,
        summary: optionalText(command.summary),
        at: command.metadata.now,
        by: actorOf(command.metadata),
      },
    },
  ];
}

function setEscalationPolicy(command: SetEscalationPolicy, campaign: Campaign): CampaignEvent[] {
  const reason = requireText(command.reason, 'reason', '调整原因');
  let policy: EscalationPolicy | null = null;
  if (command.policy !== null) {
    const issues = validateEscalationPolicy(command.policy);
    const first = issues[0];
    if (first) {
      throw new DomainError(first.code, `督办规则无效：${issues.map((issue) => issue.message).join('；')}`, {
        field: first.field,
        issues: issues.map((issue) => ({ code: issue.code, field: issue.field, message: issue.message })),
      });
    }
    policy = policyValues(command.policy);
  }
  if (samePolicy(policy, campaign.escalationPolicy)) {
    throw new DomainError(
      'LEDGER_ESCALATION_POLICY_UNCHANGED',
      policy === null ? '专项行动本来就没有自己的督办规则（沿用上级或默认规则）' : '专项行动已在使用这套督办规则',
      { campaignId: campaign.campaignId },
    );
  }
  return [
    {
      type: 'CampaignEscalationPolicySet',
      schemaVersion: 1,
      data: {
        campaignId: campaign.campaignId,
        policy,
        previousPolicy: campaign.escalationPolicy,
        reason,
        at: command.metadata.now,
        by: actorOf(command.metadata),
      },
    },
  ];
}

function corrupt(event: CampaignEvent): never {
  throw new DomainError('LEDGER_STREAM_CORRUPT', `专项行动流中的事件 ${event.type} 与当前状态不符`, { type: event.type });
}

export function evolveCampaign(state: CampaignState, event: CampaignEvent): CampaignState {
  switch (event.type) {
    case 'CampaignIssued': {
      if (state !== null) return corrupt(event);
      const d = event.data;
      return {
        campaignId: d.campaignId,
        title: d.title,
        docNumber: d.docNumber,
        issuedOn: d.issuedOn,
        tenant: d.tenant,
        origin: { kind: 'issued' },
        phases: d.phases,
        deadlines: d.deadlines,
        reportDueDate: d.reportDueDate,
        checklistVersionId: d.checklistVersionId,
        checklistHistory: [d.checklistVersionId],
        forwards: [],
        escalationPolicy: null,
        status: 'open',
        closedAt: null,
      };
    }
    case 'CampaignReceived': {
      if (state !== null) return corrupt(event);
      const d = event.data;
      return {
        campaignId: d.campaignId,
        title: d.title,
        docNumber: d.docNumber,
        issuedOn: d.issuedOn,
        tenant: d.tenant,
        origin: {
          kind: 'received',
          parentCampaignId: d.parentCampaignId,
          parentTenant: d.parentTenant,
          parentChecklistVersionId: d.parentChecklistVersionId,
          parentReportDueDate: d.parentReportDueDate,
        },
        phases: d.phases,
        deadlines: d.deadlines,
        reportDueDate: d.reportDueDate,
        checklistVersionId: d.checklistVersionId,
        checklistHistory: [d.checklistVersionId],
        forwards: [],
        escalationPolicy: null,
        status: 'open',
        closedAt: null,
      };
    }
    case 'CampaignChecklistRevised':
      if (state === null) return corrupt(event);
      return {
        ...state,
        checklistVersionId: event.data.checklistVersionId,
        checklistHistory: [...state.checklistHistory, event.data.checklistVersionId],
      };
    case 'CampaignForwarded': {
      if (state === null) return corrupt(event);
      const d = event.data;
      return {
        ...state,
        forwards: [
          ...state.forwards,
          {
            childCampaignId: d.childCampaignId,
            childTenant: d.childTenant,
            childChecklistVersionId: d.childChecklistVersionId,
            reportDueDate: d.reportDueDate,
            at: d.at,
          },
        ],
      };
    }
    case 'CampaignClosed':
      if (state === null) return corrupt(event);
      return { ...state, status: 'closed', closedAt: event.data.at };
    case 'CampaignEscalationPolicySet':
      if (state === null) return corrupt(event);
      return { ...state, escalationPolicy: event.data.policy };
    default:
      return assertNever(event, '专项行动事件');
  }
}
