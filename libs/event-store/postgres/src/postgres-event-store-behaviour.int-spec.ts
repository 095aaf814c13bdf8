import { randomUUID } from 'node:crypto';
import { EventStoreErrorCode, type NewEvent, type RecordedEvent } from '@rectify/event-store-core';
import { newEvent } from '@rectify/event-store-core/testing';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { Pool } from 'pg';
import { EVENT_STORE_MIGRATIONS, migrateEventStore } from './migrations';
import { PostgresEventStore } from './postgres-event-store';

/** Behaviour of the PostgreSQL adapter beyond the shared contract. */
describe('PostgresEventStore', () => {
  const schema = uniqueName('es_pg');
  let admin: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    admin = new Pool({ connectionString: testDatabaseUrl(), max: 3 });
    await migrateEventStore(admin, { schema });
    store = PostgresEventStore.connect({ connectionString: testDatabaseUrl(), schema, pollIntervalMs: 10_000 });
  });

  afterAll(async () => {
    await store.close();
    await dropSchema(admin, schema);
    await admin.end();
  });

  const batch = (n: number): NewEvent[] => Array.from({ length: n }, (_, i) => newEvent('Counted', { i }));

  it('orders $all numerically, not as text, across sequence numbers of different lengths', async () => {
    // A fresh schema's sequence starts at 1, so these cross 9 -> 10 and 99 -> 100.
    const appended: string[] = [];
    for (const size of [5, 7, 150, 1, 3]) {
      const events = batch(size);
      await store.append(`order-${size}`, events);
      appended.push(...events.map((e) => e.eventId));
    }
    // Events stay held back while an older transaction elsewhere (another test file) runs, so an
    // empty page ends the read only once all have arrived or a deadline has passed.
    const read: RecordedEvent[] = [];
    let after = null;
    const deadline = Date.now() + 15_000;
    for (;;) {
      const page = await store.readAll({ after, maxCount: 7, filter: { streamPrefixes: ['order-'] } });
      read.push(...page.events);
      after = page.checkpoint;
      if (page.events.length > 0) continue;
      if (read.length >= appended.length || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(read.map((e) => e.eventId)).toEqual(appended);
  });

  it('runs migrations once, also when two processes migrate at the same time', async () => {
    const again = await Promise.all([migrateEventStore(admin, { schema }), migrateEventStore(admin, { schema })]);
    expect(again).toEqual([[], []]);
    const fresh = uniqueName('es_mig');
    try {
      const results = await Promise.all([migrateEventStore(admin, { schema: fresh }), migrateEventStore(admin, { schema: fresh })]);
      expect(results.flat().sort((a, b) => a - b)).toEqual(EVENT_STORE_MIGRATIONS.map((m) => m.version));
    } finally {
      await dropSchema(admin, fresh);
    }
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(migrateEventStore(admin, { schema: 'x; DROP TABLE y' })).rejects.toThrow(/Invalid event store schema name/);
    expect(() => new PostgresEventStore({ pool: admin, schema: 'Bad-Name' })).toThrow(/Invalid event store schema name/);
  });

  it('bounds idle transactions so one stuck session cannot hold back every consumer', async () => {
    const { rows } = await store.pool.query<{ idle_in_transaction_session_timeout: string }>('SHOW idle_in_transaction_session_timeout');
    expect(rows[0].idle_in_transaction_session_timeout).toBe('1min');
  });

  it('never delivers events of a caller transaction that rolled back', async () => {
    const client = await store.pool.connect();
    const stream = `rollback-${randomUUID()}`;
    try {
      await client.query('BEGIN');
      await store.appendWith(client, stream, batch(3));
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await store.readStream(stream)).toEqual([]);
    const page = await store.readAll({ filter: { streamPrefixes: [stream] } });
    expect(page.events).toEqual([]);
    await expect(store.append(stream, batch(1), { expected: 'no_stream' })).resolves.toMatchObject({ nextExpectedVersion: 0 });
  });

  it('commits an append atomically with the caller’s own writes', async () => {
    await admin.query(`CREATE TABLE ${schema}.projection (stream_id text PRIMARY KEY, n int)`);
    const stream = `inline-${randomUUID()}`;
    const client = await store.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await store.appendWith(client, stream, batch(2));
      await client.query(`INSERT INTO ${schema}.projection VALUES ($1, $2)`, [stream, result.nextExpectedVersion + 1]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const { rows } = await admin.query(`SELECT n FROM ${schema}.projection WHERE stream_id = $1`, [stream]);
    expect(rows).toEqual([{ n: 2 }]);
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('wakes a subscriber in another process through LISTEN/NOTIFY, long before its poll', async () => {
    const other = PostgresEventStore.connect({ connectionString: testDatabaseUrl(), schema, pollIntervalMs: 10_000 });
    const stream = `notify-${randomUUID()}`;
    const subscription = other.subscribe({ filter: { streamPrefixes: [stream] } });
    const first = (async () => {
      for await (const event of subscription) return event;
      return null;
    })();
    try {
      await new Promise((r) => setTimeout(r, 300)); // caught up and waiting
      const started = Date.now();
      const [event] = batch(1);
      await store.append(stream, [event]);
      await expect(first).resolves.toMatchObject({ eventId: event.eventId });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await subscription.stop();
      await other.close();
    }
  });

  it('still delivers by polling when wake-ups are off', async () => {
    const polling = new PostgresEventStore({ pool: store.pool, schema, listen: null, pollIntervalMs: 100 });
    const stream = `poll-${randomUUID()}`;
    const subscription = polling.subscribe({ filter: { streamPrefixes: [stream] } });
    const first = (async () => {
      for await (const event of subscription) return event;
      return null;
    })();
    await new Promise((r) => setTimeout(r, 150));
    const [event] = batch(1);
    await new PostgresEventStore({ pool: store.pool, schema, listen: null }).append(stream, [event]);
    await expect(first).resolves.toMatchObject({ eventId: event.eventId });
    await subscription.stop();
  });

  it('answers with a retryable EVENT_STORE_UNAVAILABLE, not a hang, when the database cannot be reached', async () => {
    const unreachable = PostgresEventStore.connect({ connectionString: 'postgres://postgres@127.0.0.1:1/none', schema, connectionTimeoutMs: 1_000 });
    try {
      const started = Date.now();
      const error = await unreachable.append('s', batch(1)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: EventStoreErrorCode.Unavailable, retryable: true });
      await expect(unreachable.readAll()).rejects.toMatchObject({ code: EventStoreErrorCode.Unavailable });
      await expect(unreachable.readStream('s')).rejects.toMatchObject({ code: EventStoreErrorCode.Unavailable });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await unreachable.close();
    }
  });

  it('stores the tenant of every event in its own columns', async () => {
    const stream = `tenant-${randomUUID()}`;
    await store.append(stream, [newEvent('T', {}, { tenantId: '411024', tenantPath: '411000/411024' })]);
    const { rows } = await admin.query(`SELECT tenant_id, tenant_path FROM ${schema}.events WHERE stream_id = $1`, [stream]);
    expect(rows).toEqual([{ tenant_id: '411024', tenant_path: '411000/411024' }]);
  });
});
