import { type CampaignDeadlines } from '../campaign/campaign.types';
import { compareCalendarDates, isCalendarDate, isPastDeadline, shanghaiDateOf } from '../shared/calendar';
import { DomainError } from '../shared/domain-error';
import { type LedgerEntry, type RectificationDeadline } from './ledger-entry.types';

/** The due date of a deadline: its date, or the last milestone's for a long-term one. */
export function dueDateOf(deadline: RectificationDeadline): string {
  if (deadline.kind === 'long_term') {
    const last = deadline.milestones[deadline.milestones.length - 1];
    if (!last) throw new DomainError('LEDGER_DEADLINE_INVALID', '长效整改至少要有一个阶段目标');
    return last.date;
  }
  return deadline.date;
}

function requireFutureOrToday(date: string, today: string, field: string): void {
  if (compareCalendarDates(date, today) < 0) {
    throw new DomainError('LEDGER_DEADLINE_IN_PAST', `整改时限 ${date} 早于今天（${today}）`, { field, date, today });
  }
}

function requireValidDate(date: unknown, field: string): string {
  if (!isCalendarDate(date)) {
    throw new DomainError('LEDGER_INVALID_DATE', '整改时限必须是有效的日期（YYYY-MM-DD）', { field });
  }
  return date;
}

/**
 * Checks a planned deadline against its class and the campaign's dates, at `now`; returns a
 * plain-JSON copy. See RectificationDeadline for the rules.
 */
export function normaliseDeadline(deadline: RectificationDeadline, campaign: CampaignDeadlines, now: string): RectificationDeadline {
  const today = shanghaiDateOf(now);
  switch (deadline.kind) {
    case 'immediate':
    case 'fixed_term': {
      const date = requireValidDate(deadline.date, 'deadline.date');
      requireFutureOrToday(date, today, 'deadline.date');
      const limit = deadline.kind === 'immediate' ? campaign.immediate : campaign.fixedTerm;
      if (compareCalendarDates(date, limit) > 0) {
        const label = deadline.kind === 'immediate' ? '立行立改' : '限期解决';
        throw new DomainError('LEDGER_DEADLINE_INVALID', `${label}的整改时限不能晚于专项行动规定的 ${limit}`, {
          field: 'deadline.date',
          kind: deadline.kind,
          date,
          limit,
        });
      }
      return { kind: deadline.kind, date };
    }
    case 'long_term': {
      if (!Array.isArray(deadline.milestones) || deadline.milestones.length === 0) {
        throw new DomainError('LEDGER_DEADLINE_INVALID', '长效整改至少要有一个带日期和内容的阶段目标', { field: 'deadline.milestones' });
      }
      let previous: string | null = null;
      const milestones = deadline.milestones.map((milestone, index) => {
        const field = `deadline.milestones[${index}]`;
        const date = requireValidDate(milestone.date, `${field}.date`);
        requireFutureOrToday(date, today, `${field}.date`);
        const description = typeof milestone.description === 'string' ? milestone.description.trim() : '';
        if (description.length === 0) {
          throw new DomainError('LEDGER_DEADLINE_INVALID', '阶段目标的内容不能为空', { field: `${field}.description` });
        }
        if (previous !== null && compareCalendarDates(date, previous) <= 0) {
          throw new DomainError('LEDGER_DEADLINE_INVALID', '阶段目标的日期必须逐个推后', { field: `${field}.date` });
        }
        previous = date;
        return { date, description };
      });
      return { kind: 'long_term', milestones };
    }
    default: {
      const unknownKind: never = deadline;
      throw new DomainError('LEDGER_DEADLINE_INVALID', '整改时限类别必须是立行立改、限期解决或长效', {
        kind: JSON.stringify(unknownKind),
      });
    }
  }
}

/** True when an open entry's due date has passed at `now` (Asia/Shanghai calendar days). */
export function isEntryOverdue(entry: LedgerEntry, now: string): boolean {
  if (entry.status === 'signed_off' || entry.status === 'voided' || entry.dueDate === null) return false;
  return isPastDeadline(now, entry.dueDate);
}
