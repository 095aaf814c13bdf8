import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { GENESIS_HASH, eventHash, type EventMetadata } from '@rectify/event-store-core';
import { newEvent } from '@rectify/event-store-core/testing';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import type { JsonValue } from '@rectify/shared-util';
import { Pool } from 'pg';
import { AnchorService } from './anchors';
import { ChainVerifier } from './chain-verifier';
import { migrateEventStore } from './migrations';
import { PostgresEventStore } from './postgres-event-store';

/** Shanghai calendar date `days` days before today. */
function shanghaiDay(daysAgo: number): string {
  return new Date(Date.now() + 8 * 3_600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

describe('AnchorService', () => {
  const schema = uniqueName('es_anchor');
  const tenant = { tenantId: '411081005', tenantPath: '411000/411081/411081005' };
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  let admin: Pool;
  let anchors: AnchorService;
  let stream: string;

  /**
   * Rewrites a stream the way an attacker with database access would: change its events, then
   * recompute every hash and the stream head so that the chain is consistent again.
   */
  async function rewriteChain(streamId: string, change: (row: { data: JsonValue; recorded_at: Date }, version: number) => void): Promise<void> {
    const { rows } = await admin.query<{ stream_version: string; event_id: string; type: string; schema_version: number; data: JsonValue; metadata: EventMetadata; recorded_at: Date }>(
      `SELECT stream_version, event_id::text AS event_id, type, schema_version, data, metadata, recorded_at FROM ${schema}.events WHERE stream_id = $1 ORDER BY stream_version`,
      [streamId],
    );
    let previous: Buffer = GENESIS_HASH;
    for (const row of rows) {
      const version = Number(row.stream_version);
      change(row, version);
      const hash = eventHash(previous, { eventId: row.event_id, streamId, streamVersion: version, type: row.type, schemaVersion: row.schema_version, data: row.data, metadata: row.metadata, recordedAt: row.recorded_at });
      await admin.query(`UPDATE ${schema}.events SET data = $3, recorded_at = $4, hash = $5 WHERE stream_id = $1 AND stream_version = $2`, [streamId, version, JSON.stringify(row.data), row.recorded_at, hash]);
      previous = hash;
    }
    await admin.query(`UPDATE ${schema}.streams SET last_hash = $2 WHERE stream_id = $1`, [streamId, previous]);
  }

  beforeAll(async () => {
    admin = new Pool({ connectionString: testDatabaseUrl(), max: 3 });
    await migrateEventStore(admin, { schema });
    anchors = new AnchorService(admin, schema);
    const store = new PostgresEventStore({ pool: admin, schema });
    stream = `entry-${randomUUID()}`;
    await store.append(stream, [newEvent('ProblemRecorded', { description: '危房未改造' }, tenant), newEvent('RectificationPlanned', { measures: '拆除重建' }, tenant)]);
    // History: these events happened three days ago (a consistent rewrite, as the generator's past would be).
    await rewriteChain(stream, (row) => {
      row.recorded_at = new Date(row.recorded_at.getTime() - 3 * 86_400_000);
    });
  });

  afterAll(async () => {
    await dropSchema(admin, schema);
    await admin.end();
  });

  it('anchors finished days, chained and signed, and verifies them against the log as it is', async () => {
    const first = await anchors.anchor(tenant.tenantPath, shanghaiDay(3), privateKey);
    expect(first).toMatchObject({ streams: 1, events: 2, prevDigest: '0'.repeat(64) });
    const second = await anchors.anchor(tenant.tenantPath, shanghaiDay(2), privateKey);
    expect(second.prevDigest).toBe(first.digest);
    await expect(anchors.anchor(tenant.tenantPath, shanghaiDay(2), privateKey)).resolves.toEqual(second);
    await expect(anchors.verify(tenant.tenantPath, publicKey)).resolves.toEqual({ ok: true, anchorsChecked: 2, firstProblem: null });
  });

  it('refuses to anchor a day that has not ended', async () => {
    await expect(anchors.anchor(tenant.tenantPath, shanghaiDay(-1), privateKey)).rejects.toThrow(/has not ended/);
  });

  it('is not disturbed by events recorded after the anchored days', async () => {
    await new PostgresEventStore({ pool: admin, schema }).append(stream, [newEvent('ResultSubmitted', { result: '已拆除并重建，附验收单' }, tenant)]);
    await expect(anchors.verify(tenant.tenantPath, publicKey)).resolves.toMatchObject({ ok: true });
  });

  it('catches a rewritten chain that the hash chain alone can no longer see', async () => {
    await rewriteChain(stream, (row, version) => {
      if (version === 1) row.data = { measures: '已整改' };
    });
    await expect(new ChainVerifier(admin, schema).verify()).resolves.toMatchObject({ ok: true });
    await expect(anchors.verify(tenant.tenantPath, publicKey)).resolves.toMatchObject({
      ok: false,
      firstProblem: { day: shanghaiDay(3), reason: 'digest_mismatch' },
    });
  });

  it('catches a forged anchor: a digest recomputed without the key has no valid signature', async () => {
    const other = `411000/411081/411081001`;
    await anchors.anchor(other, shanghaiDay(2), null);
    await expect(anchors.verify(other, publicKey)).resolves.toMatchObject({ ok: false, firstProblem: { reason: 'unsigned' } });
    await admin.query(`UPDATE ${schema}.anchors SET signature = decode(repeat('00', 64), 'hex') WHERE tenant_path = $1`, [other]);
    await expect(anchors.verify(other, publicKey)).resolves.toMatchObject({ ok: false, firstProblem: { reason: 'bad_signature' } });
  });
});
