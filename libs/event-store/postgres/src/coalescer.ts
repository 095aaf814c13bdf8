import type { AppendResult, PreparedAppend, RecordedEvent } from '@rectify/event-store-core';

export interface CoalescerOptions {
  /** Batches in flight at once (each holds one connection). */
  readonly concurrency: number;
  /** At most this many requests … */
  readonly maxItems: number;
  /** … and this much weight (events) per batch; one request heavier than that still goes alone. */
  readonly maxWeight: number;
}

/** The outcome of one request of a batch, in the batch's order. */
export type Settled<R> = { readonly ok: true; readonly result: R } | { readonly ok: false; readonly error: unknown };

interface Pending<I, R> {
  readonly item: I;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

export interface CoalescerStats {
  batches: number;
  items: number;
  largestBatch: number;
  failedBatches: number;
}

/**
 * Natural batching on the client side. A request goes out at once while fewer than `concurrency`
 * batches are in flight; otherwise it waits, and every request that waited goes out together in
 * the next batch: one round trip (and, for appends, one commit and one WAL flush) for all of
 * them. A lone caller is never delayed; many callers share round trips instead of queueing for
 * connections one by one.
 */
export class Coalescer<I, R> {
  private queue: Pending<I, R>[] = [];
  private inFlight = 0;
  readonly stats: CoalescerStats = { batches: 0, items: 0, largestBatch: 0, failedBatches: 0 };

  constructor(
    private readonly flush: (batch: readonly I[]) => Promise<readonly Settled<R>[]>,
    private readonly options: CoalescerOptions & {
      readonly weight: (item: I) => number;
      /** Orders a batch before it is sent (must be stable for requests that must keep their order). */
      readonly order?: (a: I, b: I) => number;
    },
  ) {
    for (const key of ['concurrency', 'maxItems', 'maxWeight'] as const) {
      const value = options[key];
      if (!Number.isInteger(value) || value < 1) throw new Error(`${key} must be a positive integer, not ${value}`);
    }
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.concurrency && this.queue.length > 0) {
      const batch = this.take();
      this.inFlight++;
      void this.send(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private take(): Pending<I, R>[] {
    let weight = 0;
    let count = 0;
    while (count < this.queue.length && count < this.options.maxItems) {
      const next = this.options.weight(this.queue[count].item);
      if (count > 0 && weight + next > this.options.maxWeight) break;
      weight += next;
      count++;
    }
    const batch = this.queue.slice(0, count);
    this.queue = this.queue.slice(count);
    const order = this.options.order;
    return order ? batch.sort((a, b) => order(a.item, b.item)) : batch;
  }

  private async send(batch: readonly Pending<I, R>[]): Promise<void> {
    this.stats.batches++;
    this.stats.items += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    try {
      const settled = await this.flush(batch.map((p) => p.item));
      if (settled.length !== batch.length) throw new Error(`a batch of ${batch.length} requests settled ${settled.length}`);
      settled.forEach((outcome, i) => (outcome.ok ? batch[i].resolve(outcome.result) : batch[i].reject(outcome.error)));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}

const byStreamId = (a: { streamId: string }, b: { streamId: string }): number => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0);

/**
 * Group commit for appends. Appends to the same stream keep the order they were submitted in (the
 * queue is FIFO and the sort is stable), and a batch locks its streams in stream-id order, so two
 * batches cannot deadlock each other.
 */
export function appendCoalescer(
  flush: (batch: readonly PreparedAppend[]) => Promise<readonly Settled<AppendResult>[]>,
  options: CoalescerOptions,
): Coalescer<PreparedAppend, AppendResult> {
  return new Coalescer(flush, { ...options, weight: (append) => append.events.length, order: byStreamId });
}

/** Whole-stream reads of many callers in one query. */
export function streamReadCoalescer(
  flush: (batch: readonly string[]) => Promise<readonly Settled<RecordedEvent[]>[]>,
  options: CoalescerOptions,
): Coalescer<string, RecordedEvent[]> {
  return new Coalescer(flush, { ...options, weight: () => 1 });
}
