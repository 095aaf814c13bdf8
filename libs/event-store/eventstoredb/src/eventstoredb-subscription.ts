import type { EventSubscription, RecordedEvent } from '@rectify/event-store-core';
import { mapError } from './eventstoredb-errors';

/** What the client's `subscribeToAll` returns, as far as this class needs it. */
export interface SubscriptionSource<T> extends AsyncIterable<T> {
  unsubscribe(): Promise<void>;
  /** The client's subscription is a Node stream; destroying it settles a pending read. */
  destroy?(): unknown;
}

const STOPPED = Symbol('stopped');

/**
 * The port's subscription over an EventStoreDB catch-up subscription to `$all`. The server does
 * the catching up and the switch to live events; this class skips what `select` rejects (the
 * checkpoint itself, system and foreign events, the client-side filters) and makes `stop()` end a
 * `for await` at once, even while it waits for the next live event: cancelling the gRPC call does
 * not end the client's stream reliably, so the wait races a stop signal.
 */
export class EventStoreDbSubscription<T> implements EventSubscription {
  private stopped = false;
  private readonly stopSignal: Promise<typeof STOPPED>;
  private signalStop: () => void = () => undefined;

  constructor(
    private readonly open: () => SubscriptionSource<T>,
    private readonly select: (item: T) => RecordedEvent | null,
    private readonly onEnd: (subscription: EventStoreDbSubscription<T>) => void = () => undefined,
  ) {
    this.stopSignal = new Promise((resolve) => {
      this.signalStop = () => resolve(STOPPED);
    });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.stopped) return;
    const source = this.open();
    const iterator = source[Symbol.asyncIterator]();
    try {
      while (!this.stopped) {
        const next = iterator.next();
        // When stop() wins the race the read is abandoned; its late failure must not go unhandled.
        next.catch(() => undefined);
        const result = await Promise.race([next, this.stopSignal]);
        if (result === STOPPED || result.done) return;
        const event = this.select(result.value);
        if (event !== null) yield event;
      }
    } catch (error) {
      if (!this.stopped) throw mapError(error);
    } finally {
      await source.unsubscribe().catch(() => undefined);
      source.destroy?.();
      // Not awaited: an async generator queues return() behind a read that may never settle.
      void iterator.return?.()?.catch(() => undefined);
      this.onEnd(this);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.signalStop();
  }
}
