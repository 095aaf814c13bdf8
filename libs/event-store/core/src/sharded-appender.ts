import type { EventStore, ExpectedVersion, NewEvent } from './types';

/** One append of a bulk load: a stream, the version it must be at, and its events. */
export interface BulkAppend {
  readonly streamId: string;
  readonly expectedVersion: ExpectedVersion;
  readonly events: readonly NewEvent[];
}

function shardOf(streamId: string, shards: number): number {
  let h = 2166136261; // FNV-1a
  for (let i = 0; i < streamId.length; i++) h = Math.imul(h ^ streamId.charCodeAt(i), 16777619);
  return (h >>> 0) % shards;
}

/**
 * Appends a long, lazily produced sequence of appends with several concurrent writers while keeping
 * each stream's appends in order: a stream always goes to the same writer. `push` waits while too
 * much is queued, so a generator feeding it never runs ahead of the database. The first failure
 * stops every writer and is thrown by the next `push` or by `close`.
 */
export class ShardedAppender {
  private readonly queues: BulkAppend[][];
  private readonly wakers: ((() => void) | null)[];
  private readonly workers: Promise<void>[];
  private queued = 0;
  private closed = false;
  private failure: unknown = null;
  private drained: (() => void) | null = null;
  events = 0;
  appends = 0;

  constructor(
    private readonly store: EventStore,
    writers: number,
    private readonly highWater = 4_096,
  ) {
    this.queues = Array.from({ length: writers }, () => []);
    this.wakers = Array.from({ length: writers }, () => null);
    this.workers = this.queues.map((_, i) => this.work(i));
  }

  async push(append: BulkAppend): Promise<void> {
    if (this.failure !== null) throw this.failure;
    const shard = shardOf(append.streamId, this.queues.length);
    this.queues[shard].push(append);
    this.queued += 1;
    this.wakers[shard]?.();
    if (this.queued >= this.highWater) await new Promise<void>((resolve) => (this.drained = resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakers.forEach((wake) => wake?.());
    await Promise.all(this.workers);
    if (this.failure !== null) throw this.failure;
  }

  private async work(shard: number): Promise<void> {
    const queue = this.queues[shard];
    for (;;) {
      const append = queue.shift();
      if (append === undefined) {
        if (this.closed || this.failure !== null) return;
        await new Promise<void>((resolve) => (this.wakers[shard] = resolve));
        this.wakers[shard] = null;
        continue;
      }
      try {
        await this.store.append(append.streamId, append.events, { expected: append.expectedVersion });
      } catch (error) {
        this.failure ??= new Error(`append to ${append.streamId} failed: ${error instanceof Error ? error.message : String(error)}`);
        this.drained?.();
        return;
      }
      this.events += append.events.length;
      this.appends += 1;
      this.queued -= 1;
      if (this.queued < this.highWater / 2 && this.drained) {
        const resolve = this.drained;
        this.drained = null;
        resolve();
      }
    }
  }
}
