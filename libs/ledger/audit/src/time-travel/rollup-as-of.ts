import { isEntryOverdue, type EntryStatus, type LedgerEntry } from '@rectify/ledger-domain';

/** Counts of a subtree's entries as the system knew them at an instant, computed from folded entries. */
export interface RollupAsOf {
  readonly tenantPath: string;
  readonly asOf: Date;
  /** Entries not voided. */
  readonly total: number;
  /** Recorded, planned, in progress or submitted. */
  readonly open: number;
  /** Signed off (销号). */
  readonly closed: number;
  readonly voided: number;
  /** Open and past their due date on the Shanghai calendar day of `asOf`. */
  readonly overdue: number;
  /** Not voided and a recurrence (屡改屡犯). */
  readonly recurrences: number;
  /** closed / total; 0 without entries. */
  readonly closureRate: number;
  /** Every status, voided included. */
  readonly byStatus: Readonly<Record<EntryStatus, number>>;
}

const OPEN: readonly EntryStatus[] = ['recorded', 'planned', 'in_progress', 'submitted'];

/** Accumulates a roll-up entry by entry (the subtree is read in pages; nothing is kept per entry). */
export class RollupAccumulator {
  private readonly byStatus: Record<EntryStatus, number> = { recorded: 0, planned: 0, in_progress: 0, submitted: 0, signed_off: 0, voided: 0 };
  private overdue = 0;
  private recurrences = 0;
  private readonly now: string;

  constructor(
    private readonly tenantPath: string,
    private readonly asOf: Date,
  ) {
    this.now = asOf.toISOString();
  }

  add(entry: LedgerEntry): void {
    this.byStatus[entry.status] += 1;
    if (entry.status === 'voided') return;
    if (entry.recurrence !== null) this.recurrences += 1;
    if (isEntryOverdue(entry, this.now)) this.overdue += 1;
  }

  result(): RollupAsOf {
    const open = OPEN.reduce((sum, s) => sum + this.byStatus[s], 0);
    const closed = this.byStatus.signed_off;
    const total = open + closed;
    return {
      tenantPath: this.tenantPath,
      asOf: this.asOf,
      total,
      open,
      closed,
      voided: this.byStatus.voided,
      overdue: this.overdue,
      recurrences: this.recurrences,
      closureRate: total === 0 ? 0 : closed / total,
      byStatus: { ...this.byStatus },
    };
  }
}
