import type { EventFilter, EventSubscription, Position, ReadAllResult, RecordedEvent } from './types';

export interface PollingSubscriptionOptions {
  readonly after: Position | null;
  readonly filter: EventFilter;
  readonly batchSize: number;
  /** How long to wait for a wake-up before reading again anyway. */
  readonly pollIntervalMs: number;
}

export type ReadPage = (after: Position | null, maxCount: number, filter: EventFilter) => Promise<ReadAllResult>;
/** Registers a listener called when new events may be there; returns the unregister function. */
export type ChangeFeed = (listener: () => void) => () => void;

/**
 * A catch-up subscription over `readAll`: it reads pages until it is caught up, then waits for a
 * wake-up from the change feed (or the poll interval, whichever comes first) and reads again. A
 * wake-up that arrives while a page is being read is remembered, so none is lost between the read
 * and the wait. Delivery follows `readAll`'s order, so it is as safe as `readAll` is.
 */
export class PollingSubscription implements EventSubscription {
  private stopped = false;
  private changed = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly readPage: ReadPage,
    private readonly changes: ChangeFeed,
    private readonly options: PollingSubscriptionOptions,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    const unsubscribe = this.changes(() => {
      this.changed = true;
      this.wake?.();
    });
    try {
      let after = this.options.after;
      while (!this.stopped) {
        this.changed = false;
        const page = await this.readPage(after, this.options.batchSize, this.options.filter);
        for (const event of page.events) {
          if (this.stopped) return;
          yield event;
          after = event.position;
        }
        after = page.checkpoint ?? after;
        if (page.events.length < this.options.batchSize) await this.idle();
      }
    } finally {
      unsubscribe();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
  }

  private idle(): Promise<void> {
    if (this.changed || this.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, this.options.pollIntervalMs);
      this.wake = done;
    });
  }
}
