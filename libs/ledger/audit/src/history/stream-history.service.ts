import type { CampaignState, ChecklistVersionState, LedgerEntryState } from '@rectify/ledger-domain';
import type { JsonValue } from '@rectify/shared-util';
import { diffStates, type FieldChange } from '../diff/state-diff';
import {
  campaignStream,
  checklistStream,
  entryStream,
  isVisibleTo,
  streamIdOf,
  type AuditedStream,
} from '../events/audited-streams';
import type { EventLogQuery } from '../events/event-log.query';
import { eventReading, toDomainEvent, type EventReading, type StoredEvent } from '../events/stored-event';
import { decodeVersionCursor, encodeCursor, requirePageSize } from './cursor';

/** Who issued the command behind an event: `data.by` (domain) and `metadata.actor` (envelope). */
export interface HistoryActor {
  readonly userId: string | null;
  readonly name: string | null;
  readonly role: string | null;
}

/** One event of a stream's history, with what it changed in the folded state. */
export interface HistoryItem {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string;
  readonly type: string;
  /** The version the event was stored with. */
  readonly storedSchemaVersion: number;
  /** The version it was read as (after upcasting). */
  readonly schemaVersion: number;
  /** When the store recorded it (what `asOf` queries go by). */
  readonly recordedAt: Date;
  /** The business time of the command (`data.at`), or null. */
  readonly at: string | null;
  readonly actor: HistoryActor;
  /** `data.reason` for the events that carry one (rejections, voiding, extensions, revisions, escalations). */
  readonly reason: string | null;
  readonly tenantPath: string;
  /** The event's data as read (upcast). */
  readonly data: JsonValue;
  /** Field-by-field differences of the folded state before and after this event. */
  readonly changes: readonly FieldChange[];
}

export interface HistoryPage {
  readonly streamId: string;
  /** Events in the stream (the whole history, not this page). */
  readonly totalCount: number;
  readonly items: readonly HistoryItem[];
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
}

export interface HistoryPageRequest {
  /** Page size, 1…1000 (default 50). */
  readonly first?: number;
  readonly after?: string | null;
}

const CURSOR_KIND = 'history';

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function actorOf(event: StoredEvent, data: Record<string, unknown>): HistoryActor {
  const by = (typeof data['by'] === 'object' && data['by'] !== null ? data['by'] : {}) as Record<string, unknown>;
  return {
    userId: str(by['userId']) ?? str(event.metadata['actor']),
    name: str(by['name']),
    role: str(by['role']),
  };
}

/**
 * The history of one entry, campaign or checklist version: every event with actor, times, reason
 * and the diff of the folded state it caused. The whole stream is folded (streams are short: an
 * entry has tens of events) so every page's diffs and the scope check see the same state the command
 * side sees; the caller's scope must cover the stream as `CommandExecutor.load` requires, and a
 * stream out of scope is answered like one that does not exist (null).
 */
export class StreamHistoryService {
  constructor(
    private readonly log: EventLogQuery,
    private readonly reading: EventReading = eventReading(),
  ) {}

  entryHistory(entryId: string, scope: string, page: HistoryPageRequest = {}): Promise<HistoryPage | null> {
    return this.history<LedgerEntryState>(entryStream, entryId, scope, page);
  }

  campaignHistory(campaignId: string, scope: string, page: HistoryPageRequest = {}): Promise<HistoryPage | null> {
    return this.history<CampaignState>(campaignStream, campaignId, scope, page);
  }

  checklistHistory(versionId: string, scope: string, page: HistoryPageRequest = {}): Promise<HistoryPage | null> {
    return this.history<ChecklistVersionState>(checklistStream, versionId, scope, page);
  }

  private async history<S>(stream: AuditedStream<S>, id: string, scope: string, page: HistoryPageRequest): Promise<HistoryPage | null> {
    const first = requirePageSize(page.first, 50);
    const afterVersion = decodeVersionCursor(CURSOR_KIND, page.after);
    const streamId = streamIdOf(stream, id);
    const events = await this.log.stream(streamId);
    if (events.length === 0) return null;

    let state = stream.initial;
    const items: HistoryItem[] = [];
    for (const stored of events) {
      const event = toDomainEvent(this.reading, stored);
      const before = state;
      state = stream.evolve(state, event);
      if (stored.streamVersion <= afterVersion || items.length > first) continue;
      const data = event.data as Record<string, unknown>;
      items.push({
        streamId,
        streamVersion: stored.streamVersion,
        eventId: stored.eventId,
        type: stored.type,
        storedSchemaVersion: stored.schemaVersion,
        schemaVersion: event.schemaVersion,
        recordedAt: stored.recordedAt,
        at: str(data['at']),
        actor: actorOf(stored, data),
        reason: str(data['reason']),
        tenantPath: stored.tenantPath,
        data: event.data as JsonValue,
        changes: diffStates(before, state),
      });
    }
    const owner = stream.tenantOf(state);
    if (owner === null || !isVisibleTo(stream.visibility, owner.path, scope)) return null;
    const hasNextPage = items.length > first;
    const pageItems = hasNextPage ? items.slice(0, first) : items;
    const last = pageItems[pageItems.length - 1];
    return {
      streamId,
      totalCount: events.length,
      items: pageItems,
      endCursor: last ? encodeCursor(CURSOR_KIND, last.streamVersion) : null,
      hasNextPage,
    };
  }
}
