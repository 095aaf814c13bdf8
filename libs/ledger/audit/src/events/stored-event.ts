import { EVENT_SCHEMA_VERSIONS, type DomainEvent } from '@rectify/ledger-domain';
import type { JsonValue } from '@rectify/shared-util';
import { AuditError, AuditErrorCode } from '../audit-error';

/** One row of the event store's `events` table, as the audit reads it. */
export interface StoredEvent {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string;
  readonly type: string;
  /** The version the event was written with (never rewritten). */
  readonly schemaVersion: number;
  readonly data: JsonValue;
  readonly metadata: { readonly [key: string]: JsonValue | undefined };
  readonly tenantPath: string;
  readonly recordedAt: Date;
}

/** What folding an event needs (time travel reads only these columns). */
export type FoldableEvent = Pick<StoredEvent, 'streamId' | 'streamVersion' | 'type' | 'schemaVersion' | 'data' | 'recordedAt'>;

/**
 * Lifts an old event version to the current one. `UpcasterRegistry` of `@rectify/ledger-application`
 * has exactly this shape: the API passes the registry it wires for the command side, so history and
 * time travel read old events exactly as the deciders do.
 */
export interface EventUpcaster {
  upcast(event: { readonly type: string; readonly schemaVersion: number; readonly data: unknown }, currentVersion: number): DomainEvent;
}

/** How stored events become the events the domain's `evolve` functions understand. */
export interface EventReading {
  readonly upcaster: EventUpcaster;
  /** The current schema version of each type; `EVENT_SCHEMA_VERSIONS` of the domain by default. */
  readonly currentVersions: Readonly<Record<string, number>>;
}

/** Without upcasters: every stored event must already be at its current version. */
export const NO_UPCASTERS: EventUpcaster = {
  upcast(event, currentVersion) {
    if (event.schemaVersion !== currentVersion) throw new Error(`No upcaster for ${event.type} v${event.schemaVersion} → v${currentVersion}`);
    return { type: event.type, schemaVersion: event.schemaVersion, data: event.data as object };
  },
};

export function eventReading(upcaster: EventUpcaster = NO_UPCASTERS, currentVersions: Readonly<Record<string, number>> = EVENT_SCHEMA_VERSIONS): EventReading {
  return { upcaster, currentVersions };
}

/** The event as the current code understands it (upcast when it was stored with an older version). */
export function toDomainEvent(reading: EventReading, event: FoldableEvent): DomainEvent {
  const current = reading.currentVersions[event.type] ?? event.schemaVersion;
  try {
    return reading.upcaster.upcast(event, current);
  } catch (error) {
    throw new AuditError(AuditErrorCode.UnreadableEvent, `事件 ${event.type} v${event.schemaVersion} 无法按当前版本读取`, {
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      cause: error instanceof Error ? error.message : String(error),
    });
  }
}
