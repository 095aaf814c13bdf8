import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendResult as EsdbAppendResult,
  type AppendToStreamOptions,
  type EventData,
  type ReadAllOptions as EsdbReadAllOptions,
  type ReadRevision,
  type ReadStreamOptions as EsdbReadStreamOptions,
  type ResolvedEvent,
  type SubscribeToAllOptions,
} from '@eventstore/db-client';
import type { ReadableOptions } from 'node:stream';
import {
  EventIdConflictError,
  InvalidArgumentError,
  WrongExpectedVersionError,
  prepareAppend,
  validateFilter,
  validateReadAll,
  validateReadStream,
  validateStreamId,
  type AppendOptions,
  type AppendResult,
  type EventFilter,
  type EventStore,
  type EventSubscription,
  type NewEvent,
  type PreparedAppend,
  type ReadAllOptions,
  type ReadAllResult,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
} from '@rectify/event-store-core';
import { selectEvent, selectPage, serverFilterFor } from './all-filter';
import { positionOf, toEventData, toRecordedEvent } from './event-mapping';
import { mapError } from './eventstoredb-errors';
import { EventStoreDbSubscription, type SubscriptionSource } from './eventstoredb-subscription';
import { toActualVersion, toExpectedRevision } from './expected-revision';
import { classifyRetry, mergeByVersion } from './idempotence';
import { decodePosition } from './position';

/** The client calls this adapter makes; an `EventStoreDBClient` is one (and a test fake can be). */
export interface EventStoreDbClientLike {
  appendToStream(streamName: string, events: EventData[], options: AppendToStreamOptions): Promise<EsdbAppendResult>;
  readStream(streamName: string, options: EsdbReadStreamOptions): AsyncIterable<ResolvedEvent>;
  readAll(options: EsdbReadAllOptions): AsyncIterable<AllStreamResolvedEvent>;
  subscribeToAll(options: SubscribeToAllOptions, readableOptions: ReadableOptions): SubscriptionSource<AllStreamResolvedEvent>;
  dispose(): Promise<void>;
}

export interface EventStoreDbEventStoreOptions {
  readonly client: EventStoreDbClientLike;
  /** Whether close() disposes the client. */
  readonly ownsClient?: boolean;
  /** How many events of a stream's tail a refused append searches for its event ids. */
  readonly conflictWindow?: number;
}

export interface EventStoreDbConnectOptions {
  /** e.g. `esdb://localhost:2113?tls=false`. */
  readonly connectionString: string;
}

/** Events read from `$all` per round trip while scanning for the ones a page keeps. */
const SCAN_MIN = 256;
const SCAN_MAX = 4_096;

