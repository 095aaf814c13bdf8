import type { RecordedEvent } from '@rectify/event-store-core';
import { streamIds } from '@rectify/ledger-domain';
import type { EntityManager } from 'typeorm';
import type { Projection } from '../projections/projection';
import { CHUHE, problemRecorded } from '../testing/ledger-events';
import { ReadModelHarness } from '../testing/read-model-harness';

let h: ReadModelHarness;

beforeAll(async () => {
  h = await ReadModelHarness.create();
  await h.dataSource.query(`CREATE TABLE ${h.readModelSchema}.seen (n serial PRIMARY KEY, event_id text NOT NULL UNIQUE)`);
});

afterAll(async () => {
  await h.close();
});

/** Records every event it applies in a table (so a failed page rolls back its records too); fails on chosen pages, once each. */
class RecordingProjection implements Projection {
  readonly name = 'read-ahead-probe';
  pages = 0;
  constructor(private readonly failOnPages: Set<number>) {}
  async apply(manager: EntityManager, event: RecordedEvent): Promise<void> {
    await manager.query(`INSERT INTO ${h.readModelSchema}.seen (event_id) VALUES ($1)`, [event.eventId]);
  }
  async applyMany(manager: EntityManager, events: readonly RecordedEvent[]): Promise<void> {
    this.pages += 1;
    for (const event of events) await this.apply(manager, event);
    if (this.failOnPages.delete(this.pages)) throw new Error(`page ${this.pages} failed after writing`);
  }
}

describe('ProjectionRunner with read-ahead', () => {
  it('applies every event exactly once, in order, across failed pages', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const e = `ra-${i}-${Date.now()}`;
      await h.append(streamIds.entry(e), CHUHE, [problemRecorded(e, 'c-ra', CHUHE, '411081005201', 1, `第${i}个问题需要整改`)]);
      ids.push(e);
    }
    // readAll holds events back behind any older transaction still open in the database (other suites').
    let events: readonly RecordedEvent[] = [];
    for (const deadline = Date.now() + 30_000; events.length < 40 && Date.now() < deadline; ) {
      events = (await h.store.readAll({ maxCount: 10_000 })).events;
      if (events.length < 40) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(events).toHaveLength(40);
    const errors: unknown[] = [];
    const projection = new RecordingProjection(new Set([2, 5, 6]));
    const runner = h.runner({ projection, batchSize: 6, readAhead: true, errorDelayMs: 10, onError: (e) => errors.push(e) });
    runner.start();
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [{ n }] = await h.dataSource.query(`SELECT count(*)::int AS n FROM ${h.readModelSchema}.seen`);
      if (n >= 40 && runner.checkpoint === events[39]?.position) break;
      if (Date.now() > deadline) throw new Error(`only ${n} events applied`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await runner.stop();
    expect(errors.map((e) => (e as Error).message)).toEqual(['page 2 failed after writing', 'page 5 failed after writing', 'page 6 failed after writing']);
    const seen: { event_id: string }[] = await h.dataSource.query(`SELECT event_id FROM ${h.readModelSchema}.seen ORDER BY n`);
    expect(seen.map((r) => r.event_id)).toEqual(events.map((e) => e.eventId));
  }, 60_000);
});
