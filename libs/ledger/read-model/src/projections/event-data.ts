import type { RecordedEvent } from '@rectify/event-store-core';
import { EVENT_SCHEMA_VERSIONS, type LedgerDomainEvent, type LedgerDomainEventType } from '@rectify/ledger-domain';
import { ReadModelError, ReadModelErrorCode } from '../errors';

export type EventData<T extends LedgerDomainEventType> = Extract<LedgerDomainEvent, { type: T }>['data'];

/**
 * The event's data as the domain type. Only the current schema version is understood; an older
 * one would be upcast here (there is none yet), a newer one stops the projection loudly.
 */
export function dataOf<T extends LedgerDomainEventType>(event: RecordedEvent, type: T): EventData<T> {
  if (event.type !== type || event.schemaVersion !== EVENT_SCHEMA_VERSIONS[type]) {
    throw new ReadModelError(ReadModelErrorCode.UnsupportedEvent, `读模型无法处理事件 ${event.type} v${event.schemaVersion}`, {
      type: event.type,
      schemaVersion: event.schemaVersion,
      eventId: event.eventId,
    });
  }
  return event.data as EventData<T>;
}
