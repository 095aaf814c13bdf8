import type { JsonValue } from '@rectify/shared-util';

/**
 * The event store port. Its semantics follow EventStoreDB's so that both adapters fit:
 * stream versions start at 0, `expected` is one of the modes below, and `$all` is read in an
 * order that is safe for consumers that checkpoint.
 */

/** What the stream must look like for an append to be accepted. */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

export const ANY: ExpectedVersion = 'any';
export const NO_STREAM: ExpectedVersion = 'no_stream';
export const STREAM_EXISTS: ExpectedVersion = 'stream_exists';

/**
 * An opaque, totally ordered position in the global log. Consumers store it as a checkpoint and
 * hand it back; they never parse it. Each adapter has its own format.
 */
export type Position = string & { readonly __brand: 'Position' };

export interface EventMetadata {
  /** The tenant the event belongs to. */
  readonly tenantId: string;
  /** The tenant's path of administrative codes, e.g. `411000/411081/411081005`. */
  readonly tenantPath: string;
  /** Who caused the change (a user id, or a worker's name). */
  readonly actor?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly [key: string]: JsonValue | undefined;
}

/** An event to append. `eventId` (a UUID) makes a retried append idempotent. */
export interface NewEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonValue;
  readonly metadata: EventMetadata;
}

/** An event as the store recorded it. */
export interface RecordedEvent {
  readonly eventId: string;
  readonly streamId: string;
  /** 0 for a stream's first event. */
  readonly streamVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonValue;
  readonly metadata: EventMetadata;
  /** Set by the store when it recorded the event (millisecond precision). */
  readonly recordedAt: Date;
  readonly position: Position;
  /** The tamper-evidence hash chain link (hex), where the adapter keeps one. */
  readonly hash?: string;
}

export interface AppendOptions {
  /** Defaults to `any`. */
  readonly expected?: ExpectedVersion;
}

export interface AppendResult {
  /** The stream version of the last event written: the `expected` for the next append. */
  readonly nextExpectedVersion: number;
  /** The global position of the last event written. */
  readonly position: Position;
}

export interface ReadStreamOptions {
  /** Inclusive start version. Defaults to 0 forwards, to the stream's end backwards. */
  readonly from?: number | 'start' | 'end';
  readonly maxCount?: number;
  readonly direction?: 'forwards' | 'backwards';
}

export interface EventFilter {
  /** Only events whose stream id starts with one of these. */
  readonly streamPrefixes?: readonly string[];
  /** Only events of these types. */
  readonly eventTypes?: readonly string[];
  /** Only events of this tenant or below it (path prefix on `/` boundaries). */
  readonly tenantPath?: string;
}

export interface ReadAllOptions {
  /** Read the events after this checkpoint; from the start when absent. */
  readonly after?: Position | null;
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface ReadAllResult {
  readonly events: RecordedEvent[];
  /** The position to hand back as `after` to continue; `after` again when nothing was read. */
  readonly checkpoint: Position | null;
}

export interface SubscribeOptions {
  readonly after?: Position | null;
  readonly filter?: EventFilter;
  /** Events fetched per read while catching up. */
  readonly batchSize?: number;
}

/**
 * A catch-up subscription: it delivers every matching event after the checkpoint, in the global
 * order, then goes on with live events. Iterate it with `for await`; `stop()` ends the iteration.
 * Restarting from the position of the last processed event delivers every later event exactly once.
 */
export interface EventSubscription extends AsyncIterable<RecordedEvent> {
  stop(): Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /** The stream's events in stream order; an empty array for a stream that does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;
  subscribe(options?: SubscribeOptions): EventSubscription;
  close(): Promise<void>;
}
