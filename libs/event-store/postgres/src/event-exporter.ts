import { createHash } from 'node:crypto';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  validateTenantPath,
  type EventMetadata,
  type ExportFooter,
  type ExportHeader,
} from '@rectify/event-store-core';
import type { JsonValue } from '@rectify/shared-util';
import type { Pool } from 'pg';
import { assertSchemaName } from './migrations';
import { descendantsLikePattern } from '@rectify/tenancy';

export interface ExportOptions {
  /** Only events of this tenant's subtree. */
  readonly tenantPath?: string;
  /** Only events recorded at or after this instant. */
  readonly from?: Date;
  /** Only events recorded before this instant. */
  readonly to?: Date;
  readonly pageSize?: number;
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
  hash: string;
  prev_hash: string | null;
}

/**
 * Streams events as NDJSON (format in `export-format.ts`), page by page, so an export of millions
 * of events never sits in memory. The lines can be re-verified by anyone with `verifyExport` or the
 * documented procedure.
 */
export class EventExporter {
  private readonly schema: string;

  constructor(
    private readonly pool: Pool,
    schema = 'event_store',
    private readonly now: () => Date = () => new Date(),
  ) {
    this.schema = assertSchemaName(schema);
  }

  async *lines(options: ExportOptions = {}): AsyncGenerator<string> {
    if (options.tenantPath !== undefined) validateTenantPath(options.tenantPath, 'tenantPath');
    const header: ExportHeader = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      scope: {
        tenantPath: options.tenantPath ?? null,
        from: options.from?.toISOString() ?? null,
        to: options.to?.toISOString() ?? null,
      },
      exportedAt: this.now().toISOString(),
    };
    yield JSON.stringify(header);

    const digest = createHash('sm3');
    const streams = new Set<string>();
    let events = 0;
    let after: { streamId: string; version: string } | null = null;
    const pageSize = options.pageSize ?? 2_000;
    for (;;) {
      const rows = await this.page(options, after, pageSize);
      for (const row of rows) {
        const line = JSON.stringify({
            streamId: row.stream_id,
            streamVersion: Number(row.version_text),
            eventId: row.event_id,
            type: row.type,
            schemaVersion: row.schema_version,
            data: row.data,
            metadata: row.metadata,
            recordedAt: row.recorded_at.toISOString(),
            hash: row.hash,
            prevHash: row.prev_hash,
        });
        digest.update(line).update('\n');
        streams.add(row.stream_id);
        events++;
        yield line;
      }
      if (rows.length < pageSize) break;
      const last = rows[rows.length - 1];
      after = { streamId: last.stream_id, version: last.version_text };
    }
    const footer: ExportFooter = { footer: true, events, streams: streams.size, digest: digest.digest('hex') };
    yield JSON.stringify(footer);
  }

  private async page(options: ExportOptions, after: { streamId: string; version: string } | null, pageSize: number): Promise<Row[]> {
    const values: unknown[] = [];
    const where: string[] = [];
    if (options.tenantPath !== undefined) {
      values.push(options.tenantPath, descendantsLikePattern(options.tenantPath));
      where.push(`(e.tenant_path = $${values.length - 1} OR e.tenant_path LIKE $${values.length})`);
    }
    if (options.from) {
      values.push(options.from);
      where.push(`e.recorded_at >= $${values.length}`);
    }
    if (options.to) {
      values.push(options.to);
      where.push(`e.recorded_at < $${values.length}`);
    }
    if (after) {
      values.push(after.streamId, after.version);
      where.push(`(e.stream_id, e.stream_version) > ($${values.length - 1}, $${values.length}::bigint)`);
    }
    values.push(pageSize);
    const { rows } = await this.pool.query<Row>(
      `SELECT e.stream_id, e.stream_version::text AS version_text, e.event_id::text AS event_id, e.type, e.schema_version,
              e.data, e.metadata, e.recorded_at, encode(e.hash, 'hex') AS hash,
              (SELECT encode(p.hash, 'hex') FROM ${this.schema}.events p
                WHERE p.stream_id = e.stream_id AND p.stream_version = e.stream_version - 1) AS prev_hash
         FROM ${this.schema}.events e
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY e.stream_id, e.stream_version LIMIT $${values.length}`,
      values,
    );
    return rows;
  }
}
