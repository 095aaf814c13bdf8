import {
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult,
  type AppendToStreamOptions,
  type EventData,
  type Position as EsdbPosition,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent as EsdbRecordedEvent,
  type ResolvedEvent,
  type SubscribeToAllOptions,
} from '@eventstore/db-client';
import {
  EventIdConflictError,
  InvalidArgumentError,
  WrongExpectedVersionError,
  type Position,
  type RecordedEvent,
} from '@rectify/event-store-core';
import { newEvent } from '@rectify/event-store-core/testing';
import { EventStoreDbEventStore, type EventStoreDbClientLike } from './eventstoredb-event-store';
import type { SubscriptionSource } from './eventstoredb-subscription';

/**
 * An in-memory stand-in for the gRPC client, written to what this adapter assumes EventStoreDB
 * does (the real server is checked by the int-spec only): `$all` reads start at the given
 * position inclusive; an append reports (last event, first event) as its position and no
 * position for an idempotent retry; a retry is recognised at the same expected revision, or for
 * `any` when the first id is remembered for that stream; a partial match is a wrong expected
 * version; ids are not checked across streams. The fake also writes system events.
 */
class FakeEventStoreDb implements EventStoreDbClientLike {
  readonly log: EsdbRecordedEvent[] = [];
  private readonly listeners = new Set<() => void>();
  private logPosition = 0n;

  async appendToStream(streamName: string, events: EventData[], options: AppendToStreamOptions): Promise<AppendResult> {
    const stream = this.log.filter((e) => e.streamId === streamName);
    const current = stream.length - 1;
    const expected = options.expectedRevision ?? 'any';
    const ids = events.map((e) => e.id);
    const refuse = (): never => {
      throw new EsdbWrongExpectedVersionError(undefined, { streamName, expected, current: current < 0 ? NO_STREAM : BigInt(current) });
    };
    const retryAt = (start: number): AppendResult | null => {
      if (stream[start]?.id !== ids[0]) return null;
      if (!ids.every((id, i) => stream[start + i]?.id === id)) refuse();
      return { success: true, nextExpectedRevision: BigInt(start + ids.length - 1) };
    };
    const slot = expectedSlot(expected);
    if (slot !== null && current !== slot - 1) {
      if (slot <= current) return retryAt(slot) ?? refuse();
      refuse();
    }
    if (expected === 'stream_exists' && current < 0) refuse();
    if (slot === null) {
      const start = stream.findIndex((e) => e.id === ids[0]);
      if (start >= 0) return retryAt(start) ?? refuse();
    }
    this.write('$stats-fake', '$statsCollected', current + 1);
    let first: bigint | null = null;
    let last = 0n;
    for (const [i, e] of events.entries()) {
      last = this.write(streamName, e.type, current + 1 + i, e);
      first ??= last;
    }
    this.listeners.forEach((l) => l());
    return { success: true, nextExpectedRevision: BigInt(current + events.length), position: { commit: last, prepare: first ?? last } };
  }

  async *readStream(streamName: string, options: ReadStreamOptions): AsyncIterable<ResolvedEvent> {
    const stream = this.log.filter((e) => e.streamId === streamName);
    if (stream.length === 0) throw new StreamNotFoundError(undefined, streamName);
    const count = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromRevision ?? 'start';
    if (options.direction === 'backwards') {
      const top = from === 'end' ? stream.length - 1 : Math.min(from === 'start' ? 0 : Number(from), stream.length - 1);
      for (let i = top; i >= 0 && top - i < count; i--) yield { event: stream[i] };
    } else {
      const start = from === 'start' ? 0 : from === 'end' ? stream.length : Number(from);
      for (const event of stream.slice(start, start + count)) yield { event };
    }
  }

  async *readAll(options: ReadAllOptions): AsyncIterable<AllStreamResolvedEvent> {
    const from = options.fromPosition ?? 'start';
    const start = from === 'start' ? 0 : from === 'end' ? this.log.length : this.log.findIndex((e) => position(e).commit >= from.commit);
    const count = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    for (const event of this.log.slice(start < 0 ? this.log.length : start, (start < 0 ? this.log.length : start) + count)) {
      yield { event: { ...event, position: position(event) } };
    }
  }

