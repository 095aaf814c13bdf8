import { assertNever } from '../shared/assert-never';
import { compareCalendarDates, compareInstants, isIsoInstant, shanghaiDateOf } from '../shared/calendar';
import { type Actor, type CommandMetadata, actorOf, isValidId, tenantOf, validateMetadata, validateTenantRef } from '../shared/command-metadata';
import { DomainError } from '../shared/domain-error';
import { isStrictlyBelowTenantPath, isWithinTenantPath } from '../shared/tenant-path';
import { optionalText, requireDate, requireId, requirePositiveInteger, requireText } from '../shared/validation';
import { checkMeasuresText, checkResultText } from '../text/specific-text';
import { dueDateOf, normaliseDeadline } from './rectification-deadline';
import {
  type ApproveDeadlineExtension,
  type ApproveSignOff,
  type EntryStatus,
  type Escalate,
  type LedgerEntry,
  type LedgerEntryCommand,
  type LedgerEntryEvent,
  type LedgerEntryState,
  type PlanRectification,
  type PriorSignOff,
  type RecordProblem,
  type Recurrence,
  type RejectDeadlineExtension,
  type RejectSignOff,
  type ReportProgress,
  type RequestDeadlineExtension,
  type SubmitResult,
  type VoidEntry,
} from './ledger-entry.types';

type CommandType = LedgerEntryCommand['type'];

/** Which statuses each command (other than RecordProblem) is allowed in. */
const ALLOWED_IN: Record<Exclude<CommandType, 'RecordProblem'>, readonly EntryStatus[]> = {
  PlanRectification: ['recorded'],
  ReportProgress: ['planned', 'in_progress'],
  SubmitResult: ['planned', 'in_progress'],
  ApproveSignOff: ['submitted'],
  RejectSignOff: ['submitted'],
  RequestDeadlineExtension: ['planned', 'in_progress'],
  ApproveDeadlineExtension: ['planned', 'in_progress', 'submitted'],
  RejectDeadlineExtension: ['planned', 'in_progress', 'submitted'],
  Escalate: ['recorded', 'planned', 'in_progress', 'submitted'],
  VoidEntry: ['recorded', 'planned', 'in_progress', 'submitted'],
};

const STATUS_LABELS: Record<EntryStatus, string> = {
  recorded: '已登记问题',
  planned: '已制定整改措施',
  in_progress: '整改中',
  submitted: '已提交整改结果待销号',
  signed_off: '已销号',
  voided: '已作废',
};

export function decideLedgerEntry(command: LedgerEntryCommand, state: LedgerEntryState): LedgerEntryEvent[] {
  validateMetadata(command.metadata);
  requireId(command.entryId, 'entryId');
  if (command.type === 'RecordProblem') return recordProblem(command, state);
  const entry = existingEntry(command, state);
  if (command.type === 'Escalate') requireEscalationNotRecorded(command, entry);
  requireStatus(command.type, entry);
  switch (command.type) {
    case 'PlanRectification':
      return plan(command, entry);
    case 'ReportProgress':
      return reportProgress(command, entry);
    case 'SubmitResult':
      return submitResult(command, entry);
    case 'ApproveSignOff':
      return approveSignOff(command, entry);
    case 'RejectSignOff':
      return rejectSignOff(command, entry);
    case 'RequestDeadlineExtension':
      return requestExtension(command, entry);
    case 'ApproveDeadlineExtension':
      return approveExtension(command, entry);
    case 'RejectDeadlineExtension':
      return rejectExtension(command, entry);
    case 'Escalate':
      return escalate(command, entry);
    case 'VoidEntry':
      return voidEntry(command, entry);
    default:
      return assertNever(command, '台账命令');
  }
}

function stamp(metadata: CommandMetadata): { at: string; by: Actor } {
  return { at: metadata.now, by: actorOf(metadata) };
}

