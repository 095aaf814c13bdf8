import type { AppendResult, PreparedAppend } from '@rectify/event-store-core';

export interface AppendCoalescerOptions {
  /** Batches in flight at once (each holds one connection). */
  readonly concurrency: number;
  /** At most this many appends … */
  readonly maxAppends: number;
  /** … and this many events per batch (one append larger than that still goes alone). */
  readonly maxEvents: number;
}

export type BatchFlush = (batch: readonly PreparedAppend[]) => Promise<readonly Settled[]>;

/** The outcome of one append of a batch, in the batch's order. */
export type Settled = { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: unknown };

interface Pending {
  readonly append: PreparedAppend;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit on the client side. An append goes out at once while fewer than `concurrency`
 * batches are in flight; otherwise it waits, and every append that waited goes out together in
 * the next batch: one round trip and one commit (one WAL flush) for all of them. A lone writer is
 * never delayed; many writers share commits instead of queueing for the WAL one by one.
 *
 * Appends to the same stream keep the order they were submitted in: the queue is FIFO and a batch
 * is sorted stably by stream id.
 */
export class AppendCoalescer {
  private queue: Pending[] = [];
  private inFlight = 0;
  /** Batches sent and appends in them, for tests and metrics. */
  readonly stats = { batches: 0, appends: 0, largestBatch: 0, failedBatches: 0 };

  constructor(
    private readonly flush: BatchFlush,
    private readonly options: AppendCoalescerOptions,
  ) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new Error(`concurrency must be a positive integer, not ${options.concurrency}`);
    if (!Number.isInteger(options.maxAppends) || options.maxAppends < 1) throw new Error(`maxAppends must be a positive integer, not ${options.maxAppends}`);
    if (!Number.isInteger(options.maxEvents) || options.maxEvents < 1) throw new Error(`maxEvents must be a positive integer, not ${options.maxEvents}`);
  }

  submit(append: PreparedAppend): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
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

  private take(): Pending[] {
    let events = 0;
    let count = 0;
    while (count < this.queue.length && count < this.options.maxAppends) {
      const size = this.queue[count].append.events.length;
      if (count > 0 && events + size > this.options.maxEvents) break;
      events += size;
      count++;
    }
    const batch = this.queue.slice(0, count);
    this.queue = this.queue.slice(count);
    // Stable: appends to one stream stay in submission order; streams are locked in one global order.
    return batch.sort((a, b) => (a.append.streamId < b.append.streamId ? -1 : a.append.streamId > b.append.streamId ? 1 : 0));
  }

  private async send(batch: readonly Pending[]): Promise<void> {
    this.stats.batches++;
    this.stats.appends += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    try {
      const settled = await this.flush(batch.map((p) => p.append));
      if (settled.length !== batch.length) throw new Error(`a batch of ${batch.length} appends settled ${settled.length}`);
      settled.forEach((outcome, i) => (outcome.ok ? batch[i].resolve(outcome.result) : batch[i].reject(outcome.error)));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
