import type { JsonValue } from '@rectify/shared-util';
import { descendantsLikePattern } from '@rectify/tenancy';
import type { Pool } from 'pg';
import { AuditError, AuditErrorCode } from '../audit-error';
import type { FoldableEvent, StoredEvent } from './stored-event';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

interface Row {
  stream_id: string;
  version_text: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: JsonValue;
  metadata: StoredEvent['metadata'];
  tenant_path: string;
  recorded_at: Date;
}

function toStoredEvent(row: Row): StoredEvent {
  return {
    streamId: row.stream_id,
    streamVersion: Number(row.version_text),
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    tenantPath: row.tenant_path,
    recordedAt: row.recorded_at,
  };
}

/** Entry streams are `entry-{entryId}` (`streamIds.entry`); LIKE needs `_`/`%` escaped, and there are none. */
const ENTRY_PREFIX = 'entry-';

/**
 * Read-only SQL on the PostgreSQL event store's own tables (`events`, schema of `migrateEventStore`),
 * for what the port cannot answer: a stream as of an instant, and a subtree's entry streams as of an
 * instant. Every read filters on `recorded_at` (what the store knew then) and orders by stream id,
 * then stream version. Paths use the store's `events_tenant_path_idx` (path prefix), streams the
 * `(stream_id, stream_version)` key.
 */
export class EventLogQuery {
  readonly schema: string;
  private readonly columns = `e.stream_id, e.stream_version::text AS version_text, e.event_id::text AS event_id, e.type,
    e.schema_version, e.data, e.metadata, e.tenant_path, e.recorded_at`;

  constructor(
    private readonly pool: Pool,
    schema = 'event_store',
  ) {
    if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid event store schema name: ${JSON.stringify(schema)}`);
    this.schema = schema;
  }

  /** A stream's events in version order, those recorded at or before `asOf` when given. */
  async stream(streamId: string, asOf?: Date): Promise<StoredEvent[]> {
    const values: unknown[] = [streamId];
    let bound = '';
    if (asOf) {
      values.push(asOf);
      bound = 'AND e.recorded_at <= $2';
    }
    const { rows } = await this.pool.query<Row>(
      `SELECT ${this.columns} FROM ${this.schema}.events e WHERE e.stream_id = $1 ${bound} ORDER BY e.stream_version`,
      values,
    );
    return rows.map(toStoredEvent);
  }

  /**
   * Ids of the entry streams of `tenantPath`'s subtree that existed at `asOf` (their first event was
   * recorded by then), in stream-id order, after `afterStreamId`, at most `limit`.
   */
  async entryStreamsAsOf(tenantPath: string, asOf: Date, afterStreamId: string | null, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ stream_id: string }>(
      `SELECT e.stream_id FROM ${this.schema}.events e
        WHERE (e.tenant_path = $1 OR e.tenant_path LIKE $2) AND e.stream_id LIKE '${ENTRY_PREFIX}%'
          AND e.stream_version = 0 AND e.recorded_at <= $3 AND e.stream_id > $4
        ORDER BY e.stream_id LIMIT $5`,
      [tenantPath, descendantsLikePattern(tenantPath), asOf, afterStreamId ?? '', limit],
    );
    return rows.map((r) => r.stream_id);
  }

  /**
   * The entry streams of `tenantPath`'s subtree that existed at `asOf` (as `entryStreamsAsOf`: first
   * event recorded by then, stream-id order, after `afterStreamId`, at most `limit`) together with
   * their events recorded by then, in ONE statement: the ids are chosen by the subtree's path index
   * and their events read by the stream key (`= ANY (ARRAY(…))`, so the planner cannot turn it into
   * a hash join over the whole log), with only the columns a fold needs (no metadata).
   */
  async entryStreamsWithEventsAsOf(
    tenantPath: string,
    asOf: Date,
    afterStreamId: string | null,
    limit: number,
  ): Promise<{ readonly ids: readonly string[]; readonly streams: ReadonlyMap<string, FoldableEvent[]> }> {
    const { rows } = await this.pool.query<Omit<Row, 'event_id' | 'metadata' | 'tenant_path'>>(
      `WITH ids AS (
         SELECT e.stream_id FROM ${this.schema}.events e
          WHERE (e.tenant_path = $1 OR e.tenant_path LIKE $2) AND e.stream_id LIKE '${ENTRY_PREFIX}%'
            AND e.stream_version = 0 AND e.recorded_at <= $3 AND e.stream_id > $4
          ORDER BY e.stream_id LIMIT $5
       )
       SELECT e.stream_id, e.stream_version::text AS version_text, e.type, e.schema_version, e.data, e.recorded_at
         FROM ${this.schema}.events e
        WHERE e.stream_id = ANY (ARRAY(SELECT stream_id FROM ids)) AND e.recorded_at <= $3
        ORDER BY e.stream_id, e.stream_version`,
      [tenantPath, descendantsLikePattern(tenantPath), asOf, afterStreamId ?? '', limit],
    );
    const streams = new Map<string, FoldableEvent[]>();
    for (const row of rows) {
      let events = streams.get(row.stream_id);
      if (events === undefined) {
        events = [];
        streams.set(row.stream_id, events);
      }
      events.push({
        streamId: row.stream_id,
        streamVersion: Number(row.version_text),
        type: row.type,
        schemaVersion: row.schema_version,
        data: row.data,
        recordedAt: row.recorded_at,
      });
    }
    return { ids: [...streams.keys()], streams };
  }

  /**
   * Ids of the entry streams of the subtree with at least one event recorded in (`from`, `to`], in
   * stream-id order, after `afterStreamId`, at most `limit`.
   */
  async entryStreamsChangedBetween(tenantPath: string, from: Date, to: Date, afterStreamId: string | null, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ stream_id: string }>(
      `SELECT DISTINCT e.stream_id FROM ${this.schema}.events e
        WHERE (e.tenant_path = $1 OR e.tenant_path LIKE $2) AND e.stream_id LIKE '${ENTRY_PREFIX}%'
          AND e.recorded_at > $3 AND e.recorded_at <= $4 AND e.stream_id > $5
        ORDER BY e.stream_id LIMIT $6`,
      [tenantPath, descendantsLikePattern(tenantPath), from, to, afterStreamId ?? '', limit],
    );
    return rows.map((r) => r.stream_id);
  }

  /** The events of several streams recorded at or before `asOf`, grouped by stream, in version order. */
  async streamsAsOf(streamIds: readonly string[], asOf: Date): Promise<Map<string, StoredEvent[]>> {
    const byStream = new Map<string, StoredEvent[]>(streamIds.map((id) => [id, []]));
    if (streamIds.length === 0) return byStream;
    const { rows } = await this.pool.query<Row>(
      `SELECT ${this.columns} FROM ${this.schema}.events e
        WHERE e.stream_id = ANY($1::text[]) AND e.recorded_at <= $2
        ORDER BY e.stream_id, e.stream_version`,
      [streamIds, asOf],
    );
    for (const row of rows) byStream.get(row.stream_id)?.push(toStoredEvent(row));
    return byStream;
  }
}

/** Checks a caller-supplied instant. */
export function requireInstant(value: Date, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new AuditError(AuditErrorCode.InvalidArgument, `${field} 不是有效的时间`, { field });
  }
  return value;
}