function existingEntry(command: Exclude<LedgerEntryCommand, RecordProblem>, state: LedgerEntryState): LedgerEntry {
  if (state === null) {
    throw new DomainError('LEDGER_ENTRY_NOT_FOUND', `台账条目 ${command.entryId} 不存在`, { entryId: command.entryId });
  }
  if (state.entryId !== command.entryId) {
    throw new DomainError('LEDGER_ID_MISMATCH', '命令中的台账条目 id 与所读取的流不一致', {
      entryId: command.entryId,
      streamEntryId: state.entryId,
    });
  }
  if (!isWithinTenantPath(state.tenant.path, command.metadata.tenant.path)) {
    throw new DomainError('LEDGER_TENANT_OUT_OF_SCOPE', '操作人所在单位无权操作该台账条目', {
      tenantPath: state.tenant.path,
      scope: command.metadata.tenant.path,
    });
  }
  return state;
}

function requireStatus(type: Exclude<CommandType, 'RecordProblem'>, entry: LedgerEntry): void {
  if (!ALLOWED_IN[type].includes(entry.status)) {
    throw new DomainError('LEDGER_INVALID_TRANSITION', `台账条目当前状态为「${STATUS_LABELS[entry.status]}」，不能执行该操作`, {
      command: type,
      status: entry.status,
      allowedIn: [...ALLOWED_IN[type]],
    });
  }
}

function requireSpecific(check: ReturnType<typeof checkResultText>, code: 'LEDGER_RESULT_NOT_SPECIFIC' | 'LEDGER_MEASURES_NOT_SPECIFIC', label: string, field: string): void {
  if (check.ok) return;
  const why = {
    blank: `${label}不能为空`,
    bare_phrase: `${label}不能只写“已整改”“已完成”“整改到位”之类的空话，请写明具体做了什么`,
    too_short: `${label}过于简单，请写明具体内容`,
    copies_problem: `${label}不能照抄问题描述，请写明针对该问题的具体措施`,
  }[check.reason];
  throw new DomainError(code, why, { field, reason: check.reason });
}

function requireEvidence(refs: readonly string[] | undefined, field: string, atLeastOne: boolean): string[] {
  const list = refs ?? [];
  if (!Array.isArray(list)) {
    throw new DomainError('LEDGER_INVALID_INPUT', '佐证材料必须是列表', { field });
  }
  const result: string[] = [];
  list.forEach((ref, index) => {
    if (!isValidId(ref)) {
      throw new DomainError('LEDGER_EVIDENCE_MISSING', '佐证材料引用不能为空或含空白字符', { field: `${field}[${index}]` });
    }
    if (!result.includes(ref)) result.push(ref);
  });
  if (atLeastOne && result.length === 0) {
    throw new DomainError('LEDGER_EVIDENCE_MISSING', '提交整改结果时至少要附一份佐证材料', { field });
  }
  return result;
}

function requireReason(reason: string, field = 'reason'): string {
  const trimmed = typeof reason === 'string' ? reason.trim() : '';
  if (trimmed.length === 0) {
    throw new DomainError('LEDGER_REASON_REQUIRED', '必须填写理由', { field });
  }
  return trimmed;
}

// RecordProblem

function recurrenceFrom(prior: readonly PriorSignOff[], entryId: string, now: string): Recurrence | null {
  if (!Array.isArray(prior)) {
    throw new DomainError('LEDGER_RECURRENCE_INVALID', 'priorSignedOff 必须是列表（可为空）', { field: 'priorSignedOff' });
  }
  const seen = new Set<string>();
  const checked = prior.map((p, index): PriorSignOff => {
    const field = `priorSignedOff[${index}]`;
    if (!isValidId(p.entryId) || !isValidId(p.campaignId) || !isIsoInstant(p.signedOffAt)) {
      throw new DomainError('LEDGER_RECURRENCE_INVALID', '已销号的历史条目信息不完整', { field });
    }
    if (p.entryId === entryId || seen.has(p.entryId)) {
      throw new DomainError('LEDGER_RECURRENCE_INVALID', '已销号的历史条目重复或就是本条目', { field });
    }
    if (compareInstants(p.signedOffAt, now) > 0) {
      throw new DomainError('LEDGER_RECURRENCE_INVALID', '历史条目的销号时间晚于当前时间', { field });
    }
    seen.add(p.entryId);
    return { entryId: p.entryId, campaignId: p.campaignId, signedOffAt: p.signedOffAt };
  });
  if (checked.length === 0) return null;
  const sorted = checked.sort((a, b) => compareInstants(a.signedOffAt, b.signedOffAt) || (a.entryId < b.entryId ? -1 : 1));
  const latest = sorted[sorted.length - 1] as PriorSignOff;
  return {
    previousEntryId: latest.entryId,
    previousCampaignId: latest.campaignId,
    previousSignedOffAt: latest.signedOffAt,
    priorSignedOff: sorted,
  };
}

