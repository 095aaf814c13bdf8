import { randomUUID } from 'node:crypto';
import { EventStoreErrorCode, prepareAppend, type AppendResult, type ExpectedVersion, type NewEvent } from '@rectify/event-store-core';
import { newEvent } from '@rectify/event-store-core/testing';
import { dropSchema, seededRandom, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { Pool, type QueryConfig } from 'pg';
import { ChainVerifier } from './chain-verifier';
import { migrateEventStore } from './migrations';
import { PostgresEventStore } from './postgres-event-store';

type Outcome = { ok: true; result: AppendResult } | { ok: false; code: string };

const outcome = (p: Promise<AppendResult>): Promise<Outcome> =>
  p.then(
    (result): Outcome => ({ ok: true, result }),
    (error: { code?: string }): Outcome => ({ ok: false, code: String(error.code) }),
  );

/**
 * Group commit in `append`: appends that wait for a free transaction go out together through
 * `append_many` (set-based), which hands unusual batches to `append_batch` (one append at a time).
 * Each must still behave exactly like an append of its own.
 */
// Both layouts: append_many inserts into the partitioned event table as into the plain one.
describe.each([
  { layout: 'one event table', partitionsByTenant: undefined },
  { layout: 'events partitioned by tenant', partitionsByTenant: 4 },
])('PostgresEventStore append and read batching ($layout)', ({ partitionsByTenant }) => {
  const schema = uniqueName('es_batch');
  let admin: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    admin = new Pool({ connectionString: testDatabaseUrl(), max: 3 });
    await migrateEventStore(admin, { schema, ...(partitionsByTenant !== undefined && { partitionsByTenant }) });
    // One transaction at a time, so every concurrent append beyond the first is batched.
    store = PostgresEventStore.connect({ connectionString: testDatabaseUrl(), schema, max: 4, appendConcurrency: 1, readConcurrency: 1, pollIntervalMs: 10_000 });
  });

  afterAll(async () => {
    await store.close();
    await dropSchema(admin, schema);
    await admin.end();
  });

  const batching = (s: PostgresEventStore): { batches: number; appends: number; largestBatch: number; failedBatches: number } => {
    const stats = s.appendBatching;
    if (stats === null) throw new Error('append batching is off');
    return stats;
  };

  const streamEvents = async (streamId: string): Promise<{ id: string; version: number }[]> =>
    (await store.readStream(streamId)).map((e) => ({ id: e.eventId, version: e.streamVersion }));

  it('commits many writers’ appends in shared transactions, each one as if it were alone', async () => {
    const before = batching(store);
    const prefix = `many-${randomUUID().slice(0, 8)}`;
    const appends = Array.from({ length: 60 }, (_, i) => ({ stream: `${prefix}-${i % 12}`, events: [newEvent('Counted', { i }), newEvent('Counted', { i, second: true })] }));
    const results = await Promise.all(appends.map((a) => store.append(a.stream, a.events)));
    const after = batching(store);
    expect(after.appends - before.appends).toBe(60);
    expect(after.batches - before.batches).toBeLessThan(60); // some were grouped
    expect(after.largestBatch).toBeGreaterThan(1);

    // Per stream: 5 appends of 2 events, versions 0..9 in submission order, and the results agree.
    for (let s = 0; s < 12; s++) {
      const stream = `${prefix}-${s}`;
      const expectedIds = appends.filter((a) => a.stream === stream).flatMap((a) => a.events.map((e) => e.eventId));
      expect(await streamEvents(stream)).toEqual(expectedIds.map((id, version) => ({ id, version })));
      const versions = appends.flatMap((a, i) => (a.stream === stream ? [results[i].nextExpectedVersion] : []));
      expect(versions).toEqual([1, 3, 5, 7, 9]);
    }
    // Positions are distinct and the chains verify.
    expect(new Set(results.map((r) => r.position)).size).toBe(60);
    for (let s = 0; s < 12; s++) {
      const verified = await new ChainVerifier(admin, schema).verify({ streamId: `${prefix}-${s}` });
      expect(verified).toMatchObject({ ok: true, eventsChecked: 10 });
    }
  });

  it('lets exactly one of many appends at the same expected version win, inside one batch', async () => {
    const stream = `race-${randomUUID()}`;
    await store.append(stream, [newEvent()]);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => outcome(store.append(stream, [newEvent()], { expected: 0 }))));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    const rejected = outcomes.filter((o): o is { ok: false; code: string } => !o.ok);
    expect(rejected).toHaveLength(19);
    expect(new Set(rejected.map((o) => o.code))).toEqual(new Set([EventStoreErrorCode.ConcurrencyConflict]));
    expect(await streamEvents(stream)).toHaveLength(2);
  });

  it('reports the actual version of a rejected append', async () => {
    const stream = `actual-${randomUUID()}`;
    await store.append(stream, [newEvent(), newEvent(), newEvent()]);
    const [good, bad] = await Promise.allSettled([store.append(stream, [newEvent()], { expected: 2 }), store.append(stream, [newEvent()], { expected: 7 })]);
    expect(good.status).toBe('fulfilled');
    expect(bad).toMatchObject({ status: 'rejected', reason: { code: EventStoreErrorCode.ConcurrencyConflict, actual: 3 } });
  });

  it('recognises a retry of the same append in the same batch and writes it once', async () => {
    const stream = `retry-${randomUUID()}`;
    const events: NewEvent[] = [newEvent(), newEvent()];
    const results = await Promise.all([store.append(stream, events), store.append(stream, events), store.append(stream, events, { expected: 'no_stream' })]);
    // The first writes; the others (even the no_stream one) are retries of it and get its result.
    expect(results.map((r) => r.nextExpectedVersion)).toEqual([1, 1, 1]);
    expect(new Set(results.map((r) => r.position)).size).toBe(1);
    expect(await streamEvents(stream)).toEqual(events.map((e, version) => ({ id: e.eventId, version })));
  });

  it('refuses an event id already used by another append of the batch in another stream', async () => {
    const event = newEvent();
    const [first, second] = await Promise.all([outcome(store.append(`a-${randomUUID()}`, [event])), outcome(store.append(`b-${randomUUID()}`, [event]))]);
    // The batch is sorted by stream id, so `a-…` is written first.
    expect(first.ok).toBe(true);
    expect(second).toEqual({ ok: false, code: EventStoreErrorCode.EventIdConflict });
  });

  it('leaves no empty stream behind when an append that needs an existing stream is refused', async () => {
    const stream = `missing-${randomUUID()}`;
    const outcomes = await Promise.all([
      outcome(store.append(stream, [newEvent()], { expected: 'stream_exists' })),
      outcome(store.append(stream, [newEvent()], { expected: 4 })),
      outcome(store.append(`${stream}-other`, [newEvent()])),
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([false, false, true]);
    const { rows } = await admin.query(`SELECT count(*)::int AS n FROM ${schema}.streams WHERE stream_id = $1`, [stream]);
    expect(rows[0].n).toBe(0);
    // The single-append path (raising inside the caller's transaction) is the same function.
    await expect(store.appendWith(admin, stream, [newEvent()], { expected: 'stream_exists' })).rejects.toMatchObject({ code: EventStoreErrorCode.ConcurrencyConflict });
    const again = await admin.query(`SELECT count(*)::int AS n FROM ${schema}.streams WHERE stream_id = $1`, [stream]);
    expect(again.rows[0].n).toBe(0);
  });

  it('does not deadlock when concurrent batches touch the same streams in different orders', async () => {
    const wide = PostgresEventStore.connect({ connectionString: testDatabaseUrl(), schema, max: 6, appendConcurrency: 3, pollIntervalMs: 10_000 });
    try {
      const random = seededRandom(20261127);
      const streams = Array.from({ length: 6 }, (_, i) => `lock-${i}-${randomUUID().slice(0, 6)}`);
      const picks = Array.from({ length: 300 }, () => random.pick(streams));
      const outcomes = await Promise.all(picks.map((s) => outcome(wide.append(s, [newEvent()]))));
      expect(outcomes.filter((o) => !o.ok)).toEqual([]);
      for (const s of streams) {
        const versions = (await streamEvents(s)).map((e) => e.version);
        expect(versions).toEqual(picks.filter((p) => p === s).map((_, i) => i));
      }
      expect(wide.appendBatching).toMatchObject({ failedBatches: 0 }); // no deadlock was resolved by a retry
      expect(batching(wide).largestBatch).toBeGreaterThan(1);
    } finally {
      await wide.close();
    }
  });

  it('retries each append on its own when the batch transaction fails, writing nothing twice', async () => {
    const pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
    let batchesSent = 0;
    const query = pool.query.bind(pool) as (config: QueryConfig) => Promise<unknown>;
    (pool as unknown as { query: (config: QueryConfig) => Promise<unknown> }).query = (config: QueryConfig) => {
      if (typeof config === 'object' && config.text?.includes('append_many') && batchesSent++ === 0) {
        return Promise.reject(new Error('Connection terminated unexpectedly'));
      }
      return query(config);
    };
    const flaky = new PostgresEventStore({ pool, schema, listen: null, appendConcurrency: 1, ownsPool: true });
    try {
      const stream = `flaky-${randomUUID()}`;
      await flaky.append(stream, [newEvent()]);
      const events = Array.from({ length: 5 }, () => newEvent());
      // The first append takes the only slot; the other four wait and go out as one batch, which fails.
      const results = await Promise.all([flaky.append(`${stream}-x`, [newEvent()]), ...events.map((e) => flaky.append(stream, [e]))]);
      expect(batchesSent).toBe(1); // the batch was sent once, failed, and its appends went one by one
      expect(flaky.appendBatching).toMatchObject({ failedBatches: 1 });
      expect(results.slice(1).map((r) => r.nextExpectedVersion)).toEqual([1, 2, 3, 4, 5]);
      expect((await streamEvents(stream)).map((e) => e.id).slice(1)).toEqual(events.map((e) => e.eventId));
    } finally {
      await flaky.close();
    }
  });

  it('keeps control characters in event data intact, alone and in a batch (bodies travel joined by U+001E)', async () => {
    const stream = `ctl-${randomUUID()}`;
    const data = { 'key\u001ewith separator': 'a\u001eb\u0001c\u001f\n"\\', list: ['\u001e', '\u001e\u001e'], 整改: '立行立改\u001e' };
    const alone = newEvent('Counted', data);
    await store.append(stream, [alone]);
    // Two appends at once: the second waits and goes out with others as one batch.
    const grouped = [newEvent('Counted', data), newEvent('Counted', { ...data, n: 2 })];
    await Promise.all([store.append(`${stream}-x`, [newEvent('Counted', data)]), store.append(stream, [grouped[0]]), store.append(`${stream}-y`, [grouped[1]])]);
    const read = await store.readStream(stream);
    expect(read.map((e) => e.data)).toEqual([data, data]);
    expect((await store.readStream(`${stream}-y`))[0].data).toEqual({ ...data, n: 2 });
    for (const id of [stream, `${stream}-x`, `${stream}-y`]) {
      expect(await new ChainVerifier(admin, schema).verify({ streamId: id })).toMatchObject({ ok: true });
    }
  });

  describe('append_many, the set-based batch', () => {
    type Row = { ord: number; outcome: number; next_version: string | null; tx_id: string | null; seq: string | null };
    const CODE: Record<string, number> = { any: -2, no_stream: -1, stream_exists: -3 };

    /** Calls the function directly, as flushBatch does, so the test knows which path a batch takes. */
    const many = async (appends: { stream: string; events: NewEvent[]; expected?: ExpectedVersion }[]): Promise<Row[]> => {
      const prepared = appends.map((a) => prepareAppend(a.stream, a.events, a.expected ?? 'any'));
      const { rows } = await admin.query<Row>(
        `SELECT ord, outcome, next_version::text AS next_version, tx_id::text AS tx_id, seq::text AS seq
           FROM ${schema}.append_many($1, $2, $3, $4, $5, $6, $7) ORDER BY ord`,
        [
          prepared.map((a) => a.streamId),
          prepared.map((a) => (typeof a.expected === 'number' ? a.expected : CODE[a.expected])),
          prepared.map((a) => a.events.length),
          prepared.flatMap((a) => a.events.map((e) => e.eventId)),
          prepared.flatMap((a) => a.events.map((e) => e.body)),
          prepared.map((a) => a.events[0].metadata.tenantId),
          prepared.map((a) => a.events[0].metadata.tenantPath),
        ],
      );
      return rows;
    };
    const streamRow = async (stream: string): Promise<{ version: string; last_hash: string } | undefined> =>
      (await admin.query(`SELECT version::text AS version, encode(last_hash, 'hex') AS last_hash FROM ${schema}.streams WHERE stream_id = $1`, [stream])).rows[0];
    const events = (n: number): NewEvent[] => Array.from({ length: n }, (_, i) => newEvent('Counted', { i, text: '整改台账' }));

    it('writes appends to new and existing streams in one statement each, with chains, heads and positions right', async () => {
      const p = `m-${randomUUID().slice(0, 8)}`;
      await store.append(`${p}-e`, events(2));
      const rows = await many([
        { stream: `${p}-z-new`, events: events(3) },
        { stream: `${p}-e`, events: events(2), expected: 1 },
        { stream: `${p}-a-new`, events: events(1), expected: 'no_stream' },
      ]);
      expect(rows.map((r) => [r.ord, r.outcome, Number(r.next_version)])).toEqual([
        [1, 0, 2],
        [2, 0, 3],
        [3, 0, 0],
      ]);
      expect(new Set(rows.map((r) => r.tx_id)).size).toBe(1); // one transaction
      for (const [i, stream] of [`${p}-z-new`, `${p}-e`, `${p}-a-new`].entries()) {
        // The append's position is its last event's; the head holds the last version and hash.
        const { rows: last } = await admin.query(
          `SELECT seq::text AS seq, tx_id::text AS tx, stream_version::text AS version, encode(hash, 'hex') AS hash
             FROM ${schema}.events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1`,
          [stream],
        );
        expect({ seq: rows[i].seq, tx: rows[i].tx_id }).toEqual({ seq: last[0].seq, tx: last[0].tx });
        expect(await streamRow(stream)).toEqual({ version: last[0].version, last_hash: last[0].hash });
        expect(await new ChainVerifier(admin, schema).verify({ streamId: stream })).toMatchObject({ ok: true });
      }
      // Sequence numbers follow the batch's order.
      expect(rows.map((r) => Number(r.seq))).toEqual([...rows.map((r) => Number(r.seq))].sort((a, b) => a - b));
    });

    it('refuses appends one by one, writes the others, and leaves no stream behind for a refused one', async () => {
      const p = `r-${randomUUID().slice(0, 8)}`;
      await store.append(`${p}-e1`, events(2));
      await store.append(`${p}-e2`, events(1));
      const before = [await streamRow(`${p}-e1`), await streamRow(`${p}-e2`)];
      const rows = await many([
        { stream: `${p}-e1`, events: events(1), expected: 5 },
        { stream: `${p}-m1`, events: events(1), expected: 'stream_exists' },
        { stream: `${p}-m2`, events: events(1), expected: 0 },
        { stream: `${p}-n`, events: events(2), expected: 'no_stream' },
        { stream: `${p}-e2`, events: events(1), expected: 'no_stream' },
      ]);
      expect(rows.map((r) => [r.outcome, r.next_version === null ? null : Number(r.next_version), r.seq === null])).toEqual([
        [1, 1, true],
        [1, -1, true],
        [1, -1, true],
        [0, 1, false],
        [1, 0, true],
      ]);
      expect(await streamRow(`${p}-m1`)).toBeUndefined();
      expect(await streamRow(`${p}-m2`)).toBeUndefined();
      expect([await streamRow(`${p}-e1`), await streamRow(`${p}-e2`)]).toEqual(before);
      expect(await streamEvents(`${p}-e1`)).toHaveLength(2);
      expect(await streamEvents(`${p}-n`)).toHaveLength(2);
    });

    it('hands a batch holding a recorded id to append_batch, which recognises the retry, and still cleans up', async () => {
      const p = `h-${randomUUID().slice(0, 8)}`;
      const first = events(2);
      const original = await store.append(`${p}-s`, first);
      const rows = await many([
        { stream: `${p}-s`, events: first },
        { stream: `${p}-m`, events: events(1), expected: 'stream_exists' },
        { stream: `${p}-n`, events: events(1) },
      ]);
      expect(rows.map((r) => [r.outcome, Number(r.next_version)])).toEqual([
        [0, 1],
        [1, -1],
        [0, 0],
      ]);
      expect(`${rows[0].tx_id}`).not.toBe(`${rows[2].tx_id}`); // the retry's result is the first append's
      expect(original.nextExpectedVersion).toBe(1);
      expect(await streamEvents(`${p}-s`)).toHaveLength(2);
      expect(await streamRow(`${p}-m`)).toBeUndefined();
    });

    it('takes a batch that names a stream twice, or an event id twice, one append at a time', async () => {
      const p = `t-${randomUUID().slice(0, 8)}`;
      const twice = await many([
        { stream: `${p}-s`, events: events(1) },
        { stream: `${p}-s`, events: events(2), expected: 0 },
      ]);
      expect(twice.map((r) => [r.outcome, Number(r.next_version)])).toEqual([
        [0, 0],
        [0, 2],
      ]);
      const shared = newEvent();
      const sameId = await many([
        { stream: `${p}-a`, events: [shared] },
        { stream: `${p}-b`, events: [shared] },
      ]);
      expect(sameId.map((r) => r.outcome)).toEqual([0, 2]);
      expect(await streamEvents(`${p}-b`)).toEqual([]);
    });

    it('groups many writers on distinct streams into set-based batches, each append as if alone', async () => {
      const p = `d-${randomUUID().slice(0, 8)}`;
      for (let i = 0; i < 20; i++) await store.append(`${p}-${i}`, events(1 + (i % 3)));
      const before = batching(store);
      const appends = Array.from({ length: 40 }, (_, i) =>
        i < 20 ? { stream: `${p}-${i}`, events: events(2), expected: i % 3 } : { stream: `${p}-${i}`, events: events(1), expected: 'no_stream' as const },
      );
      const results = await Promise.all(appends.map((a) => store.append(a.stream, a.events, { expected: a.expected })));
      const after = batching(store);
      expect(after.batches - before.batches).toBeLessThan(40);
      expect(after.failedBatches).toBe(before.failedBatches);
      expect(results.map((r) => r.nextExpectedVersion)).toEqual(appends.map((a) => (typeof a.expected === 'number' ? a.expected + 2 : 0)));
      for (const a of appends) {
        expect((await streamEvents(a.stream)).slice(-a.events.length).map((e) => e.id)).toEqual(a.events.map((e) => e.eventId));
        expect(await new ChainVerifier(admin, schema).verify({ streamId: a.stream })).toMatchObject({ ok: true });
      }
    });

    it('does not deadlock when two processes create and append to the same new streams at once', async () => {
      const stores = [0, 1].map(() => PostgresEventStore.connect({ connectionString: testDatabaseUrl(), schema, max: 4, appendConcurrency: 3, pollIntervalMs: 10_000 }));
      try {
        const random = seededRandom(27112026);
        const streams = Array.from({ length: 30 }, (_, i) => `new-${i}-${randomUUID().slice(0, 6)}`);
        const picks = Array.from({ length: 400 }, (_, i) => ({ stream: random.pick(streams), store: stores[i % 2] }));
        const outcomes = await Promise.all(picks.map((pick) => outcome(pick.store.append(pick.stream, [newEvent()]))));
        expect(outcomes.filter((o) => !o.ok)).toEqual([]);
        for (const stream of streams) {
          const versions = (await streamEvents(stream)).map((e) => e.version);
          expect(versions).toEqual(picks.filter((p) => p.stream === stream).map((_, i) => i));
        }
        // no batch failed (a deadlock would have been resolved by failing one and retrying its appends)
        expect(stores.map((s) => s.appendBatching?.failedBatches)).toEqual([0, 0]);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });
  });

  it('reads many whole streams in shared queries, each caller getting exactly its stream in order', async () => {
    const prefix = `reads-${randomUUID().slice(0, 8)}`;
    const written = new Map<string, string[]>();
    for (let i = 0; i < 20; i++) {
      const events = Array.from({ length: 1 + (i % 4) }, () => newEvent('Counted', { i }));
      await store.append(`${prefix}-${i}`, events);
      written.set(`${prefix}-${i}`, events.map((e) => e.eventId));
    }
    const before = store.readBatching;
    // Every stream twice, and one that does not exist.
    const ids = [...written.keys(), ...written.keys(), `${prefix}-missing`];
    const results = await Promise.all(ids.map((id) => store.readStream(id)));
    const after = store.readBatching;
    if (before === null || after === null) throw new Error('read batching is off');
    expect(after.reads - before.reads).toBe(ids.length);
    expect(after.batches - before.batches).toBeLessThan(ids.length);
    ids.forEach((id, i) => {
      expect(results[i].map((e) => e.eventId)).toEqual(written.get(id) ?? []);
      expect(results[i].map((e) => e.streamVersion)).toEqual((written.get(id) ?? []).map((_, v) => v));
      expect(results[i].every((e) => e.streamId === id)).toBe(true);
    });
    // The two reads of one stream in a batch do not share an array.
    expect(results[0]).not.toBe(results[20]);
    expect(results[0]).toEqual(results[20]);
  });

  it('keeps reads with options (a range, backwards) out of the shared queries', async () => {
    const stream = `opts-${randomUUID()}`;
    const events = Array.from({ length: 5 }, () => newEvent());
    await store.append(stream, events);
    const before = store.readBatching?.reads ?? 0;
    const [middle, backwards] = await Promise.all([store.readStream(stream, { from: 2, maxCount: 2 }), store.readStream(stream, { direction: 'backwards', maxCount: 1 })]);
    expect(middle.map((e) => e.streamVersion)).toEqual([2, 3]);
    expect(backwards.map((e) => e.streamVersion)).toEqual([4]);
    expect(store.readBatching?.reads ?? 0).toBe(before);
  });

  it('fails every read of a batch with the retryable unavailable code when the query fails', async () => {
    const pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
    const query = pool.query.bind(pool) as (text: unknown, values?: unknown) => Promise<unknown>;
    (pool as unknown as { query: (text: unknown, values?: unknown) => Promise<unknown> }).query = (text: unknown, values?: unknown) =>
      typeof text === 'string' && text.includes('= ANY ($1::text[])') ? Promise.reject(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })) : query(text, values);
    const flaky = new PostgresEventStore({ pool, schema, listen: null, readConcurrency: 1, ownsPool: true });
    try {
      // The first read goes alone, the other three wait and go out together: both are the grouped query.
      const outcomes = await Promise.allSettled(Array.from({ length: 4 }, (_, i) => flaky.readStream(`y-${i}-${randomUUID()}`)));
      expect(outcomes.every((o) => o.status === 'rejected' && (o.reason as { code?: string }).code === EventStoreErrorCode.Unavailable)).toBe(true);
      // A read with options is not grouped and does not meet the failure.
      await expect(flaky.readStream(`x-${randomUUID()}`, { maxCount: 1 })).resolves.toEqual([]);
    } finally {
      await flaky.close();
    }
  });
});
