import { randomUUID } from 'node:crypto';
import { PostgresEventStore, migrateEventStore } from '@rectify/event-store-postgres';
import { UpcasterRegistry } from '@rectify/ledger-application';
import { EventLogQuery, StreamHistoryService, TimeTravelService, eventReading } from '@rectify/ledger-audit';
import { EVENT_SCHEMA_VERSIONS, streamIds } from '@rectify/ledger-domain';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import type { JsonValue } from '@rectify/shared-util';
import { Pool } from 'pg';

/**
 * Upcasting on read. The production `ProblemRecorded` stays as it is; this spec PRETENDS its current
 * shape is v2 and that a v1 existed in which the village and the item were one field
 * `location: "<villageCode>#<itemNo>"` and the inspector was `inspector: { name, at }`. v1 rows are
 * stored as they were written (their hashes cover the v1 bytes) and read as v2 through the same
 * `UpcasterRegistry` the command side uses: history and time travel fold them with the domain's
 * unchanged `evolveLedgerEntry`.
 */
const TOWN = { id: 'tenant-411081005', path: '411000/411081/411081005' };

function problemRecordedV1(entryId: string): Record<string, JsonValue> {
  return {
    entryId,
    campaignId: 'c-2023-4',
    tenant: TOWN,
    location: '411081005201#5',
    description: '3户幼儿未享受低保生活补助',
    inspector: { name: '王排查', at: '2023-08-02T02:00:00Z' },
    campaignDeadlines: { immediate: '2023-08-31', fixedTerm: '2023-10-31' },
    recurrence: null,
    at: '2023-08-02T02:00:00Z',
    by: { userId: 'user-inspector', name: '王排查' },
  };
}

/** v1 → v2: split `location`, rename `inspector` into `foundBy`/`foundAt`. */
function problemRecordedV1toV2(data: unknown): unknown {
  const { location, inspector, ...rest } = data as { location: string; inspector: { name: string; at: string } } & Record<string, unknown>;
  const [villageCode, itemNo] = location.split('#');
  return { ...rest, villageCode, itemNo: Number(itemNo), foundBy: inspector.name, foundAt: inspector.at };
}

let pool: Pool;
let schema: string;

beforeAll(async () => {
  schema = uniqueName('es');
  pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
  await migrateEventStore(pool, { schema });
});

afterAll(async () => {
  await dropSchema(pool, schema);
  await pool.end();
});

describe('reading stored v1 events as v2 through the UpcasterRegistry', () => {
  it('history and time travel fold upcast events; without the upcaster the read is refused', async () => {
    const store = new PostgresEventStore({ pool, schema });
    const entryId = `e-${randomUUID()}`;
    await store.append(streamIds.entry(entryId), [
      { eventId: randomUUID(), type: 'ProblemRecorded', schemaVersion: 1, data: problemRecordedV1(entryId), metadata: { tenantId: TOWN.id, tenantPath: TOWN.path } },
    ]);
    const stored = await pool.query<{ schema_version: number; data: { location?: string } }>(`SELECT schema_version, data FROM ${schema}.events WHERE stream_id = $1`, [streamIds.entry(entryId)]);
    expect(stored.rows).toEqual([expect.objectContaining({ schema_version: 1, data: expect.objectContaining({ location: '411081005201#5' }) })]);

    const registry = new UpcasterRegistry().register('ProblemRecorded', 1, problemRecordedV1toV2);
    const reading = eventReading(registry, { ...EVENT_SCHEMA_VERSIONS, ProblemRecorded: 2 });
    const log = new EventLogQuery(pool, schema);

    const page = await new StreamHistoryService(log, reading).entryHistory(entryId, TOWN.path);
    expect(page?.items[0]).toMatchObject({ storedSchemaVersion: 1, schemaVersion: 2, data: expect.objectContaining({ villageCode: '411081005201', itemNo: 5, foundBy: '王排查' }) });
    expect(page?.items[0]?.changes).toContainEqual({ path: 'villageCode', from: null, to: '411081005201' });

    const asOf = await new TimeTravelService(log, reading).entryAsOf(entryId, new Date(), TOWN.path);
    expect(asOf?.entry).toMatchObject({ villageCode: '411081005201', itemNo: 5, foundBy: '王排查', foundAt: '2023-08-02T02:00:00Z', status: 'recorded' });

    // Current version 2 without an upcaster for v1: a stable error, never a silently wrong fold.
    const unreadable = new TimeTravelService(log, eventReading(new UpcasterRegistry(), { ...EVENT_SCHEMA_VERSIONS, ProblemRecorded: 2 }));
    await expect(unreadable.entryAsOf(entryId, new Date(), TOWN.path)).rejects.toMatchObject({ code: 'AUDIT_UNREADABLE_EVENT' });
  });
});