  subscribeToAll(options: SubscribeToAllOptions): SubscriptionSource<AllStreamResolvedEvent> {
    const { listeners, log } = this;
    const from = options.fromPosition ?? 'start';
    const filter = options.filter;
    const passes = (e: EsdbRecordedEvent): boolean => {
      if (!filter) return true;
      const subject = filter.filterOn === 'streamName' ? e.streamId : e.type;
      return 'prefixes' in filter ? filter.prefixes.some((p) => subject.startsWith(p)) : new RegExp(filter.regex).test(subject);
    };
    let wake: (() => void) | null = null;
    const listener = (): void => wake?.();
    let closed = false;
    return {
      async unsubscribe() {
        closed = true;
        listeners.delete(listener);
        wake?.();
      },
      async *[Symbol.asyncIterator]() {
        listeners.add(listener);
        let next = from === 'start' ? 0 : from === 'end' ? log.length : log.findIndex((e) => position(e).commit >= from.commit);
        if (next < 0) next = log.length;
        while (!closed) {
          while (next < log.length) {
            const event = log[next++];
            if (passes(event)) yield { event: { ...event, position: position(event) } };
          }
          await new Promise<void>((resolve) => (wake = resolve));
        }
      },
    };
  }

  async dispose(): Promise<void> {
    this.listeners.clear();
  }

  private write(streamId: string, type: string, revision: number, data?: EventData): bigint {
    this.logPosition += 100n;
    this.log.push({
      streamId,
      id: data?.id ?? `00000000-0000-4000-8000-${String(this.logPosition).padStart(12, '0')}`,
      isJson: true,
      revision: BigInt(revision),
      type,
      created: new Date(),
      data: JSON.parse(JSON.stringify(data?.data ?? {})),
      metadata: data?.metadata === undefined ? undefined : JSON.parse(JSON.stringify(data.metadata)),
      position: { commit: this.logPosition, prepare: this.logPosition },
    } as EsdbRecordedEvent);
    return this.logPosition;
  }
}

function expectedSlot(expected: AppendExpectedRevision): number | null {
  if (expected === 'no_stream') return 0;
  return typeof expected === 'bigint' ? Number(expected) + 1 : null;
}

function position(event: EsdbRecordedEvent): EsdbPosition {
  if (!event.position) throw new Error('the fake always records positions');
  return event.position;
}

const ids = (events: readonly RecordedEvent[]): string[] => events.map((e) => e.eventId);

