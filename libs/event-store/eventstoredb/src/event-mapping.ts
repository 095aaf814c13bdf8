import type { JSONEventData, JSONType, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import {
  InvalidArgumentError,
  type EventMetadata,
  type Position,
  type PreparedEvent,
  type RecordedEvent,
} from '@rectify/event-store-core';
import type { JsonValue } from '@rectify/shared-util';
import { encodePosition } from './position';

/**
 * EventStoreDB has no schema version field, so the adapter keeps it in the event's metadata under
 * this reserved key and strips it on read. Callers may not use the key themselves.
 */
export const SCHEMA_VERSION_KEY = '$schemaVersion';

/** The EventStoreDB event for a validated event: its id is the port's event id. */
export function toEventData(event: PreparedEvent, field: string): JSONEventData {
  if (Object.hasOwn(event.metadata, SCHEMA_VERSION_KEY)) {
    throw new InvalidArgumentError(`${field}.metadata.${SCHEMA_VERSION_KEY}`, `元数据键 ${SCHEMA_VERSION_KEY} 保留给事件存储使用`);
  }
  return {
    id: event.eventId,
    contentType: 'application/json',
    type: event.type,
    // The client writes `JSON.stringify(data)`, which is right for every JSON value; its type only
    // names objects, arrays and strings.
    data: event.data as JSONType,
    metadata: toEsdbMetadata(event.metadata, event.schemaVersion),
  };
}

export function toEsdbMetadata(metadata: EventMetadata, schemaVersion: number): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(metadata)) if (value !== undefined) out[key] = value;
  out[SCHEMA_VERSION_KEY] = schemaVersion;
  return out;
}

/**
 * Splits stored metadata back into the port's metadata and the schema version. Null when the
 * metadata is not what this adapter writes (no tenant, no schema version): a foreign event.
 */
export function fromEsdbMetadata(metadata: unknown): { metadata: EventMetadata; schemaVersion: number } | null {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata) || metadata instanceof Uint8Array) return null;
  const { [SCHEMA_VERSION_KEY]: schemaVersion, ...rest } = metadata as Record<string, JsonValue>;
  if (typeof schemaVersion !== 'number' || !Number.isSafeInteger(schemaVersion) || schemaVersion < 1) return null;
  if (typeof rest['tenantId'] !== 'string' || typeof rest['tenantPath'] !== 'string') return null;
  return { metadata: { ...rest, tenantId: rest['tenantId'], tenantPath: rest['tenantPath'] }, schemaVersion };
}

/** EventStoreDB's own events: `$`-prefixed types (links, metadata, stats) or `$`-prefixed streams. */
export function isSystemEvent(event: { readonly streamId: string; readonly type: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

/**
 * The port's view of a stored event, or null for an event this adapter did not write (a system
 * event, a binary event, or one without the tenant and schema version in its metadata).
 */
export function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent | null {
  if (isSystemEvent(event) || !event.isJson) return null;
  const meta = fromEsdbMetadata(event.metadata);
  if (meta === null) return null;
  return {
    eventId: event.id.toLowerCase(),
    streamId: event.streamId,
    streamVersion: Number(event.revision),
    type: event.type,
    schemaVersion: meta.schemaVersion,
    data: event.data as JsonValue,
    metadata: meta.metadata,
    recordedAt: event.created,
    position: positionOf(event),
  };
}

/** An event's position; stream reads carry one from EventStoreDB 22.6 on, `$all` reads always. */
export function positionOf(event: EsdbRecordedEvent): Position {
  if (event.position === undefined) {
    throw new Error(`EventStoreDB 没有返回事件 ${event.id} 的全局位置（读取流需要 EventStoreDB 22.6 或更高版本）`);
  }
  return encodePosition(event.position);
}
