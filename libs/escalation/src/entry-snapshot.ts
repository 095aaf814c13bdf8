import {
  compareCalendarDates,
  dueDateOf,
  shanghaiDateOf,
  type EntryStatus,
  type EscalationLevel,
  type LedgerEntry,
  type Milestone,
} from '@rectify/ledger-domain';

/**
 * What the light computation needs to know about one ledger entry. Every date is an Asia/Shanghai
 * calendar date `YYYY-MM-DD` (never an instant), so the computation does no time-zone work.
 * A read-model row or a folded LedgerEntry (see snapshotOfEntry) can fill it.
 */
export type EntryLightSnapshot = {
  status: EntryStatus;
  /** The date the problem was recorded. */
  recordedOn: string;
  /** The date the rectification was planned, or null while it is not. */
  plannedOn: string | null;
  /** The due date as first planned (dueDateOf(originalDeadline)); null before planning. */
  originalDueDate: string | null;
  /** The due date set by the latest approved extension, or null when none was approved. */
  approvedExtensionDueDate: string | null;
  /** A pending extension request, or null. It pauses escalation (see README). */
  pendingExtension: { requestedDate: string; requestedOn: string } | null;
  /** The latest progress report or result submission, or null when there was none. */
  lastProgressOn: string | null;
  /** Escalations already recorded (EntryEscalated), with their dates. */
  escalations: { level: EscalationLevel; on: string }[];
  /** The milestones of a long-term (长效) plan; empty for other plans. */
  milestones: Milestone[];
};

function latest(dates: readonly string[]): string | null {
  let result: string | null = null;
  for (const date of dates) {
    if (result === null || compareCalendarDates(date, result) > 0) result = date;
  }
  return result;
}

/** The snapshot of a folded entry: instants become Shanghai dates, the deadline its due dates. */
export function snapshotOfEntry(entry: LedgerEntry): EntryLightSnapshot {
  const lastExtension = entry.extensions[entry.extensions.length - 1];
  const activity = entry.progress.map((progress) => shanghaiDateOf(progress.at));
  if (entry.result) activity.push(shanghaiDateOf(entry.result.submittedAt));
  return {
    status: entry.status,
    recordedOn: shanghaiDateOf(entry.recordedAt),
    plannedOn: entry.plan ? shanghaiDateOf(entry.plan.plannedAt) : null,
    originalDueDate: entry.originalDeadline ? dueDateOf(entry.originalDeadline) : null,
    approvedExtensionDueDate: lastExtension ? lastExtension.newDueDate : null,
    pendingExtension: entry.pendingExtension
      ? { requestedDate: entry.pendingExtension.requestedDate, requestedOn: shanghaiDateOf(entry.pendingExtension.at) }
      : null,
    lastProgressOn: latest(activity),
    escalations: entry.escalations.map((escalation) => ({ level: escalation.level, on: shanghaiDateOf(escalation.at) })),
    milestones: entry.originalDeadline?.kind === 'long_term' ? entry.originalDeadline.milestones.map((m) => ({ ...m })) : [],
  };
}