function recordProblem(command: RecordProblem, state: LedgerEntryState): LedgerEntryEvent[] {
  if (state !== null) {
    throw new DomainError('LEDGER_ENTRY_ALREADY_EXISTS', `台账条目 ${command.entryId} 已存在`, { entryId: command.entryId });
  }
  const { now } = command.metadata;
  if (!isIsoInstant(command.foundAt) || compareInstants(command.foundAt, now) > 0) {
    throw new DomainError('LEDGER_INVALID_INPUT', '发现时间必须是不晚于当前时间的 ISO-8601 时刻', { field: 'foundAt' });
  }
  const immediate = requireDate(command.campaignDeadlines.immediate, 'campaignDeadlines.immediate', '立行立改时限');
  const fixedTerm = requireDate(command.campaignDeadlines.fixedTerm, 'campaignDeadlines.fixedTerm', '限期解决时限');
  if (compareCalendarDates(immediate, fixedTerm) > 0) {
    throw new DomainError('LEDGER_CAMPAIGN_DATES_INVALID', '立行立改时限不能晚于限期解决时限', { immediate, fixedTerm });
  }
  return [
    {
      type: 'ProblemRecorded',
      schemaVersion: 1,
      data: {
        entryId: command.entryId,
        campaignId: requireId(command.campaignId, 'campaignId'),
        tenant: tenantOf(command.metadata.tenant),
        villageCode: requireId(command.villageCode, 'villageCode'),
        itemNo: requirePositiveInteger(command.itemNo, 'itemNo', '排查项目序号'),
        description: requireText(command.description, 'description', '问题描述'),
        foundBy: requireText(command.foundBy, 'foundBy', '发现人'),
        foundAt: command.foundAt,
        campaignDeadlines: { immediate, fixedTerm },
        recurrence: recurrenceFrom(command.priorSignedOff, command.entryId, now),
        ...stamp(command.metadata),
      },
    },
  ];
}

// PlanRectification

function plan(command: PlanRectification, entry: LedgerEntry): LedgerEntryEvent[] {
  const blank = (value: unknown): boolean => typeof value !== 'string' || value.trim().length === 0;
  const missing = [
    ...(blank(command.responsibleUnit) ? ['responsibleUnit'] : []),
    ...(blank(command.responsiblePerson) ? ['responsiblePerson'] : []),
    ...(command.deadline === null || command.deadline === undefined ? ['deadline'] : []),
  ];
  if (missing.length > 0) {
    throw new DomainError('LEDGER_PLAN_INCOMPLETE', '整改台账不能缺少整改时限、责任单位或责任人', { missing });
  }
  requireSpecific(checkMeasuresText(command.measures, entry.description), 'LEDGER_MEASURES_NOT_SPECIFIC', '整改措施', 'measures');
  return [
    {
      type: 'RectificationPlanned',
      schemaVersion: 1,
      data: {
        entryId: entry.entryId,
        measures: command.measures.trim(),
        responsibleUnit: command.responsibleUnit.trim(),
        responsiblePerson: command.responsiblePerson.trim(),
        deadline: normaliseDeadline(command.deadline, entry.campaignDeadlines, command.metadata.now),
        ...stamp(command.metadata),
      },
    },
  ];
}

