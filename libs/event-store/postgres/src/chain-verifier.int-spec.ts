import { randomUUID } from 'node:crypto';
import { newEvent } from '@rectify/event-store-core/testing';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { Pool } from 'pg';
import { ChainVerifier } from './chain-verifier';
import { migrateEventStore } from './migrations';
import { PostgresEventStore } from './postgres-event-store';

/**
 * Tamper tests: rows are edited straight in PostgreSQL, as an attacker with database access would,
 * and verification must fail and name the first broken event.
 */
describe('ChainVerifier', () => {
  let admin: Pool;

  beforeAll(() => {
    admin = new Pool({ connectionString: testDatabaseUrl(), max: 3 });
  });
  afterAll(async () => {
    await admin.end();
  });

  async function fixture(): Promise<{ schema: string; store: PostgresEventStore; verifier: ChainVerifier; stream: string; ids: string[] }> {
    const schema = uniqueName('es_tamper');
    await migrateEventStore(admin, { schema });
    const store = new PostgresEventStore({ pool: admin, schema });
    const stream = `entry-${randomUUID()}`;
    const events = [
      newEvent('ProblemRecorded', { description: '危房未改造' }),
      newEvent('RectificationPlanned', { measures: '拆除重建' }),
      newEvent('ResultSubmitted', { result: '已拆除重建并验收，附照片' }),
      newEvent('SignOffApproved', {}),
    ];
    await store.append(stream, events.slice(0, 2));
    await store.append(stream, events.slice(2));
    await store.append(`entry-${randomUUID()}`, [newEvent('ProblemRecorded', { description: '饮水不安全' }, { tenantId: '411024', tenantPath: '411000/411024' })]);
    return { schema, store, verifier: new ChainVerifier(admin, schema), stream, ids: events.map((e) => e.eventId) };
  }

  async function withFixture(run: (f: Awaited<ReturnType<typeof fixture>>) => Promise<void>): Promise<void> {
    const f = await fixture();
    try {
      await run(f);
    } finally {
      await dropSchema(admin, f.schema);
    }
  }

  it('passes an untouched log, whole, by tenant subtree and by stream', () =>
    withFixture(async ({ verifier, stream }) => {
      await expect(verifier.verify()).resolves.toMatchObject({ ok: true, streamsChecked: 2, eventsChecked: 5, firstBreak: null });
      await expect(verifier.verify({ tenantPath: '411000/411081' })).resolves.toMatchObject({ ok: true, streamsChecked: 1, eventsChecked: 4 });
      await expect(verifier.verify({ streamId: stream })).resolves.toMatchObject({ ok: true, eventsChecked: 4 });
    }));

  it('names an event whose payload was edited', () =>
    withFixture(async ({ schema, verifier, stream, ids }) => {
      await admin.query(`UPDATE ${schema}.events SET data = jsonb_set(data, '{measures}', '"已整改"') WHERE stream_id = $1 AND stream_version = 1`, [stream]);
      const result = await verifier.verify();
      expect(result.ok).toBe(false);
      expect(result.firstBreak).toEqual({ streamId: stream, streamVersion: 1, eventId: ids[1], reason: 'hash_mismatch' });
    }));

  it('names the first event of a reordered pair', () =>
    withFixture(async ({ schema, verifier, stream, ids }) => {
      await admin.query(`UPDATE ${schema}.events SET stream_version = -1 WHERE stream_id = $1 AND stream_version = 1`, [stream]);
      await admin.query(`UPDATE ${schema}.events SET stream_version = 1 WHERE stream_id = $1 AND stream_version = 2`, [stream]);
      await admin.query(`UPDATE ${schema}.events SET stream_version = 2 WHERE stream_id = $1 AND stream_version = -1`, [stream]);
      expect((await verifier.verify()).firstBreak).toEqual({ streamId: stream, streamVersion: 1, eventId: ids[2], reason: 'hash_mismatch' });
    }));

  it('finds an event deleted from the middle of a stream', () =>
    withFixture(async ({ schema, verifier, stream }) => {
      await admin.query(`DELETE FROM ${schema}.events WHERE stream_id = $1 AND stream_version = 2`, [stream]);
      expect((await verifier.verify()).firstBreak).toEqual({ streamId: stream, streamVersion: 2, eventId: null, reason: 'version_gap' });
    }));

  it('finds the last event deleted, by the stream row that still counts it', () =>
    withFixture(async ({ schema, verifier, stream }) => {
      await admin.query(`DELETE FROM ${schema}.events WHERE stream_id = $1 AND stream_version = 3`, [stream]);
      expect((await verifier.verify()).firstBreak).toEqual({ streamId: stream, streamVersion: 3, eventId: null, reason: 'tail_missing' });
    }));

  it('finds a stream whose events were all deleted', () =>
    withFixture(async ({ schema, verifier, stream }) => {
      await admin.query(`DELETE FROM ${schema}.events WHERE stream_id = $1`, [stream]);
      expect((await verifier.verify()).firstBreak).toEqual({ streamId: stream, streamVersion: 0, eventId: null, reason: 'tail_missing' });
    }));

  it('finds a time that was moved', () =>
    withFixture(async ({ schema, verifier, stream, ids }) => {
      await admin.query(`UPDATE ${schema}.events SET recorded_at = recorded_at - interval '1 day' WHERE stream_id = $1 AND stream_version = 0`, [stream]);
      expect((await verifier.verify()).firstBreak).toEqual({ streamId: stream, streamVersion: 0, eventId: ids[0], reason: 'hash_mismatch' });
    }));

  it('finds a tenant column moved to another county', () =>
    withFixture(async ({ schema, verifier, stream, ids }) => {
      await admin.query(`UPDATE ${schema}.events SET tenant_path = '411000/411024' WHERE stream_id = $1 AND stream_version = 3`, [stream]);
      expect((await verifier.verify()).firstBreak).toEqual({ streamId: stream, streamVersion: 3, eventId: ids[3], reason: 'tenant_mismatch' });
    }));

  it('finds a stream row that was removed or whose head was rewritten', () =>
    withFixture(async ({ schema, verifier, stream }) => {
      await admin.query(`UPDATE ${schema}.streams SET last_hash = decode(repeat('ab', 32), 'hex') WHERE stream_id = $1`, [stream]);
      expect((await verifier.verify()).firstBreak).toMatchObject({ streamId: stream, reason: 'head_mismatch' });
      await admin.query(`DELETE FROM ${schema}.streams WHERE stream_id = $1`, [stream]);
      expect((await verifier.verify()).firstBreak).toMatchObject({ streamId: stream, reason: 'stream_row_missing' });
    }));

  it('reads across page boundaries', () =>
    withFixture(async ({ verifier }) => {
      await expect(verifier.verify({ pageSize: 2 })).resolves.toMatchObject({ ok: true, eventsChecked: 5 });
    }));
});
