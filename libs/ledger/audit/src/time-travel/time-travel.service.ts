import { fold, isEntryOverdue, isTenantPath, type EntryStatus, type LedgerEntry, type LedgerEntryState } from '@rectify/ledger-domain';
import { isWithinScope } from '@rectify/tenancy';
import { AuditError, AuditErrorCode } from '../audit-error';
import { diffStates, type FieldChange } from '../diff/state-diff';
import { entryStream, streamIdOf } from '../events/audited-streams';
import { requireInstant, type EventLogQuery } from '../events/event-log.query';
import { eventReading, toDomainEvent, type EventReading, type FoldableEvent } from '../events/stored-event';
import { decodeCursor, encodeCursor, requirePageSize } from '../history/cursor';
import { RollupAccumulator, type RollupAsOf } from './rollup-as-of';

/** An entry as the system knew it at `asOf`, rebuilt from the events recorded by then. */
export interface EntryAsOf {
  readonly entryId: string;
  readonly tenantPath: string;
  readonly asOf: Date;
  readonly entry: LedgerEntry;
  /** The stream version of the last event folded. */
  readonly version: number;
  /** When that event was recorded. */
  readonly lastRecordedAt: Date;
}

export interface LedgerAsOfFilter {
  readonly statuses?: readonly EntryStatus[];
  readonly campaignId?: string;
  readonly villageCode?: string;
  readonly itemNo?: number;
  /** Only entries open and past their due date at `asOf`. */
  readonly overdueOnly?: boolean;
}

export interface LedgerAsOfRequest {
  /** Page size, 1…1000 (default 100). */
  readonly first?: number;
  readonly after?: string | null;
  readonly filter?: LedgerAsOfFilter;
}

export interface LedgerAsOfPage {
  readonly items: readonly EntryAsOf[];
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
}

export interface EntryDiff {
  readonly entryId: string;
  readonly tenantPath: string;
  readonly statusFrom: EntryStatus | null;
  readonly statusTo: EntryStatus;
  readonly changes: readonly FieldChange[];
}

/**
 * Between two instants, per entry that had an event recorded in (from, to]:
 * - `added`: did not exist at `from`;
 * - `changed`: existed at `from` and differs at `to` (field diffs);
 * - `closed`: was open (or absent) at `from`, signed off or voided at `to` (also in `added`/`changed`).
 */
export interface LedgerDiffPage {
  readonly from: Date;
  readonly to: Date;
  readonly added: readonly EntryDiff[];
  readonly changed: readonly EntryDiff[];
  readonly closed: readonly EntryDiff[];
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
}

const LEDGER_CURSOR = 'ledger-as-of';
const DIFF_CURSOR = 'ledger-diff';
/** Entry streams fetched per round trip while filling a filtered page. */
const CHUNK = 500;

function requireScopePath(value: string, field: string): string {
  if (!isTenantPath(value)) throw new AuditError(AuditErrorCode.InvalidArgument, `${field} 不是有效的单位路径`, { field });
  return value;
}

function isClosed(status: EntryStatus | null): boolean {
  return status === 'signed_off' || status === 'voided';
}

/**
 * Time travel: the ledger as the system knew it at an instant (`recordedAt ≤ asOf`), rebuilt from
 * the events, never from the current read-model rows. Old event versions are upcast on read.
 */
export class TimeTravelService {
  constructor(
    private readonly log: EventLogQuery,
    private readonly reading: EventReading = eventReading(),
  ) {}

  /** One entry at `asOf`; null when it did not exist then or lies outside the caller's scope. */
  async entryAsOf(entryId: string, asOf: Date, scope: string): Promise<EntryAsOf | null> {
    requireInstant(asOf, 'asOf');
    requireScopePath(scope, 'scope');
    const events = await this.log.stream(streamIdOf(entryStream, entryId), asOf);
    const found = this.fold(events, asOf);
    return found && isWithinScope(found.tenantPath, scope) ? found : null;
  }

  /** The entries of `tenantPath`'s subtree at `asOf`, in entry-stream order, filtered after folding. */
  async ledgerAsOf(tenantPath: string, asOf: Date, scope: string, request: LedgerAsOfRequest = {}): Promise<LedgerAsOfPage> {
    requireInstant(asOf, 'asOf');
    requireScopePath(tenantPath, 'tenantPath');
    requireScopePath(scope, 'scope');
    const first = requirePageSize(request.first, 100);
    let after = decodeCursor(LEDGER_CURSOR, request.after);
    if (!isWithinScope(tenantPath, scope)) return { items: [], endCursor: null, hasNextPage: false };
    const filter = request.filter ?? {};
    const items: EntryAsOf[] = [];
    for (;;) {
      const want = Math.max(first + 1 - items.length, 1);
      const limit = Object.keys(filter).length > 0 ? Math.max(want, CHUNK) : want;
      const { ids, streams } = await this.log.entryStreamsWithEventsAsOf(tenantPath, asOf, after, limit);
      for (const id of ids) {
        const entry = this.fold(streams.get(id) ?? [], asOf);
        after = id;
        if (entry && matches(entry, filter, asOf)) items.push(entry);
        if (items.length > first) break;
      }
      if (items.length > first || ids.length < limit) break;
    }
    const hasNextPage = items.length > first;
    const page = hasNextPage ? items.slice(0, first) : items;
    const last = page[page.length - 1];
    return { items: page, endCursor: last ? encodeCursor(LEDGER_CURSOR, entryStream.streamId(last.entryId)) : null, hasNextPage };
  }