// Progress, result, sign-off

function reportProgress(command: ReportProgress, entry: LedgerEntry): LedgerEntryEvent[] {
  return [
    {
      type: 'ProgressReported',
      schemaVersion: 1,
      data: {
        entryId: entry.entryId,
        note: requireText(command.note, 'note', '进展说明'),
        evidenceRefs: requireEvidence(command.evidenceRefs, 'evidenceRefs', false),
        ...stamp(command.metadata),
      },
    },
  ];
}

function submitResult(command: SubmitResult, entry: LedgerEntry): LedgerEntryEvent[] {
  requireSpecific(checkResultText(command.result), 'LEDGER_RESULT_NOT_SPECIFIC', '整改结果', 'result');
  return [
    {
      type: 'ResultSubmitted',
      schemaVersion: 1,
      data: {
        entryId: entry.entryId,
        result: command.result.trim(),
        evidenceRefs: requireEvidence(command.evidenceRefs, 'evidenceRefs', true),
        ...stamp(command.metadata),
      },
    },
  ];
}

function submitterOf(entry: LedgerEntry): string {
  if (entry.result === null) {
    throw new DomainError('LEDGER_STREAM_CORRUPT', '待销号的条目没有整改结果', { entryId: entry.entryId });
  }
  return entry.result.submittedBy.userId;
}

function approveSignOff(command: ApproveSignOff, entry: LedgerEntry): LedgerEntryEvent[] {
  const submitter = submitterOf(entry);
  if (submitter === command.metadata.actor.userId) {
    throw new DomainError('LEDGER_APPROVER_IS_SUBMITTER', '提交整改结果的人不能为自己销号', { userId: submitter });
  }
  return [
    {
      type: 'SignOffApproved',
      schemaVersion: 1,
      data: {
        entryId: entry.entryId,
        comment: optionalText(command.comment),
        resultSubmittedBy: submitter,
        ...stamp(command.metadata),
      },
    },
  ];
}

function rejectSignOff(command: RejectSignOff, entry: LedgerEntry): LedgerEntryEvent[] {
  return [
    {
      type: 'SignOffRejected',
      schemaVersion: 1,
      data: { entryId: entry.entryId, reason: requireReason(command.reason), ...stamp(command.metadata) },
    },
  ];
}

// Deadline extensions

function currentDueDate(entry: LedgerEntry): string {
  if (entry.dueDate === null || entry.plan === null) {
    throw new DomainError('LEDGER_STREAM_CORRUPT', '已制定措施的条目没有整改时限', { entryId: entry.entryId });
  }
  return entry.dueDate;
}

function requestExtension(command: RequestDeadlineExtension, entry: LedgerEntry): LedgerEntryEvent[] {
  const dueDate = currentDueDate(entry);
  if (entry.plan?.deadline.kind === 'long_term') {
    throw new DomainError('LEDGER_EXTENSION_NOT_APPLICABLE', '长效整改按阶段目标推进，不适用延期申请', { entryId: entry.entryId });
  }
  if (entry.pendingExtension !== null) {
    throw new DomainError('LEDGER_EXTENSION_ALREADY_PENDING', '已有一项延期申请待审批', {
      requestedDate: entry.pendingExtension.requestedDate,
    });
  }
  const requestedDate = requireDate(command.requestedDate, 'requestedDate', '申请延期至');
  if (compareCalendarDates(requestedDate, dueDate) <= 0) {
    throw new DomainError('LEDGER_EXTENSION_NOT_LATER', `申请的日期必须晚于现在的整改时限 ${dueDate}`, { requestedDate, dueDate });
  }
  const today = shanghaiDateOf(command.metadata.now);
  if (compareCalendarDates(requestedDate, today) < 0) {
    throw new DomainError('LEDGER_DEADLINE_IN_PAST', `申请的日期 ${requestedDate} 早于今天（${today}）`, { requestedDate, today });
  }
  return [
    {
      type: 'DeadlineExtensionRequested',
      schemaVersion: 1,
      data: {
        entryId: entry.entryId,
        currentDueDate: dueDate,
        requestedDate,
        reason: requireReason(command.reason),
        ...stamp(command.metadata),
      },
    },
  ];
}

