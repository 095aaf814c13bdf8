import { PostgresEventStore, comparePositions } from '@rectify/event-store-postgres';
import { ReadModelRebuild, compareReadModels, type TableComparison } from '@rectify/ledger-read-model';
import type { Acknowledged } from './ledger-workload';
import type { Platform } from './platform';
import { waitFor } from './wait';

/** Events in the store, and how many the live projector has applied (its checkpoint row). */
export async function projectionProgress(platform: Platform): Promise<{ events: number; applied: number }> {
  const [{ events }] = await platform.query<{ events: string }>(`SELECT count(*)::text AS events FROM ${platform.schemas.eventStore}.events`);
  const rows = await platform.query<{ applied: string }>(`SELECT events_applied::text AS applied FROM ${platform.schemas.readModel}.projection_checkpoint WHERE projection_name = 'ledger'`);
  return { events: Number(events), applied: Number(rows[0]?.applied ?? 0) };
}

/** Waits until the projector's checkpoint counts every event in the store; returns the ms it took. */
export function projectorCaughtUp(platform: Platform, timeoutMs = 120_000): Promise<number> {
  return waitFor('the projector to catch up with the store', timeoutMs, async () => {
    const p = await projectionProgress(platform);
    return p.applied >= p.events;
  }, 200);
}

export interface CommandAccounting {
  /** Commands the API acknowledged (distinct idempotency keys). */
  readonly acknowledged: number;
  /** Sum of the acknowledged commands' event counts (as the API answered them). */
  readonly eventsAcknowledged: number;
  /** Events in the store whose causation is one of those keys. */
  readonly eventsInStore: number;
  /** Keys acknowledged with events but having fewer in the store (lost) or more (extra). */
  readonly lostKeys: string[];
  readonly extraKeys: string[];
  /** Keys with the same event type twice (a duplicate write under one key). */
  readonly duplicateKeys: string[];
  /** Events in the store caused by keys the client sent but never saw acknowledged. */
  readonly unacknowledgedEvents: number;
}

/** Acknowledged commands against the events in the store, key by key. */
export async function accountCommands(platform: Platform, acks: readonly Acknowledged[], sentButRejected: readonly string[] = []): Promise<CommandAccounting> {
  const keys = acks.map((a) => a.key);
  const rows = await platform.query<{ key: string; events: string; types: string; distinct_types: string }>(
    `SELECT metadata->>'causationId' AS key, count(*)::text AS events, count(DISTINCT type)::text AS distinct_types, string_agg(type, ',') AS types
       FROM ${platform.schemas.eventStore}.events WHERE metadata->>'causationId' = ANY($1) GROUP BY 1`,
    [[...keys, ...sentButRejected]],
  );
  const inStore = new Map(rows.map((r) => [r.key, { events: Number(r.events), distinct: Number(r.distinct_types) }]));
  const lostKeys: string[] = [];
  const extraKeys: string[] = [];
  const duplicateKeys: string[] = [];
  let eventsInStore = 0;
  for (const ack of acks) {
    const found = inStore.get(ack.key) ?? { events: 0, distinct: 0 };
    eventsInStore += found.events;
    if (found.events < ack.eventCount) lostKeys.push(ack.key);
    if (found.events > ack.eventCount) extraKeys.push(ack.key);
    if (found.distinct < found.events) duplicateKeys.push(ack.key);
  }
  const unacknowledgedEvents = sentButRejected.reduce((sum, key) => sum + (inStore.get(key)?.events ?? 0), 0);
  return {
    acknowledged: acks.length,
    eventsAcknowledged: acks.reduce((sum, a) => sum + a.eventCount, 0),
    eventsInStore,
    lostKeys,
    extraKeys,
    duplicateKeys,
    unacknowledgedEvents,
  };
}

/** Read-model rows of the workload's entries: how many exist, and which acknowledged entries are missing. */
export async function accountEntries(platform: Platform, campaignId: string, acks: readonly Acknowledged[]): Promise<{ rows: number; missing: string[]; signedOff: number }> {
  const recorded = new Set(acks.filter((a) => a.step === 'recordProblem').map((a) => a.entryId));
  const rows = await platform.query<{ entry_id: string; status: string }>(`SELECT entry_id, status FROM ${platform.schemas.readModel}.ledger_entry WHERE campaign_id = $1`, [campaignId]);
  const present = new Set(rows.map((r) => r.entry_id));
  return { rows: rows.length, missing: [...recorded].filter((id) => !present.has(id)), signedOff: rows.filter((r) => r.status === 'signed_off').length };
}

/**
 * Projects the whole store from position zero into a fresh schema and compares it, table by table
 * (every column but the projector's own timestamps, checkpoint and event counter included), with
 * the live read model the projector built while being killed. Drops the fresh schema afterwards.
 */
export async function rebuildAndCompare(platform: Platform, targetSchema = 'read_model_fresh'): Promise<{ tables: TableComparison[]; ms: number }> {
  const started = Date.now();
  const store = PostgresEventStore.connect({ connectionString: platform.options.postgres.url(), schema: platform.schemas.eventStore, max: 2 });
  const rebuild = await ReadModelRebuild.open({ url: platform.options.postgres.url(), store, targetSchema, sourceSchema: platform.schemas.readModel, comparePositions, poolSize: 2 });
  try {
    await rebuild.untilCaughtUp(() => undefined, 60_000);
    await rebuild.stop();
    const tables = await compareReadModels(rebuild.dataSource, platform.schemas.readModel, targetSchema);
    await rebuild.dataSource.query(`DROP SCHEMA ${targetSchema} CASCADE`);
    return { tables, ms: Date.now() - started };
  } finally {
    await rebuild.close();
    await store.close();
  }
}

/** EntryEscalated events per (entry, level): every count must be 1. */
export async function escalationCounts(platform: Platform): Promise<{ entry: string; level: string; count: number }[]> {
  const rows = await platform.query<{ entry: string; level: string; n: string }>(
    `SELECT stream_id AS entry, data->>'level' AS level, count(*)::text AS n FROM ${platform.schemas.eventStore}.events WHERE type = 'EntryEscalated' GROUP BY 1, 2`,
  );
  return rows.map((r) => ({ entry: r.entry, level: r.level, count: Number(r.n) }));
}

/** ReportFileRecorded events per (report, fileId): every count must be 1. */
export async function reportFileCounts(platform: Platform): Promise<{ report: string; fileId: string; count: number }[]> {
  const rows = await platform.query<{ report: string; file: string; n: string }>(
    `SELECT stream_id AS report, data->>'fileId' AS file, count(*)::text AS n FROM ${platform.schemas.eventStore}.events WHERE type = 'ReportFileRecorded' GROUP BY 1, 2`,
  );
  return rows.map((r) => ({ report: r.report, fileId: r.file, count: Number(r.n) }));
}