describe('EventStoreDbEventStore against an in-memory fake of the client', () => {
  let fake: FakeEventStoreDb;
  let store: EventStoreDbEventStore;

  beforeEach(() => {
    fake = new FakeEventStoreDb();
    store = new EventStoreDbEventStore({ client: fake });
  });

  it('returns the position $all reports for the last event of a batch, not the one the append reports', async () => {
    const batch = [newEvent('A'), newEvent('B'), newEvent('C')];
    const result = await store.append('s-1', batch, { expected: 'no_stream' });
    const all = await store.readAll();
    expect(result).toEqual({ nextExpectedVersion: 2, position: all.events[2].position });
    expect(ids(all.events)).toEqual(batch.map((e) => e.eventId));
  });

  it('maps wrong expected versions with the actual version, -1 for a missing stream', async () => {
    await expect(store.append('s-1', [newEvent()], { expected: 'stream_exists' })).rejects.toMatchObject({ actual: -1 });
    await store.append('s-1', [newEvent(), newEvent()]);
    const error = await store.append('s-1', [newEvent()], { expected: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ expected: 0, actual: 1 });
  });

  it('answers a retry with the first result, also after the stream moved on', async () => {
    const batch = [newEvent(), newEvent()];
    const first = await store.append('s-1', batch, { expected: 'no_stream' });
    await store.append('s-1', [newEvent()]);
    await expect(store.append('s-1', batch, { expected: 'no_stream' })).resolves.toEqual(first);
    await expect(store.append('s-1', batch)).resolves.toEqual(first);
    expect(await store.readStream('s-1')).toHaveLength(3);
  });

  it('resolves a refused append from the stream: the same batch in order is a retry, reordered it is a conflict', async () => {
    const batch = [newEvent(), newEvent()];
    await store.append('s-1', [newEvent()]);
    const first = await store.append('s-1', batch, { expected: 'stream_exists' });
    await store.append('s-1', [newEvent()]);
    const refusals = jest.spyOn(fake, 'appendToStream');
    // Expected 2 puts the batch at 3, where the server finds another event: it refuses, and the
    // adapter finds the batch at 1-2 in the stream's tail.
    await expect(store.append('s-1', batch, { expected: 2 })).resolves.toEqual(first);
    await expect(store.append('s-1', [batch[1], batch[0]], { expected: 5 })).rejects.toBeInstanceOf(EventIdConflictError);
    await expect(store.append('s-1', [newEvent()], { expected: 1 })).rejects.toMatchObject({ actual: 3 });
    expect(refusals).toHaveBeenCalledTimes(3);
    expect(await store.readStream('s-1')).toHaveLength(4);
  });

  it('turns a partial overlap into an event-id conflict and writes nothing', async () => {
    const batch = [newEvent(), newEvent()];
    await store.append('s-1', batch);
    const error = await store.append('s-1', [batch[1], newEvent()]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventIdConflictError);
    expect(error).toMatchObject({ eventIds: [batch[1].eventId] });
    expect(await store.readStream('s-1')).toHaveLength(2);
  });

  it('validates before anything reaches the server', async () => {
    const append = jest.spyOn(fake, 'appendToStream');
    await expect(store.append('', [newEvent()])).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(store.append('s', [{ ...newEvent(), schemaVersion: 0 }])).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(store.append('s', [newEvent('T', {}, { tenantId: 'x', tenantPath: 'x', $schemaVersion: 2 })])).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(append).not.toHaveBeenCalled();
  });

  it('reads a stream forwards, backwards, from the middle and past either end', async () => {
    await store.append('s-1', Array.from({ length: 10 }, () => newEvent()));
    const v = async (options: object): Promise<number[]> => (await store.readStream('s-1', options)).map((e) => e.streamVersion);
    expect(await v({})).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await v({ from: 4, maxCount: 3 })).toEqual([4, 5, 6]);
    expect(await v({ from: 10 })).toEqual([]);
    expect(await v({ direction: 'backwards', maxCount: 2 })).toEqual([9, 8]);
    expect(await v({ direction: 'backwards', from: 5, maxCount: 3 })).toEqual([5, 4, 3]);
    expect(await v({ direction: 'backwards', from: 'start' })).toEqual([0]);
    expect(await v({ from: 'end' })).toEqual([]);
    expect(await store.readStream('missing')).toEqual([]);
  });

  it('pages $all exclusively after the checkpoint, across scan batches, skipping system events', async () => {
    const written: string[] = [];
    for (let i = 0; i < 300; i++) {
      const batch = [newEvent(i % 3 === 0 ? 'Wanted' : 'Other')];
      await store.append(`p-${i % 7}`, batch);
      if (i % 3 === 0) written.push(batch[0].eventId);
    }
    await store.append('q-1', [newEvent('Wanted')]);
    const seen: string[] = [];
    let checkpoint: Position | null = null;
    for (;;) {
      const page = await store.readAll({ after: checkpoint, maxCount: 7, filter: { streamPrefixes: ['p-'], eventTypes: ['Wanted'] } });
      if (page.events.length === 0) {
        expect(page.checkpoint).toBe(checkpoint);
        break;
      }
      expect(page.checkpoint).toBe(page.events[page.events.length - 1].position);
      seen.push(...ids(page.events));
      checkpoint = page.checkpoint;
    }
    expect(seen).toEqual(written);
  });

  it('rejects a malformed checkpoint in readAll and subscribe', async () => {
    await expect(store.readAll({ after: '123-456' as Position })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(() => store.subscribe({ after: 'nope' as Position })).toThrow(InvalidArgumentError);
  });

  it('subscribes: catches up, goes live, resumes exclusively after a checkpoint, and stops on close()', async () => {
    const appended: string[] = [];
    const add = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) {
        const batch = [newEvent()];
        await store.append(`sub-${i % 2}`, batch);
        await store.append('other-1', [newEvent()]);
        appended.push(batch[0].eventId);
      }
    };
    await add(5);
    const received: RecordedEvent[] = [];
    const first = store.subscribe({ filter: { streamPrefixes: ['sub-'] } });
    for await (const e of first) {
      received.push(e);
      if (received.length === 3) break;
    }
    const second = store.subscribe({ after: received[2].position, filter: { streamPrefixes: ['sub-'], tenantPath: '411000' } });
    const live = (async () => {
      for await (const e of second) received.push(e);
    })();
    await add(4);
    const deadline = Date.now() + 2_000;
    while (received.length < appended.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await store.close();
    await live;
    expect(ids(received)).toEqual(appended);
  });
});