  /** Counts of the subtree at `asOf`, from every entry folded as of then (read in pages); null out of scope. */
  async rollupAsOf(tenantPath: string, asOf: Date, scope: string, filter: Pick<LedgerAsOfFilter, 'campaignId'> = {}): Promise<RollupAsOf | null> {
    requireInstant(asOf, 'asOf');
    requireScopePath(tenantPath, 'tenantPath');
    requireScopePath(scope, 'scope');
    if (!isWithinScope(tenantPath, scope)) return null;
    const rollup = new RollupAccumulator(tenantPath, asOf);
    let after: string | null = null;
    for (;;) {
      const { ids, streams } = await this.log.entryStreamsWithEventsAsOf(tenantPath, asOf, after, CHUNK * 4);
      for (const id of ids) {
        const entry = this.fold(streams.get(id) ?? [], asOf);
        if (entry && matches(entry, filter, asOf)) rollup.add(entry.entry);
      }
      if (ids.length < CHUNK * 4) break;
      after = ids[ids.length - 1] ?? null;
    }
    return rollup.result();
  }

  /** What changed in the subtree's ledger between `from` and `to` (paged by entry). */
  async ledgerDiff(tenantPath: string, from: Date, to: Date, scope: string, request: { first?: number; after?: string | null } = {}): Promise<LedgerDiffPage> {
    requireInstant(from, 'from');
    requireInstant(to, 'to');
    requireScopePath(tenantPath, 'tenantPath');
    requireScopePath(scope, 'scope');
    if (to.getTime() < from.getTime()) throw new AuditError(AuditErrorCode.InvalidArgument, '结束时间早于开始时间', { field: 'to' });
    const first = requirePageSize(request.first, 200);
    const after = decodeCursor(DIFF_CURSOR, request.after);
    const empty: LedgerDiffPage = { from, to, added: [], changed: [], closed: [], endCursor: null, hasNextPage: false };
    if (!isWithinScope(tenantPath, scope)) return empty;
    const ids = await this.log.entryStreamsChangedBetween(tenantPath, from, to, after, first + 1);
    const hasNextPage = ids.length > first;
    const pageIds = hasNextPage ? ids.slice(0, first) : ids;
    const streams = await this.log.streamsAsOf(pageIds, to);
    const added: EntryDiff[] = [];
    const changed: EntryDiff[] = [];
    const closed: EntryDiff[] = [];
    for (const id of pageIds) {
      const events = streams.get(id) ?? [];
      const before = this.fold(events.filter((e) => e.recordedAt.getTime() <= from.getTime()), from);
      const after = this.fold(events, to);
      if (!after) continue;
      const diff: EntryDiff = {
        entryId: after.entryId,
        tenantPath: after.tenantPath,
        statusFrom: before?.entry.status ?? null,
        statusTo: after.entry.status,
        changes: diffStates(before?.entry ?? null, after.entry),
      };
      if (before === null) added.push(diff);
      else if (diff.changes.length > 0) changed.push(diff);
      if (!isClosed(diff.statusFrom) && isClosed(diff.statusTo)) closed.push(diff);
    }
    const last = pageIds[pageIds.length - 1];
    return { from, to, added, changed, closed, endCursor: last ? encodeCursor(DIFF_CURSOR, last) : null, hasNextPage };
  }

  private fold(events: readonly FoldableEvent[], asOf: Date): EntryAsOf | null {
    const last = events[events.length - 1];
    if (!last) return null;
    const state: LedgerEntryState = fold(entryStream.evolve, entryStream.initial, events.map((e) => toDomainEvent(this.reading, e)));
    if (state === null) return null;
    return { entryId: state.entryId, tenantPath: state.tenant.path, asOf, entry: state, version: last.streamVersion, lastRecordedAt: last.recordedAt };
  }
}

function matches(found: EntryAsOf, filter: LedgerAsOfFilter, asOf: Date): boolean {
  const e = found.entry;
  if (filter.statuses && filter.statuses.length > 0 && !filter.statuses.includes(e.status)) return false;
  if (filter.campaignId !== undefined && e.campaignId !== filter.campaignId) return false;
  if (filter.villageCode !== undefined && e.villageCode !== filter.villageCode) return false;
  if (filter.itemNo !== undefined && e.itemNo !== filter.itemNo) return false;
  if (filter.overdueOnly && !isEntryOverdue(e, asOf.toISOString())) return false;
  return true;
}
