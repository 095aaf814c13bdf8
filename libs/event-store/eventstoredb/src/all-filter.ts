import {
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type Filter,
} from '@eventstore/db-client';
import { matchesFilter, type EventFilter, type RecordedEvent } from '@rectify/event-store-core';
import { toRecordedEvent } from './event-mapping';
import { isAfter, type EsdbPosition } from './position';

/**
 * The part of a port filter that EventStoreDB can apply on the server. It takes one filter per
 * call, on stream names or on event types, by prefix or regex: stream prefixes win, else event
 * types (by prefix, so exact types are checked again here), else only system events are dropped.
 * The tenant filter is always applied on the client (`selectEvent`), as is everything else again.
 */
export function serverFilterFor(filter: EventFilter): Filter {
  if (filter.streamPrefixes) return streamNameFilter({ prefixes: [...filter.streamPrefixes] });
  if (filter.eventTypes) return eventTypeFilter({ prefixes: [...filter.eventTypes] });
  return excludeSystemEvents();
}

/**
 * The port's event for one event read from `$all`, or null when it is skipped: at or before the
 * checkpoint (EventStoreDB starts `$all` reads at the given position, inclusive), a system or
 * foreign event, or outside the filter.
 */
export function selectEvent(resolved: AllStreamResolvedEvent, floor: EsdbPosition | null, filter: EventFilter): RecordedEvent | null {
  const event = resolved.event;
  if (event === undefined || !isAfter(event.position, floor)) return null;
  const recorded = toRecordedEvent(event);
  return recorded !== null && matchesFilter(recorded, filter) ? recorded : null;
}

export interface ScannedPage {
  readonly events: RecordedEvent[];
  /** The position of the last event looked at (kept or not); null when none was after the floor. */
  readonly lastScanned: EsdbPosition | null;
}

/** Picks up to `limit` events from one forward read of `$all` that started at `floor`. */
export function selectPage(
  batch: readonly AllStreamResolvedEvent[],
  floor: EsdbPosition | null,
  filter: EventFilter,
  limit: number,
): ScannedPage {
  const events: RecordedEvent[] = [];
  let lastScanned: EsdbPosition | null = null;
  for (const resolved of batch) {
    if (events.length >= limit) break;
    const position = resolved.event?.position;
    if (position === undefined || !isAfter(position, floor)) continue;
    lastScanned = position;
    const recorded = selectEvent(resolved, floor, filter);
    if (recorded !== null) events.push(recorded);
  }
  return { events, lastScanned };
}
