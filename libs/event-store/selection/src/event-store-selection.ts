import type { EventStore, Position } from '@rectify/event-store-core';
import { EventStoreDbEventStore, comparePositions as compareEsdbPositions, decodePosition as decodeEsdbPosition } from '@rectify/event-store-eventstoredb';
import { PostgresEventStore, comparePositions as comparePgPositions } from '@rectify/event-store-postgres';

export { comparePgPositions };

/** Which adapter of the event store port the process runs on (EVENT_STORE_ADAPTER). */
export type EventStoreSelection = { readonly adapter: 'postgres' } | { readonly adapter: 'eventstoredb'; readonly url: string };

export const EVENT_STORE_ADAPTERS = ['postgres', 'eventstoredb'] as const;

const ESDB_URL = /^esdb(\+discover)?:\/\/[^\s/]+/;

/**
 * Reads EVENT_STORE_ADAPTER (`postgres` by default, or `eventstoredb`) and, for EventStoreDB,
 * EVENTSTOREDB_URL (`esdb://host:2113?tls=false` or `esdb+discover://…` for a cluster). Throws
 * through `fail(variable, problem)` so each app raises its own config error naming the variable.
 */
export function readEventStoreSelection(env: Readonly<Record<string, string | undefined>>, fail: (variable: string, problem: string) => Error): EventStoreSelection {
  const adapter = env['EVENT_STORE_ADAPTER'] || 'postgres';
  if (adapter === 'postgres') return { adapter };
  if (adapter !== 'eventstoredb') throw fail('EVENT_STORE_ADAPTER', `must be ${EVENT_STORE_ADAPTERS.join(' or ')} (got ${JSON.stringify(adapter)})`);
  const url = env['EVENTSTOREDB_URL'];
  if (!url) throw fail('EVENTSTOREDB_URL', 'is required when EVENT_STORE_ADAPTER=eventstoredb, e.g. esdb://eventstoredb:2113?tls=false');
  if (!ESDB_URL.test(url)) throw fail('EVENTSTOREDB_URL', 'must be an esdb:// or esdb+discover:// connection string, e.g. esdb://eventstoredb:2113?tls=false');
  return { adapter, url };
}

/** Opens the selected store; the PostgreSQL one on the app's DATABASE_URL and event store schema. */
export function connectEventStore(selection: EventStoreSelection, postgres: { readonly databaseUrl: string; readonly schema: string; readonly max: number }): EventStore {
  return selection.adapter === 'eventstoredb'
    ? EventStoreDbEventStore.connect({ connectionString: selection.url })
    : PostgresEventStore.connect({ connectionString: postgres.databaseUrl, schema: postgres.schema, max: postgres.max });
}

/** Orders two EventStoreDB positions as its transaction log does: commit position, then prepare position. */
export function compareEsdbPositionStrings(a: Position, b: Position): number {
  return compareEsdbPositions(decodeEsdbPosition(a, 'position'), decodeEsdbPosition(b, 'position'));
}

/** The checkpoint order of the selected store (checkpoints are opaque to everything else). */
export function positionComparator(selection: EventStoreSelection): (a: Position, b: Position) => number {
  return selection.adapter === 'eventstoredb' ? compareEsdbPositionStrings : comparePgPositions;
}