function pendingExtensionOf(entry: LedgerEntry): NonNullable<LedgerEntry['pendingExtension']> {
  if (entry.pendingExtension === null) {
    throw new DomainError('LEDGER_EXTENSION_NOT_PENDING', '没有待审批的延期申请', { entryId: entry.entryId });
  }
  return entry.pendingExtension;
}

function approveExtension(command: ApproveDeadlineExtension, entry: LedgerEntry): LedgerEntryEvent[] {
  const pending = pendingExtensionOf(entry);
  if (pending.by.userId === command.metadata.actor.userId) {
    throw new DomainError('LEDGER_APPROVER_IS_SUBMITTER', '申请延期的人不能审批自己的申请', { userId: pending.by.userId });
  }
  if (entry.originalDeadline === null) {
    throw new DomainError('LEDGER_STREAM_CORRUPT', '已制定措施的条目没有原整改时限', { entryId: entry.entryId });
  }
  return [
    {
      type: 'DeadlineExtensionApproved',
      schemaVersion: 1,
      data: {
        entryId: entry.entryId,
        previousDueDate: currentDueDate(entry),
        newDueDate: pending.requestedDate,
        originalDeadline: entry.originalDeadline,
        comment: optionalText(command.comment),
        ...stamp(command.metadata),
      },
    },
  ];
}

function rejectExtension(command: RejectDeadlineExtension, entry: LedgerEntry): LedgerEntryEvent[] {
  const pending = pendingExtensionOf(entry);
  return [
    {
      type: 'DeadlineExtensionRejected',
      schemaVersion: 1,
      data: {
        entryId: entry.entryId,
        requestedDate: pending.requestedDate,
        reason: requireReason(command.reason),
        ...stamp(command.metadata),
      },
    },
  ];
}

// Escalation and voiding

function requireEscalationNotRecorded(command: Escalate, entry: LedgerEntry): void {
  const done = entry.escalations.find((e) => e.level === command.level);
  if (done) {
    throw new DomainError('LEDGER_ESCALATION_ALREADY_RECORDED', `该条目已督办升级到${command.level === 'county' ? '县级' : '市级'}`, {
      level: command.level,
      at: done.at,
    });
  }
}

function escalate(command: Escalate, entry: LedgerEntry): LedgerEntryEvent[] {
  if (command.level !== 'county' && command.level !== 'city') {
    throw new DomainError('LEDGER_INVALID_INPUT', '升级层级只能是 county 或 city', { field: 'level' });
  }
  validateTenantRef(command.targetTenant, 'targetTenant');
  if (!isStrictlyBelowTenantPath(entry.tenant.path, command.targetTenant.path)) {
    throw new DomainError('LEDGER_ESCALATION_TARGET_INVALID', '升级的目标单位必须是该条目所属单位的上级', {
      targetTenantPath: command.targetTenant.path,
      entryTenantPath: entry.tenant.path,
    });
  }
  if (command.level === 'city') {
    const county = entry.escalations.find((e) => e.level === 'county');
    if (!county) {
      throw new DomainError('LEDGER_ESCALATION_OUT_OF_ORDER', '须先升级到县级，才能升级到市级', { level: command.level });
    }
    if (!isStrictlyBelowTenantPath(county.targetTenant.path, command.targetTenant.path)) {
      throw new DomainError('LEDGER_ESCALATION_TARGET_INVALID', '市级目标单位必须是县级目标单位的上级', {
        targetTenantPath: command.targetTenant.path,
        countyTenantPath: county.targetTenant.path,
      });
    }
  }
  return [
    {
      type: 'EntryEscalated',
      schemaVersion: 1,
      data: {
        entryId: entry.entryId,
        level: command.level,
        targetTenant: tenantOf(command.targetTenant),
        reason: requireReason(command.reason),
        ...stamp(command.metadata),
      },
    },
  ];
}

