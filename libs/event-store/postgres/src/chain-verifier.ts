import { GENESIS_HASH, eventHash, validateStreamId, validateTenantPath } from '@rectify/event-store-core';
import type { EventMetadata } from '@rectify/event-store-core';
import type { JsonValue } from '@rectify/shared-util';
import type { Pool } from 'pg';
import { assertSchemaName } from './migrations';
import { descendantsLikePattern } from '@rectify/tenancy';

/** What went wrong where: the first broken link names the stream, the version and the event. */
export interface ChainBreakReport {
  readonly streamId: string;
  /** The version at which the chain breaks (for a missing tail: the first version that is gone). */
  readonly streamVersion: number;
  readonly eventId: string | null;
  readonly reason:
    | 'hash_mismatch' // an event's content, order or time no longer matches its hash
    | 'version_gap' // an event is missing from the middle of its stream
    | 'tail_missing' // the stream row says there are more events than the log holds
    | 'head_mismatch' // the stream row's last hash is not the last event's hash
    | 'stream_row_missing' // events exist for a stream the store has no row for
    | 'tenant_mismatch'; // the tenant columns disagree with the (hashed) metadata
}

export interface VerificationResult {
  readonly ok: boolean;
  readonly streamsChecked: number;
  readonly eventsChecked: number;
  /** The first break found, in stream-id order; null when every chain holds. */
  readonly firstBreak: ChainBreakReport | null;
  /** Every break found (one per broken stream, at most `maxBreaks`). */
  readonly breaks: readonly ChainBreakReport[];
}

export interface VerifyOptions {
  /** Only streams of this tenant's subtree. */
  readonly tenantPath?: string;
  /** Only this stream. */
  readonly streamId?: string;
  readonly pageSize?: number;
  readonly maxBreaks?: number;
  readonly onProgress?: (progress: { streamsChecked: number; eventsChecked: number }) => void;
}

interface Row {
  stream_id: string;
  version_text: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: JsonValue;
  metadata: EventMetadata;
  recorded_at: Date;
  hash: Buffer;
  tenant_id: string;
  tenant_path: string;
}

interface StreamHead {
  stream_id: string;
  version_text: string;
  last_hash: Buffer;
}

/**
 * Recomputes the SM3 hash chain of every stream in scope straight from the tables, in one ordered
 * pass over (stream_id, stream_version), and checks each stream row's head against its last event.
 * It finds an edited payload, type, time or order (hash mismatch), a deleted event (version gap,
 * or a missing tail) and events whose stream row was removed. A rewrite of a whole chain, rows and
 * heads included, is only caught by the anchors (see anchors.ts).
 */
export class ChainVerifier {
  private readonly schema: string;

  constructor(
    private readonly pool: Pool,
    schema = 'event_store',
  ) {
    this.schema = assertSchemaName(schema);
  }