/**
 * The EventStoreDB adapter of the event store port, over the gRPC client.
 *
 * - Event ids are EventStoreDB event ids, so the server's own idempotence answers retries; when
 *   it refuses one anyway (a late retry, a partial overlap) the adapter reads the stream and tells
 *   a retry from an event-id conflict from a concurrency conflict (`classifyRetry`).
 * - `readAll` filters on the client: this client's `readAll` takes no server-side filter.
 *   Subscriptions filter on the server by stream prefix or event type, and on the client too.
 * - No SM3 hash chain: EventStoreDB cannot compute one inside the append, and a chain computed by
 *   the client would race concurrent writers. Recorded events carry no `hash`.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDbClientLike;
  private readonly subscriptions = new Set<EventStoreDbSubscription<AllStreamResolvedEvent>>();

  constructor(private readonly options: EventStoreDbEventStoreOptions) {
    this.client = options.client;
  }

  /** A store on its own client; close() disposes it. */
  static connect(options: EventStoreDbConnectOptions): EventStoreDbEventStore {
    let client: EventStoreDbClientLike;
    try {
      client = EventStoreDBClient.connectionString(options.connectionString);
    } catch (error) {
      throw new InvalidArgumentError('connectionString', error instanceof Error ? error.message : String(error));
    }
    return new EventStoreDbEventStore({ client, ownsClient: true });
  }

  async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    const prepared = prepareAppend(streamId, events, options?.expected);
    const data = prepared.events.map((e, i) => toEventData(e, `events[${i}]`));
    let result: EsdbAppendResult;
    try {
      result = await this.client.appendToStream(prepared.streamId, data, {
        expectedRevision: toExpectedRevision(prepared.expected),
      });
    } catch (error) {
      if (error instanceof EsdbWrongExpectedVersionError) {
        return this.resolveRefusal(prepared, toActualVersion(error.actualVersion));
      }
      throw mapError(error);
    }
    // Only with `throwOnAppendFailure=false` in the connection string; its revision is unreliable.
    if (!result.success) return this.resolveRefusal(prepared, null);
    return this.confirm(prepared, result);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    validateStreamId(streamId);
    const { direction, from, maxCount } = validateReadStream(options);
    if (from === 'end' && direction === 'forwards') return []; // nothing comes after the end
    let fromRevision: ReadRevision;
    if (typeof from === 'number') fromRevision = BigInt(from);
    else if (from === 'start') fromRevision = direction === 'forwards' ? START : 0n;
    else fromRevision = END;
    return this.readRaw(streamId, fromRevision, direction === 'forwards' ? FORWARDS : BACKWARDS, maxCount, toRecordedEvent);
  }

  async readAll(options?: ReadAllOptions): Promise<ReadAllResult> {
    const { maxCount, filter } = validateReadAll(options);
    const after = options?.after ?? null;
    const floor = after === null ? null : decodePosition(after);
    const events: RecordedEvent[] = [];
    const scan = Math.min(Math.max(maxCount + 1, SCAN_MIN), SCAN_MAX);
    let from = floor;
    try {
      for (;;) {
        const batch = await collect(this.client.readAll({ fromPosition: from ?? START, maxCount: scan, direction: FORWARDS, resolveLinkTos: false }));
        const page = selectPage(batch, from, filter, maxCount - events.length);
        events.push(...page.events);
        if (events.length >= maxCount || batch.length < scan || page.lastScanned === null) break;
        from = page.lastScanned;
      }
    } catch (error) {
      throw mapError(error);
    }
    return { events, checkpoint: events.length > 0 ? events[events.length - 1].position : after };
  }

  subscribe(options?: SubscribeOptions): EventSubscription {
    const after = options?.after ?? null;
    const floor = after === null ? null : decodePosition(after);
    const filter: EventFilter = validateFilter(options?.filter);
    const batchSize = validateReadAll({ maxCount: options?.batchSize ?? 500 }).maxCount;
    const subscription = new EventStoreDbSubscription<AllStreamResolvedEvent>(
      () =>
        this.client.subscribeToAll(
          { fromPosition: floor ?? START, filter: serverFilterFor(filter), resolveLinkTos: false },
          // The server streams; batchSize bounds how many events the client buffers.
          { highWaterMark: batchSize },
        ),
      (resolved) => selectEvent(resolved, floor, filter),
      (s) => this.subscriptions.delete(s),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.subscriptions.clear();
    if (this.options.ownsClient) await this.client.dispose();
  }

  /** The result of an accepted append, with the position `$all` reports for its last event. */
  private async confirm(prepared: PreparedAppend, result: EsdbAppendResult): Promise<AppendResult> {
    const lastId = prepared.events[prepared.events.length - 1].eventId;
    const [last] = await this.readIds(prepared.streamId, result.nextExpectedRevision, FORWARDS, 1);
    if (last?.eventId === lastId) return { nextExpectedVersion: last.streamVersion, position: last.position };
    // Accepted, yet another event sits at the revision it reported: let the stream decide.
    return this.resolveRefusal(prepared, null);
  }

  /**
   * EventStoreDB refused the append as a wrong expected version. Look at where the batch would
   * be (right after the expected version) and at the stream's tail for its event ids.
   */
  private async resolveRefusal(prepared: PreparedAppend, actual: number | null): Promise<AppendResult> {
    const ids = prepared.events.map((e) => e.eventId);
    const window = ids.length + (this.options.conflictWindow ?? 256);
    const tail = (await this.readIds(prepared.streamId, END, BACKWARDS, window)).reverse();
    const expected = prepared.expected;
    const slotStart = expected === 'no_stream' ? 0 : typeof expected === 'number' ? expected + 1 : null;
    const slot = slotStart === null ? [] : await this.readIds(prepared.streamId, BigInt(slotStart), FORWARDS, ids.length);
    const verdict = classifyRetry(ids, mergeByVersion(slot, tail));
    switch (verdict.kind) {
      case 'retry':
        return { nextExpectedVersion: verdict.nextExpectedVersion, position: verdict.position };
      case 'conflict':
        throw new EventIdConflictError(prepared.streamId, verdict.eventIds);
      case 'absent':
        throw new WrongExpectedVersionError(prepared.streamId, expected, actual ?? (tail.length > 0 ? tail[tail.length - 1].streamVersion : -1));
    }
  }

  private readIds(streamId: string, fromRevision: ReadRevision, direction: typeof FORWARDS | typeof BACKWARDS, maxCount: number) {
    return this.readRaw(streamId, fromRevision, direction, maxCount, (event) => ({
      eventId: event.id.toLowerCase(),
      streamVersion: Number(event.revision),
      position: positionOf(event),
    }));
  }

  private async readRaw<T>(
    streamId: string,
    fromRevision: ReadRevision,
    direction: typeof FORWARDS | typeof BACKWARDS,
    maxCount: number,
    map: (event: NonNullable<ResolvedEvent['event']>) => T | null,
  ): Promise<T[]> {
    try {
      const out: T[] = [];
      for await (const resolved of this.client.readStream(streamId, { fromRevision, direction, maxCount: BigInt(maxCount), resolveLinkTos: false })) {
        const mapped = resolved.event === undefined ? null : map(resolved.event);
        if (mapped !== null) out.push(mapped);
      }
      return out;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw mapError(error);
    }
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

