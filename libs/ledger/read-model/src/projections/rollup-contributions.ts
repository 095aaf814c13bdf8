import type { DeadlineClassValue, EntryStatusValue, EscalationLevelValue } from '../entities';

/** What of an entry the roll-ups count. */
export type RollupFacts = {
  status: EntryStatusValue;
  itemNo: number;
  subAreaNo: number | null;
  categoryNo: number | null;
  deadlineClass: DeadlineClassValue | null;
  dueDate: string | null;
  isRecurrence: boolean;
  escalationLevel: EscalationLevelValue | null;
  openedOn: string;
  closedOn: string | null;
};

/** Dimensions of `rollup_counter`. */
export const RollupDimension = {
  /** Entries not voided (key ''). */
  Entries: 'entries',
  /** Entries by status, voided included (key: status). */
  Status: 'status',
  /** Open entries: recorded, planned, in progress or submitted (key ''). */
  Open: 'open',
  /** Signed-off entries (key ''). */
  Closed: 'closed',
  Item: 'item',
  ItemOpen: 'item_open',
  SubArea: 'sub_area',
  SubAreaOpen: 'sub_area_open',
  Category: 'category',
  CategoryOpen: 'category_open',
  DeadlineClass: 'deadline_class',
  /** Not voided and a recurrence (屡改屡犯) (key ''). */
  Recurrence: 'recurrence',
  /** Not voided and escalated, by the highest level reached (key: county | city). */
  Escalation: 'escalation',
  /** Open entries by due date (key: YYYY-MM-DD): overdue as of D is the sum of keys before D. */
  OpenDue: 'open_due',
  /** Entries recorded on a Shanghai day (key: YYYY-MM-DD). */
  OpenedOn: 'opened_on',
  /** Entries signed off or voided on a Shanghai day: open on D = opened up to D − closed up to D. */
  ClosedOn: 'closed_on',
} as const;
export type RollupDimension = (typeof RollupDimension)[keyof typeof RollupDimension];

export const OPEN_STATUSES: readonly EntryStatusValue[] = ['recorded', 'planned', 'in_progress', 'submitted'];

export function isOpenStatus(status: EntryStatusValue): boolean {
  return OPEN_STATUSES.includes(status);
}

/** `dimension\u0000key` → count, for one entry. */
export type Contributions = Map<string, number>;

const SEP = '\u0000';

function add(map: Contributions, dimension: RollupDimension, key: string | number, value = 1): void {
  const k = `${dimension}${SEP}${key}`;
  map.set(k, (map.get(k) ?? 0) + value);
}

/** What one entry adds to its tenants' counters; nothing for a missing entry. */
export function contributionsOf(facts: RollupFacts | null): Contributions {
  const map: Contributions = new Map();
  if (facts === null) return map;
  const open = isOpenStatus(facts.status);
  const counted = facts.status !== 'voided';
  add(map, RollupDimension.Status, facts.status);
  add(map, RollupDimension.OpenedOn, facts.openedOn);
  if (facts.closedOn !== null) add(map, RollupDimension.ClosedOn, facts.closedOn);
  if (!counted) return map;
  add(map, RollupDimension.Entries, '');
  add(map, RollupDimension.Item, facts.itemNo);
  if (facts.subAreaNo !== null) add(map, RollupDimension.SubArea, facts.subAreaNo);
  if (facts.categoryNo !== null) add(map, RollupDimension.Category, facts.categoryNo);
  if (facts.deadlineClass !== null) add(map, RollupDimension.DeadlineClass, facts.deadlineClass);
  if (facts.isRecurrence) add(map, RollupDimension.Recurrence, '');
  if (facts.escalationLevel !== null) add(map, RollupDimension.Escalation, facts.escalationLevel);
  if (facts.status === 'signed_off') add(map, RollupDimension.Closed, '');
  if (open) {
    add(map, RollupDimension.Open, '');
    add(map, RollupDimension.ItemOpen, facts.itemNo);
    if (facts.subAreaNo !== null) add(map, RollupDimension.SubAreaOpen, facts.subAreaNo);
    if (facts.categoryNo !== null) add(map, RollupDimension.CategoryOpen, facts.categoryNo);
    if (facts.dueDate !== null) add(map, RollupDimension.OpenDue, facts.dueDate);
  }
  return map;
}

export type CounterDelta = { dimension: string; key: string; delta: number };

/**
 * Calls `add(dimensionAndKey, delta)` for every key whose count differs between two contribution
 * maps: the same keys and deltas as `diffContributions`, unsorted and with `dimension\u0000key` left
 * joined (for callers that sum many of them).
 */
export function forEachContributionDelta(before: Contributions, after: Contributions, add: (dimensionAndKey: string, delta: number) => void): void {
  for (const [k, v] of after) {
    const delta = v - (before.get(k) ?? 0);
    if (delta !== 0) add(k, delta);
  }
  for (const [k, v] of before) if (!after.has(k) && v !== 0) add(k, -v);
}

/** The counter changes that turn `before` into `after`; zero changes are left out. */
export function diffContributions(before: RollupFacts | null, after: RollupFacts | null): CounterDelta[] {
  const a = contributionsOf(before);
  const b = contributionsOf(after);
  const keys = new Set([...a.keys(), ...b.keys()]);
  const deltas: CounterDelta[] = [];
  for (const k of [...keys].sort()) {
    const delta = (b.get(k) ?? 0) - (a.get(k) ?? 0);
    if (delta === 0) continue;
    const [dimension, key] = k.split(SEP);
    deltas.push({ dimension, key, delta });
  }
  return deltas;
}