  async verify(options: VerifyOptions = {}): Promise<VerificationResult> {
    const pageSize = options.pageSize ?? 5_000;
    const maxBreaks = options.maxBreaks ?? 100;
    if (options.streamId !== undefined) validateStreamId(options.streamId);
    if (options.tenantPath !== undefined) validateTenantPath(options.tenantPath, 'tenantPath');

    const heads = await this.heads(options);
    const breaks: ChainBreakReport[] = [];
    const broken = new Set<string>();
    const flag = (b: ChainBreakReport): void => {
      if (broken.has(b.streamId)) return;
      broken.add(b.streamId);
      if (breaks.length < maxBreaks) breaks.push(b);
    };

    let streamsChecked = 0;
    let eventsChecked = 0;
    const walk: { current: { id: string; expectedVersion: number; previous: Buffer } | null } = { current: null };
    const closeStream = (): void => {
      const current = walk.current;
      if (!current) return;
      const head = heads.get(current.id);
      const lastVersion = current.expectedVersion - 1;
      if (!head) flag({ streamId: current.id, streamVersion: 0, eventId: null, reason: 'stream_row_missing' });
      else if (Number(head.version_text) > lastVersion) {
        flag({ streamId: current.id, streamVersion: lastVersion + 1, eventId: null, reason: 'tail_missing' });
      } else if (!head.last_hash.equals(current.previous)) {
        flag({ streamId: current.id, streamVersion: lastVersion, eventId: null, reason: 'head_mismatch' });
      }
      heads.delete(current.id);
      streamsChecked++;
    };

    let after: { streamId: string; version: string } | null = null;
    for (;;) {
      const rows = await this.page(options, after, pageSize);
      for (const row of rows) {
        if (walk.current?.id !== row.stream_id) {
          closeStream();
          walk.current = { id: row.stream_id, expectedVersion: 0, previous: GENESIS_HASH };
        }
        const current = walk.current;
        const version = Number(row.version_text);
        eventsChecked++;
        if (broken.has(row.stream_id)) continue;
        if (version !== current.expectedVersion) {
          flag({ streamId: row.stream_id, streamVersion: current.expectedVersion, eventId: null, reason: 'version_gap' });
          continue;
        }
        const computed = eventHash(current.previous, {
          eventId: row.event_id,
          streamId: row.stream_id,
          streamVersion: version,
          type: row.type,
          schemaVersion: row.schema_version,
          data: row.data,
          metadata: row.metadata,
          recordedAt: row.recorded_at,
        });
        if (!computed.equals(row.hash)) {
          flag({ streamId: row.stream_id, streamVersion: version, eventId: row.event_id, reason: 'hash_mismatch' });
          continue;
        }
        if (row.tenant_path !== row.metadata.tenantPath || row.tenant_id !== row.metadata.tenantId) {
          flag({ streamId: row.stream_id, streamVersion: version, eventId: row.event_id, reason: 'tenant_mismatch' });
          continue;
        }
        current.previous = computed;
        current.expectedVersion++;
      }
      options.onProgress?.({ streamsChecked, eventsChecked });
      if (rows.length < pageSize) break;
      const last = rows[rows.length - 1];
      after = { streamId: last.stream_id, version: last.version_text };
    }
    closeStream();
    // Stream rows left over have no events at all: every event of theirs was deleted.
    for (const head of heads.values()) {
      if (Number(head.version_text) >= 0) flag({ streamId: head.stream_id, streamVersion: 0, eventId: null, reason: 'tail_missing' });
      streamsChecked++;
    }
    breaks.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : a.streamVersion - b.streamVersion));
    return { ok: breaks.length === 0, streamsChecked, eventsChecked, firstBreak: breaks[0] ?? null, breaks };
  }

  private async heads(options: VerifyOptions): Promise<Map<string, StreamHead>> {
    const { where, values } = this.scope(options, 's');
    const { rows } = await this.pool.query<StreamHead>(
      `SELECT s.stream_id, s.version::text AS version_text, s.last_hash FROM ${this.schema}.streams s ${where}`,
      values,
    );
    return new Map(rows.map((r) => [r.stream_id, r]));
  }

  private async page(options: VerifyOptions, after: { streamId: string; version: string } | null, pageSize: number): Promise<Row[]> {
    const { where, values } = this.scope(options, 'e');
    const conditions = where ? [where.replace(/^WHERE /, '')] : [];
    if (after) {
      values.push(after.streamId, after.version);
      conditions.push(`(e.stream_id, e.stream_version) > ($${values.length - 1}, $${values.length}::bigint)`);
    }
    values.push(pageSize);
    const { rows } = await this.pool.query<Row>(
      `SELECT e.stream_id, e.stream_version::text AS version_text, e.event_id::text AS event_id, e.type, e.schema_version,
              e.data, e.metadata, e.recorded_at, e.hash, e.tenant_id, e.tenant_path
         FROM ${this.schema}.events e ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY e.stream_id, e.stream_version LIMIT $${values.length}`,
      values,
    );
    return rows;
  }

  private scope(options: VerifyOptions, alias: string): { where: string; values: unknown[] } {
    if (options.streamId !== undefined) return { where: `WHERE ${alias}.stream_id = $1`, values: [options.streamId] };
    if (options.tenantPath !== undefined) {
      return {
        where: `WHERE (${alias}.tenant_path = $1 OR ${alias}.tenant_path LIKE $2)`,
        values: [options.tenantPath, descendantsLikePattern(options.tenantPath)],
      };
    }
    return { where: '', values: [] };
  }
}
