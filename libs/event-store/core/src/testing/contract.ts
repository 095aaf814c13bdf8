import { randomUUID } from 'node:crypto';
import { seededRandom } from '@rectify/shared-testing';
import { EventStoreErrorCode, InvalidArgumentError, WrongExpectedVersionError, EventIdConflictError } from '../errors';
import { findChainBreak } from '../hash-chain';
import type {
  AppendOptions,
  AppendResult,
  EventMetadata,
  EventFilter,
  EventStore,
  NewEvent,
  Position,
  RecordedEvent,
} from '../types';

/** A transaction the caller holds open, for adapters that can append inside one. */
export interface OpenTransaction {
  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

export interface ContractHarness {
  /** A store to test. Every test uses its own stream ids and filters `$all` by its own prefix. */
  store(): EventStore;
  /** Opens a caller transaction; adapters without them get a concurrent-writers race instead. */
  beginTransaction?(): Promise<OpenTransaction>;
  /** Whether the adapter keeps the SM3 hash chain on its events. */
  readonly keepsHashChain: boolean;
  /**
   * Whether an event id is unique across the whole store. EventStoreDB has no index by event id,
   * so it can only recognise ids within the stream being appended to.
   */
  readonly uniqueEventIdsAcrossStreams: boolean;
}

export interface ContractSetup {
  /** Called once before the suite; returns the harness. */
  setUp(): Promise<ContractHarness>;
  tearDown(): Promise<void>;
}

const TENANT: EventMetadata = { tenantId: '411081005', tenantPath: '411000/411081/411081005', actor: 'contract-test' };

export function newEvent(type = 'TestHappened', data: NewEvent['data'] = {}, metadata: EventMetadata = TENANT): NewEvent {
  return { eventId: randomUUID(), type, schemaVersion: 1, data, metadata };
}

function events(n: number, type = 'TestHappened'): NewEvent[] {
  return Array.from({ length: n }, (_, i) => newEvent(type, { i }));
}

/** A prefix no other test uses, so `$all` reads see only this test's streams. */
function prefix(): string {
  return `ct${randomUUID().replace(/-/g, '').slice(0, 12)}-`;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<unknown> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a rejection with ${code}, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  expect((error as { code?: string }).code).toBe(code);
  return error;
}

/**
 * Reads `$all` (filtered to one prefix) to its end. Events of transactions that commit after an
 * older transaction still running elsewhere (another test file, autovacuum) are held back until it
 * ends, by design; so when the caller knows how many events must arrive, it keeps reading until
 * they have, or until the deadline. A lost event never arrives and fails the test.
 */
async function readAllOf(store: EventStore, streamPrefix: string, after: Position | null = null, atLeast = 0): Promise<RecordedEvent[]> {
  return readFiltered(store, { streamPrefixes: [streamPrefix] }, after, atLeast);
}

async function readFiltered(store: EventStore, filter: EventFilter, after: Position | null, atLeast: number, maxCount = 100): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  let checkpoint = after;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const page = await store.readAll({ after: checkpoint, maxCount, filter });
    out.push(...page.events);
    checkpoint = page.checkpoint;
    if (page.events.length > 0) continue;
    if (out.length >= atLeast || Date.now() > deadline) return out;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The shared contract every event store adapter must pass. `setup` null means the adapter's server
 * is not configured: every test is then reported as skipped under a name that says why.
 */
export function eventStoreContract(adapter: string, setup: ContractSetup | null, skipReason = ''): void {
  const title = setup ? `event store contract: ${adapter}` : `event store contract: ${adapter} (skipped: ${skipReason})`;
  const suite = setup ? describe : describe.skip;

  suite(title, () => {
    let harness: ContractHarness;
    let store: EventStore;

    beforeAll(async () => {
      if (!setup) return;
      harness = await setup.setUp();
      store = harness.store();
    });

    afterAll(async () => {
      await setup?.tearDown();
    });

    describe('append and the envelope', () => {
      it('records every envelope field and returns the next version and the commit position', async () => {
        const stream = `${prefix()}entry`;
        const event = newEvent('ProblemRecorded', { description: '危房未改造', amount: 600, tags: ['住房安全'] }, {
          ...TENANT,
          correlationId: 'corr-1',
          causationId: 'cause-1',
        });
        const result = await store.append(stream, [event], { expected: 'no_stream' });
        expect(result.nextExpectedVersion).toBe(0);
        expect(typeof result.position).toBe('string');

        const [recorded] = await store.readStream(stream);
        expect(recorded).toMatchObject({
          eventId: event.eventId,
          streamId: stream,
          streamVersion: 0,
          type: 'ProblemRecorded',
          schemaVersion: 1,
          data: event.data,
          metadata: event.metadata,
          position: result.position,
        });
        expect(recorded.recordedAt).toBeInstanceOf(Date);
        expect(Math.abs(recorded.recordedAt.getTime() - Date.now())).toBeLessThan(60_000);
      });

      it('appends a batch at consecutive versions and returns the last one', async () => {
        const stream = `${prefix()}batch`;
        const result = await store.append(stream, events(5));
        expect(result.nextExpectedVersion).toBe(4);
        const read = await store.readStream(stream);
        expect(read.map((e) => e.streamVersion)).toEqual([0, 1, 2, 3, 4]);
        expect(read[4].position).toBe(result.position);
      });
    });

    describe('expected version', () => {
      it('no_stream accepts a new stream and rejects an existing one', async () => {
        const stream = `${prefix()}s`;
        await store.append(stream, events(1), { expected: 'no_stream' });
        const error = await expectCode(store.append(stream, events(1), { expected: 'no_stream' }), EventStoreErrorCode.ConcurrencyConflict);
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect((error as WrongExpectedVersionError).actual).toBe(0);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('stream_exists rejects a new stream and accepts an existing one', async () => {
        const stream = `${prefix()}s`;
        const error = await expectCode(store.append(stream, events(1), { expected: 'stream_exists' }), EventStoreErrorCode.ConcurrencyConflict);
        expect((error as WrongExpectedVersionError).actual).toBe(-1);
        expect(await store.readStream(stream)).toEqual([]);
        await store.append(stream, events(1));
        await expect(store.append(stream, events(1), { expected: 'stream_exists' })).resolves.toMatchObject({ nextExpectedVersion: 1 });
      });

      it('an exact version accepts the current version and rejects stale and future ones', async () => {
        const stream = `${prefix()}s`;
        await store.append(stream, events(3));
        for (const wrong of [0, 1, 3, 99]) {
          const error = await expectCode(store.append(stream, events(1), { expected: wrong }), EventStoreErrorCode.ConcurrencyConflict);
          expect((error as WrongExpectedVersionError).actual).toBe(2);
        }
        await expect(store.append(stream, events(2), { expected: 2 })).resolves.toMatchObject({ nextExpectedVersion: 4 });
        expect(await store.readStream(stream)).toHaveLength(5);
      });

      it('an exact version on a stream that does not exist is a conflict', async () => {
        const stream = `${prefix()}s`;
        await expectCode(store.append(stream, events(1), { expected: 0 }), EventStoreErrorCode.ConcurrencyConflict);
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('any accepts a new stream and an existing one', async () => {
        const stream = `${prefix()}s`;
        await expect(store.append(stream, events(1), { expected: 'any' })).resolves.toMatchObject({ nextExpectedVersion: 0 });
        await expect(store.append(stream, events(1))).resolves.toMatchObject({ nextExpectedVersion: 1 });
      });

      it('lets exactly one of many concurrent writers at the same version win', async () => {
        const stream = `${prefix()}s`;
        await store.append(stream, events(1));
        const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => store.append(stream, events(1), { expected: 0 })));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes) {
          if (o.status === 'rejected') expect((o.reason as { code?: string }).code).toBe(EventStoreErrorCode.ConcurrencyConflict);
        }
        expect(await store.readStream(stream)).toHaveLength(2);
      });
    });

    describe('idempotency by event id', () => {
      it('a retried append returns the first result and writes nothing twice', async () => {
        const stream = `${prefix()}s`;
        const batch = events(3);
        const first = await store.append(stream, batch, { expected: 'no_stream' });
        const retry = await store.append(stream, batch, { expected: 'no_stream' });
        expect(retry).toEqual(first);
        await store.append(stream, events(1));
        // Still recognised after the stream moved on.
        await expect(store.append(stream, batch, { expected: 'no_stream' })).resolves.toEqual(first);
        expect(await store.readStream(stream)).toHaveLength(4);
      });

      it('concurrent retries of the same append write it once', async () => {
        const stream = `${prefix()}s`;
        const batch = events(2);
        const results = await Promise.all(Array.from({ length: 6 }, () => store.append(stream, batch)));
        for (const r of results) expect(r).toEqual(results[0]);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('rejects ids already recorded in another stream or as part of another batch', async () => {
        const stream = `${prefix()}s`;
        const batch = events(2);
        await store.append(stream, batch);
        if (harness.uniqueEventIdsAcrossStreams) {
          const error = await expectCode(store.append(`${prefix()}other`, [batch[0]]), EventStoreErrorCode.EventIdConflict);
          expect(error).toBeInstanceOf(EventIdConflictError);
        }
        await expectCode(store.append(stream, [batch[1], newEvent()]), EventStoreErrorCode.EventIdConflict);
        expect(await store.readStream(stream)).toHaveLength(2);
      });
    });

    describe('reading a stream', () => {
      it('reads in stream order, from the middle, forwards and backwards', async () => {
        const stream = `${prefix()}s`;
        await store.append(stream, events(4));
        await store.append(stream, events(3));
        await store.append(stream, events(3));
        const versions = (e: RecordedEvent[]): number[] => e.map((x) => x.streamVersion);
        expect(versions(await store.readStream(stream))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(versions(await store.readStream(stream, { from: 4, maxCount: 3 }))).toEqual([4, 5, 6]);
        expect(versions(await store.readStream(stream, { from: 8 }))).toEqual([8, 9]);
        expect(versions(await store.readStream(stream, { from: 10 }))).toEqual([]);
        expect(versions(await store.readStream(stream, { direction: 'backwards', maxCount: 2 }))).toEqual([9, 8]);
        expect(versions(await store.readStream(stream, { direction: 'backwards', from: 5, maxCount: 3 }))).toEqual([5, 4, 3]);
        expect(versions(await store.readStream(stream, { direction: 'backwards', from: 'start' }))).toEqual([0]);
        expect(versions(await store.readStream(stream, { from: 'end' }))).toEqual([]);
      });

      it('returns nothing for a stream that does not exist', async () => {
        expect(await store.readStream(`${prefix()}missing`)).toEqual([]);
      });
    });

    describe('reading $all', () => {
      it('returns events in append order, resumes after a checkpoint and pages by maxCount', async () => {
        const p = prefix();
        const appended: string[] = [];
        for (let i = 0; i < 7; i++) {
          const batch = events(i % 3 + 1);
          await store.append(`${p}${i % 2}`, batch);
          appended.push(...batch.map((e) => e.eventId));
        }
        const all = await readAllOf(store, p, null, appended.length);
        expect(all.map((e) => e.eventId)).toEqual(appended);

        const firstPage = await store.readAll({ maxCount: 5, filter: { streamPrefixes: [p] } });
        expect(firstPage.events.map((e) => e.eventId)).toEqual(appended.slice(0, 5));
        expect(firstPage.checkpoint).toBe(firstPage.events[4].position);
        const rest = await readAllOf(store, p, firstPage.checkpoint, appended.length - 5);
        expect(rest.map((e) => e.eventId)).toEqual(appended.slice(5));
      });

      it('filters by stream prefix, event type and tenant subtree', async () => {
        const p = prefix();
        const county = { tenantId: '411081', tenantPath: '411000/411081' };
        const township = { tenantId: '411081005', tenantPath: '411000/411081/411081005' };
        const otherCounty = { tenantId: '4110810', tenantPath: '411000/4110810' };
        await store.append(`${p}a`, [newEvent('A', {}, county), newEvent('B', {}, township)]);
        await store.append(`${p}b`, [newEvent('A', {}, otherCounty)]);
        const read = async (filter: EventFilter, expected: number): Promise<string[]> => {
          const events = await readFiltered(store, { streamPrefixes: [p], ...filter }, null, expected);
          return events.map((e) => `${e.streamId.slice(p.length)}:${e.type}:${e.metadata.tenantId}`);
        };
        expect(await read({}, 3)).toEqual(['a:A:411081', 'a:B:411081005', 'b:A:4110810']);
        expect(await read({ eventTypes: ['A'] }, 2)).toEqual(['a:A:411081', 'b:A:4110810']);
        expect(await read({ tenantPath: '411000/411081' }, 2)).toEqual(['a:A:411081', 'a:B:411081005']);
        expect(await read({ tenantPath: '411000/411081/411081005' }, 1)).toEqual(['a:B:411081005']);
        expect(await read({ streamPrefixes: [`${p}b`] }, 1)).toEqual(['b:A:4110810']);
      });

      it('treats LIKE wildcards in a stream prefix literally', async () => {
        const p = prefix();
        await store.append(`${p}a_b%c`, events(1));
        await store.append(`${p}axbyc`, events(1));
        await readAllOf(store, p, null, 2); // both visible to $all before filtering on the wildcard
        const page = await store.readAll({ filter: { streamPrefixes: [`${p}a_b%`] } });
        expect(page.events.map((e) => e.streamId)).toEqual([`${p}a_b%c`]);
      });
    });

    describe('the out-of-order commit race', () => {
      it('a transaction that appended first but commits last is still delivered after the checkpoint', async () => {
        if (!harness.beginTransaction) return concurrentWritersRace(store);
        const p = prefix();
        const a = await harness.beginTransaction();
        const eventA = newEvent('A');
        await a.append(`${p}a`, [eventA]);
        const eventB = newEvent('B');
        await store.append(`${p}b`, [eventB]); // B commits while A is still open

        const seen: string[] = [];
        let checkpoint: Position | null = null;
        const consume = async (): Promise<void> => {
          const page = await store.readAll({ after: checkpoint, filter: { streamPrefixes: [p] } });
          seen.push(...page.events.map((e) => e.eventId));
          checkpoint = page.checkpoint;
        };
        await consume(); // the consumer checkpoints while A is open
        expect(seen).not.toContain(eventA.eventId);
        await a.commit();
        seen.push(...(await readAllOf(store, p, checkpoint, 2 - seen.length)).map((e) => e.eventId));
        expect(seen.sort()).toEqual([eventA.eventId, eventB.eventId].sort());
      }, 30_000);

      it('many random interleavings of transactions and a checkpointing consumer lose and repeat nothing', async () => {
        if (!harness.beginTransaction) return concurrentWritersRace(store);
        const begin = harness.beginTransaction.bind(harness);
        const seed = Number(process.env['CONTRACT_SEED'] ?? Date.now() % 1_000_000);
        const random = seededRandom(seed);
        for (let round = 0; round < 25; round++) {
          const p = prefix();
          const committed = new Set<string>();
          const delivered: string[] = [];
          let checkpoint: Position | null = null;
          // Each transaction writes its own streams: two open transactions on one stream would
          // wait on each other's lock, which is correct behaviour but would stall this test.
          type Tx = { tx: OpenTransaction; ids: string[]; name: number };
          const open: Tx[] = [];
          let started = 0;
          const steps = 40;
          for (let step = 0; step < steps || open.length > 0; step++) {
            const action = step >= steps ? 'finish' : random.pick(['begin', 'append', 'direct', 'commit', 'rollback', 'read'] as const);
            if (action === 'begin' && open.length < 4) {
              open.push({ tx: await begin(), ids: [], name: started });
              started++;
            } else if (action === 'append' && open.length > 0) {
              const t = random.pick(open);
              const batch = events(random.int(3) + 1);
              await t.tx.append(`${p}t${t.name}-${random.int(2)}`, batch);
              t.ids.push(...batch.map((e) => e.eventId));
            } else if (action === 'direct') {
              const batch = events(1);
              await store.append(`${p}d${started}`, batch);
              batch.forEach((e) => committed.add(e.eventId));
            } else if ((action === 'commit' || action === 'finish') && open.length > 0) {
              const t = open.splice(random.int(open.length), 1)[0];
              await t.tx.commit();
              t.ids.forEach((id) => committed.add(id));
            } else if (action === 'rollback' && open.length > 0) {
              const t = open.splice(random.int(open.length), 1)[0];
              await t.tx.rollback();
            } else if (action === 'read') {
              const page = await store.readAll({ after: checkpoint, maxCount: 1 + random.int(4), filter: { streamPrefixes: [p] } });
              delivered.push(...page.events.map((e) => e.eventId));
              checkpoint = page.checkpoint;
            }
          }
          const missing = committed.size - new Set(delivered).size;
          delivered.push(...(await readAllOf(store, p, checkpoint, missing)).map((e) => e.eventId));
          const context = `seed ${seed}, round ${round}`;
          expect({ context, duplicates: delivered.length - new Set(delivered).size }).toEqual({ context, duplicates: 0 });
          expect({ context, delivered: [...delivered].sort() }).toEqual({ context, delivered: [...committed].sort() });
        }
      }, 120_000);
    });

    describe('subscriptions', () => {
      it('catches up, goes live, and resumes from a checkpoint delivering every event exactly once', async () => {
        const p = prefix();
        const filter = { streamPrefixes: [p] };
        const appended: string[] = [];
        const add = async (n: number): Promise<void> => {
          for (let i = 0; i < n; i++) {
            const batch = events(1 + (i % 2));
            await store.append(`${p}${i % 3}`, batch);
            appended.push(...batch.map((e) => e.eventId));
          }
        };
        await add(10);

        const received: RecordedEvent[] = [];
        const first = store.subscribe({ filter, batchSize: 4 });
        for await (const event of first) {
          received.push(event);
          if (received.length === 7) break;
        }
        await first.stop();
        const checkpoint = received[received.length - 1].position;

        await add(5); // appended while nobody listens
        const second = store.subscribe({ after: checkpoint, filter, batchSize: 4 });
        const live = (async () => {
          for await (const event of second) received.push(event);
        })();
        await new Promise((r) => setTimeout(r, 50));
        await add(5); // live events
        const deadline = Date.now() + 15_000;
        while (received.length < appended.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        await second.stop();
        await live;
        expect(received.map((e) => e.eventId)).toEqual(appended);
      }, 30_000);

      it('stops cleanly while waiting for live events', async () => {
        const subscription = store.subscribe({ filter: { streamPrefixes: [prefix()] } });
        const done = (async () => {
          let count = 0;
          for await (const _event of subscription) count++;
          return count;
        })();
        await new Promise((r) => setTimeout(r, 50));
        await subscription.stop();
        await expect(done).resolves.toBe(0);
      });
    });

    describe('payloads', () => {
      it('keeps large payloads and Chinese text exactly', async () => {
        const stream = `${prefix()}禹州市-褚河街道-整改台账`;
        const big = '对照排查发现问题：住房安全保障不到位，需整改。'.repeat(40_000); // about 3.4 MB in UTF-8
        const data = {
          description: big,
          measures: ['逐村逐项逐条排查', '立行立改 ✅', '𠮷野家'],
          nested: { 责任单位: '市住建局', 金额: 600.5, 负数: -3, 空: null, 真: true },
        };
        const meta = { ...TENANT, actor: '张三', reason: '举一反三 🔁' };
        await store.append(stream, [newEvent('问题已记录', data, meta)]);
        const [read] = await store.readStream(stream);
        expect(read.streamId).toBe(stream);
        expect(read.type).toBe('问题已记录');
        expect(read.data).toEqual(data);
        expect(read.metadata).toEqual(meta);
      });
    });

    describe('bad input', () => {
      const ok = (): NewEvent[] => events(1);
      const cases: [string, () => [unknown, unknown, unknown]][] = [
        ['an empty stream id', () => ['', ok(), undefined]],
        ['a blank stream id', () => ['   ', ok(), undefined]],
        ['a stream id that is not a string', () => [42, ok(), undefined]],
        ['a negative expected version', () => [`${prefix()}s`, ok(), -1]],
        ['a fractional expected version', () => [`${prefix()}s`, ok(), 1.5]],
        ['an unknown expected mode', () => [`${prefix()}s`, ok(), 'sometimes']],
        ['no events', () => [`${prefix()}s`, [], undefined]],
        ['a function in the data', () => [`${prefix()}s`, [newEvent('T', { f: (() => 1) as unknown as string })], undefined]],
        ['a bigint in the data', () => [`${prefix()}s`, [newEvent('T', { n: 1n as unknown as number })], undefined]],
        ['NaN in the data', () => [`${prefix()}s`, [newEvent('T', { n: Number.NaN })], undefined]],
        ['a Date in the data', () => [`${prefix()}s`, [newEvent('T', { at: new Date() as unknown as string })], undefined]],
        ['a NUL character in the data', () => [`${prefix()}s`, [newEvent('T', { s: 'a\u0000' })], undefined]],
        ['a lone surrogate in the data', () => [`${prefix()}s`, [newEvent('T', { s: '\ud83d' })], undefined]],
        ['an event id that is not a UUID', () => [`${prefix()}s`, [{ ...newEvent(), eventId: 'not-a-uuid' }], undefined]],
        ['an empty event type', () => [`${prefix()}s`, [newEvent('')], undefined]],
        ['a schema version of 0', () => [`${prefix()}s`, [{ ...newEvent(), schemaVersion: 0 }], undefined]],
        ['an event without a tenant', () => [`${prefix()}s`, [{ ...newEvent(), metadata: { actor: 'x' } }], undefined]],
        ['a malformed tenant path', () => [`${prefix()}s`, [newEvent('T', {}, { tenantId: 'x', tenantPath: '411000//1' })], undefined]],
        ['the same event id twice in one batch', () => {
          const e = newEvent();
          return [`${prefix()}s`, [e, e], undefined];
        }],
      ];

      it.each(cases)('rejects %s with a clear, stable error and writes nothing', async (_label, make) => {
        const [streamId, batch, expected] = make();
        const error = await expectCode(
          store.append(streamId as string, batch as NewEvent[], { expected: expected as number }),
          EventStoreErrorCode.InvalidArgument,
        );
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect((error as Error).message).toMatch(/参数无效/);
        if (typeof streamId === 'string' && streamId.trim() !== '') expect(await store.readStream(streamId)).toEqual([]);
      });

      it('rejects a batch whose third event is bad without writing the first two', async () => {
        const stream = `${prefix()}s`;
        const batch = [newEvent(), newEvent(), newEvent('T', { bad: undefined as unknown as string, f: Symbol('x') as unknown as string })];
        await expectCode(store.append(stream, batch), EventStoreErrorCode.InvalidArgument);
        expect(await store.readStream(stream)).toEqual([]);
        await expect(store.append(stream, batch.slice(0, 2), { expected: 'no_stream' })).resolves.toMatchObject({ nextExpectedVersion: 1 });
      });

      it.each([
        ['a malformed checkpoint', { after: 'yesterday' }],
        ['a zero maxCount', { maxCount: 0 }],
        ['an empty type filter', { filter: { eventTypes: [] } }],
        ['a malformed tenant filter', { filter: { tenantPath: '../411000' } }],
      ])('readAll rejects %s', async (_label, options) => {
        await expectCode(store.readAll(options as never), EventStoreErrorCode.InvalidArgument);
      });

      it.each([
        ['a negative start', { from: -1 }],
        ['an unknown direction', { direction: 'sideways' }],
        ['a zero maxCount', { maxCount: 0 }],
      ])('readStream rejects %s', async (_label, options) => {
        await expectCode(store.readStream(`${prefix()}s`, options as never), EventStoreErrorCode.InvalidArgument);
      });

      it('subscribe rejects a malformed checkpoint at once', () => {
        expect(() => store.subscribe({ after: 'nope' as Position })).toThrow(InvalidArgumentError);
      });
    });

    describe('tamper evidence', () => {
      it('chains every event of a stream with SM3 from the first event on', async () => {
        if (!harness.keepsHashChain) return;
        const stream = `${prefix()}chain`;
        await store.append(stream, events(3));
        await store.append(stream, [newEvent('整改结果已提交', { result: '已拆除危房并重建，附照片 3 张' })]);
        const read = await store.readStream(stream);
        expect(read.every((e) => typeof e.hash === 'string' && e.hash.length === 64)).toBe(true);
        expect(findChainBreak(read)).toBeNull();
        const forged = read.map((e, i) => (i === 2 ? { ...e, data: { i: 99 } } : e));
        expect(findChainBreak(forged)).toMatchObject({ streamVersion: 2, reason: 'hash_mismatch' });
      });

      it('orders a stream by version even when a later event was tampered out', async () => {
        if (!harness.keepsHashChain) return;
        const stream = `${prefix()}chain`;
        await store.append(stream, events(4));
        const read = await store.readStream(stream);
        expect(findChainBreak([read[0], read[1], read[3]])).toMatchObject({ streamVersion: 3, reason: 'version_gap' });
      });
    });
  });
}

/**
 * For adapters without caller transactions: many writers append concurrently while a consumer
 * checkpoints through `$all`; it must see every event exactly once.
 */
async function concurrentWritersRace(store: EventStore): Promise<void> {
  const p = prefix();
  const appended: string[] = [];
  const delivered: string[] = [];
  let checkpoint: Position | null = null;
  let writing = true;
  const writers = Array.from({ length: 8 }, async (_, w) => {
    for (let i = 0; i < 25; i++) {
      const batch = events(1 + (i % 3));
      await store.append(`${p}${w}-${i % 4}`, batch);
      appended.push(...batch.map((e) => e.eventId));
    }
  });
  const consumer = (async () => {
    while (writing) {
      const page = await store.readAll({ after: checkpoint, maxCount: 7, filter: { streamPrefixes: [p] } });
      delivered.push(...page.events.map((e) => e.eventId));
      checkpoint = page.checkpoint;
    }
  })();
  await Promise.all(writers);
  writing = false;
  await consumer;
  delivered.push(...(await readAllOf(store, p, checkpoint, appended.length - delivered.length)).map((e) => e.eventId));
  expect(delivered.length).toBe(new Set(delivered).size);
  expect([...delivered].sort()).toEqual([...appended].sort());
}
