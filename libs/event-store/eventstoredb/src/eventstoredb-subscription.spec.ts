import { UnavailableError } from '@eventstore/db-client';
import { EventStoreUnavailableError, type Position, type RecordedEvent } from '@rectify/event-store-core';
import { EventStoreDbSubscription, type SubscriptionSource } from './eventstoredb-subscription';

/** A source that yields what is pushed and otherwise waits, like a live subscription. */
class FakeSource implements SubscriptionSource<number> {
  unsubscribed = false;
  destroyed = false;
  private readonly queue: (number | Error)[] = [];
  private wake: (() => void) | null = null;

  push(item: number | Error): void {
    this.queue.push(item);
    this.wake?.();
  }

  async unsubscribe(): Promise<void> {
    this.unsubscribed = true;
  }

  destroy(): void {
    this.destroyed = true;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<number> {
    for (;;) {
      while (this.queue.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
      const item = this.queue.shift() as number | Error;
      if (item instanceof Error) throw item;
      yield item;
    }
  }
}

const event = (n: number): RecordedEvent => ({
  eventId: `id-${n}`,
  streamId: 's',
  streamVersion: n,
  type: 'T',
  schemaVersion: 1,
  data: {},
  metadata: { tenantId: 't', tenantPath: 't' },
  recordedAt: new Date(0),
  position: String(n) as Position,
});

const evenOnly = (n: number): RecordedEvent | null => (n % 2 === 0 ? event(n) : null);

describe('EventStoreDbSubscription', () => {
  it('delivers what select keeps, in order, and unsubscribes when the loop breaks', async () => {
    const source = new FakeSource();
    [1, 2, 3, 4, 6].forEach((n) => source.push(n));
    const subscription = new EventStoreDbSubscription(() => source, evenOnly);
    const seen: number[] = [];
    for await (const e of subscription) {
      seen.push(e.streamVersion);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([2, 4, 6]);
    expect(source.unsubscribed).toBe(true);
    expect(source.destroyed).toBe(true);
  });

  it('stop() ends a loop that is waiting for live events', async () => {
    const source = new FakeSource();
    const ended = jest.fn();
    const subscription = new EventStoreDbSubscription(() => source, evenOnly, ended);
    const done = (async () => {
      const seen: number[] = [];
      for await (const e of subscription) seen.push(e.streamVersion);
      return seen;
    })();
    source.push(2);
    await new Promise((r) => setTimeout(r, 20));
    await subscription.stop();
    await expect(done).resolves.toEqual([2]);
    expect(source.unsubscribed).toBe(true);
    expect(ended).toHaveBeenCalledWith(subscription);
  });

  it('does not open the server subscription when stopped before iterating', async () => {
    const open = jest.fn(() => new FakeSource());
    const subscription = new EventStoreDbSubscription(open, evenOnly);
    await subscription.stop();
    for await (const _e of subscription) throw new Error('nothing should be delivered');
    expect(open).not.toHaveBeenCalled();
  });

  it("maps the server going away to the port's unavailable error", async () => {
    const source = new FakeSource();
    source.push(2);
    source.push(new UnavailableError());
    const subscription = new EventStoreDbSubscription(() => source, evenOnly);
    const seen: number[] = [];
    const run = async (): Promise<void> => {
      for await (const e of subscription) seen.push(e.streamVersion);
    };
    await expect(run()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect(seen).toEqual([2]);
    expect(source.unsubscribed).toBe(true);
  });
});
