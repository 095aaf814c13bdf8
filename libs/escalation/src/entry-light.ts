import { compareCalendarDates, daysBetween, isCalendarDate, type EscalationLevel } from '@rectify/ledger-domain';
import { type EntryLightSnapshot } from './entry-snapshot';
import { DEFAULT_ESCALATION_POLICY, EscalationError, type EscalationPolicy } from './escalation-policy';

export type Light = 'green' | 'yellow' | 'red' | 'none';

export type LightReasonCode =
  | 'SIGNED_OFF'
  | 'VOIDED'
  | 'OVERDUE'
  | 'DEADLINE_NEAR'
  | 'NO_PROGRESS'
  | 'MILESTONE_WITHOUT_PROGRESS'
  | 'ON_TRACK';

/** Why the light is what it is: a stable code and a Chinese sentence for the UI. */
export type LightReason = { code: LightReasonCode; message: string };

export type EntryLight = {
  light: Light;
  reason: LightReason;
  /** The deadline that counts: the latest approved extension's date, else the planned one; null before planning. */
  dueEffective: string | null;
  /** Calendar days past dueEffective (0 when not overdue). */
  daysOverdue: number;
  /** Calendar days since the last activity (recorded, planned, progress or result). */
  daysWithoutProgress: number;
  /** True while an extension request is pending: no escalation is due, the light still shows. */
  escalationPaused: boolean;
  /** Levels to escalate to now, in order; at most one (city only once county is recorded). */
  escalationsDue: EscalationLevel[];
  /** A Chinese reason for the Escalate command (e.g. 逾期3天), or null when nothing is due. */
  escalationReason: string | null;
};

function requireDate(value: string, field: string): string {
  if (!isCalendarDate(value)) {
    throw new EscalationError('ESCALATION_INVALID_DATE', `${field} 必须是有效的日期（YYYY-MM-DD）`, { field, value: String(value) });
  }
  return value;
}

function latest(dates: readonly (string | null)[]): string | null {
  let result: string | null = null;
  for (const date of dates) {
    if (date !== null && (result === null || compareCalendarDates(date, result) > 0)) result = date;
  }
  return result;
}

/**
 * Yellow for a long-term plan whose latest passed intermediate milestone saw no progress since the
 * milestone before it (or since recording, for the first). The last milestone is the due date and
 * is handled by the deadline rules.
 */
function missedMilestone(snapshot: EntryLightSnapshot, today: string): string | null {
  const intermediate = snapshot.milestones.slice(0, -1);
  let index = -1;
  intermediate.forEach((milestone, i) => {
    if (compareCalendarDates(milestone.date, today) < 0) index = i;
  });
  const passed = intermediate[index];
  if (!passed) return null;
  const since = index > 0 ? intermediate[index - 1]?.date ?? null : null;
  const progressed =
    snapshot.lastProgressOn !== null && (since === null || compareCalendarDates(snapshot.lastProgressOn, since) > 0);
  return progressed ? null : passed.date;
}

/**
 * The light of one entry on `today` (an Asia/Shanghai calendar date), under `policy`. Pure: the
 * same snapshot and date give the same answer. Lights are derived on demand, never stored.
 * The rules are in libs/escalation/README.md.
 */
export function computeEntryLight(
  snapshot: EntryLightSnapshot,
  today: string,
  policy: EscalationPolicy = DEFAULT_ESCALATION_POLICY,
): EntryLight {
  requireDate(today, 'today');
  requireDate(snapshot.recordedOn, 'recordedOn');
  const dueEffective = snapshot.approvedExtensionDueDate ?? snapshot.originalDueDate;
  if (dueEffective !== null) requireDate(dueEffective, 'dueEffective');

  const lastActivityOn = latest([snapshot.recordedOn, snapshot.plannedOn, snapshot.lastProgressOn]) ?? snapshot.recordedOn;
  const daysWithoutProgress = Math.max(0, daysBetween(lastActivityOn, today));
  const closed = snapshot.status === 'signed_off' || snapshot.status === 'voided';
  const base = { dueEffective, daysWithoutProgress, escalationPaused: false, escalationsDue: [], escalationReason: null };

  if (closed) {
    const reason: LightReason =
      snapshot.status === 'signed_off'
        ? { code: 'SIGNED_OFF', message: '已销号，不再亮灯' }
        : { code: 'VOIDED', message: '已作废，不再亮灯' };
    return { ...base, light: 'none', reason, daysOverdue: 0 };
  }

  const daysOverdue = dueEffective !== null ? Math.max(0, daysBetween(dueEffective, today)) : 0;
  const daysToDeadline = dueEffective !== null ? daysBetween(today, dueEffective) : null;

  let light: Light;
  let reason: LightReason;
  const milestone = missedMilestone(snapshot, today);
  if (daysOverdue > 0) {
    light = 'red';
    reason = { code: 'OVERDUE', message: `已逾期${daysOverdue}天（整改时限 ${dueEffective}），尚未销号` };
  } else if (daysToDeadline !== null && daysToDeadline <= policy.yellowDaysBeforeDeadline) {
    light = 'yellow';
    reason = {
      code: 'DEADLINE_NEAR',
      message: daysToDeadline === 0 ? `今天（${dueEffective}）到期，尚未销号` : `距整改时限 ${dueEffective} 还有${daysToDeadline}天`,
    };
  } else if (daysWithoutProgress >= policy.noProgressYellowDays) {
    light = 'yellow';
    reason = { code: 'NO_PROGRESS', message: `已${daysWithoutProgress}天无整改进展（最近一次 ${lastActivityOn}）` };
  } else if (milestone !== null) {
    light = 'yellow';
    reason = { code: 'MILESTONE_WITHOUT_PROGRESS', message: `阶段目标 ${milestone} 已过，此阶段没有报告进展` };
  } else {
    light = 'green';
    reason = { code: 'ON_TRACK', message: '正常推进' };
  }

  const recorded = new Map(snapshot.escalations.map((escalation) => [escalation.level, escalation.on] as const));
  const countyOn = recorded.get('county') ?? null;
  const escalationsDue: EscalationLevel[] = [];
  let escalationReason: string | null = null;

  if (countyOn === null) {
    if (daysOverdue >= policy.escalateToCountyAfterRedDays) {
      escalationsDue.push('county');
      escalationReason = `逾期${daysOverdue}天`;
    } else if (daysWithoutProgress >= policy.escalateToCountyAfterNoProgressDays) {
      escalationsDue.push('county');
      escalationReason = `${daysWithoutProgress}天无整改进展`;
    }
  } else if (!recorded.has('city')) {
    const sinceCounty = daysBetween(countyOn, today);
    const stillStuck = daysOverdue > 0 || compareCalendarDates(lastActivityOn, countyOn) <= 0;
    if (sinceCounty >= policy.escalateToCityAfterMoreDays && stillStuck) {
      escalationsDue.push('city');
      escalationReason =
        daysOverdue > 0
          ? `县级督办${sinceCounty}天后仍未销号，已逾期${daysOverdue}天`
          : `县级督办${sinceCounty}天后仍无整改进展`;
    }
  }

  if (snapshot.pendingExtension !== null) {
    return { ...base, light, reason, daysOverdue, escalationPaused: true };
  }
  return { ...base, light, reason, daysOverdue, escalationsDue, escalationReason };
}