function voidEntry(command: VoidEntry, entry: LedgerEntry): LedgerEntryEvent[] {
  return [
    {
      type: 'EntryVoided',
      schemaVersion: 1,
      data: { entryId: entry.entryId, reason: requireReason(command.reason), statusBefore: entry.status, ...stamp(command.metadata) },
    },
  ];
}

// evolve

function corrupt(event: LedgerEntryEvent): never {
  throw new DomainError('LEDGER_STREAM_CORRUPT', `台账条目流中的事件 ${event.type} 与当前状态不符`, { type: event.type });
}

export function evolveLedgerEntry(state: LedgerEntryState, event: LedgerEntryEvent): LedgerEntryState {
  if (event.type === 'ProblemRecorded') {
    if (state !== null) return corrupt(event);
    const d = event.data;
    return {
      entryId: d.entryId,
      campaignId: d.campaignId,
      tenant: d.tenant,
      villageCode: d.villageCode,
      itemNo: d.itemNo,
      description: d.description,
      foundBy: d.foundBy,
      foundAt: d.foundAt,
      recordedAt: d.at,
      recordedBy: d.by,
      campaignDeadlines: d.campaignDeadlines,
      recurrence: d.recurrence,
      status: 'recorded',
      plan: null,
      originalDeadline: null,
      dueDate: null,
      pendingExtension: null,
      extensions: [],
      progress: [],
      result: null,
      signOffRejections: [],
      signOff: null,
      escalations: [],
      voided: null,
    };
  }
  if (state === null) return corrupt(event);
  switch (event.type) {
    case 'RectificationPlanned': {
      const { measures, responsibleUnit, responsiblePerson, deadline, at, by } = event.data;
      return {
        ...state,
        status: 'planned',
        plan: { measures, responsibleUnit, responsiblePerson, deadline, plannedAt: at, plannedBy: by },
        originalDeadline: state.originalDeadline ?? deadline,
        dueDate: dueDateOf(deadline),
      };
    }
    case 'ProgressReported': {
      const { note, evidenceRefs, at, by } = event.data;
      return { ...state, status: 'in_progress', progress: [...state.progress, { note, evidenceRefs, at, by }] };
    }
    case 'ResultSubmitted': {
      const { result, evidenceRefs, at, by } = event.data;
      return { ...state, status: 'submitted', result: { text: result, evidenceRefs, submittedAt: at, submittedBy: by } };
    }
    case 'SignOffApproved': {
      const { comment, at, by } = event.data;
      return { ...state, status: 'signed_off', signOff: { comment, at, by }, pendingExtension: null };
    }
    case 'SignOffRejected': {
      const { reason, at, by } = event.data;
      return { ...state, status: 'in_progress', signOffRejections: [...state.signOffRejections, { reason, at, by }] };
    }
    case 'DeadlineExtensionRequested': {
      const { requestedDate, reason, at, by } = event.data;
      return { ...state, pendingExtension: { requestedDate, reason, at, by } };
    }
    case 'DeadlineExtensionApproved': {
      const { previousDueDate, newDueDate, at, by } = event.data;
      const reason = state.pendingExtension?.reason ?? '';
      return {
        ...state,
        dueDate: newDueDate,
        pendingExtension: null,
        extensions: [...state.extensions, { previousDueDate, newDueDate, reason, approvedAt: at, approvedBy: by }],
      };
    }
    case 'DeadlineExtensionRejected':
      return { ...state, pendingExtension: null };
    case 'EntryEscalated': {
      const { level, targetTenant, reason, at } = event.data;
      return { ...state, escalations: [...state.escalations, { level, targetTenant, reason, at }] };
    }
    case 'EntryVoided': {
      const { reason, at, by } = event.data;
      return { ...state, status: 'voided', voided: { reason, at, by }, pendingExtension: null };
    }
    default:
      return assertNever(event, '台账事件');
  }
}
