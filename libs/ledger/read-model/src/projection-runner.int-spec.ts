import type { RecordedEvent } from '@rectify/event-store-core';
import { streamIds } from '@rectify/ledger-domain';
import type { EntityManager } from 'typeorm';
import { LedgerEntryEntity, ProjectionCheckpointEntity } from './entities';
import { LedgerProjection } from './projections/ledger.projection';
import type { Projection } from './projections/projection';
import { ProjectionCheckpointService } from './queries/projection-checkpoint.service';
import { ProjectionBatchApplier } from './runner/projection-batch';
import { resetLedgerReadModel } from './runner/rebuild';
import { givenCampaignChain } from './testing/campaign-chain';
import { CHUHE, planned, problemRecorded, signedOff, submitted, villageChecked } from './testing/ledger-events';
import { ReadModelHarness, comparePgPositions } from './testing/read-model-harness';

let h: ReadModelHarness;

beforeAll(async () => {
  h = await ReadModelHarness.create();
});

afterAll(async () => {
  await h.close();
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const V1 = '411081005201';

/** Fails on the n-th event it is given, after applying the ones before it. */
class FailingProjection implements Projection {
  private seen = 0;
  constructor(
    readonly name: string,
    private readonly failAt: number,
    private readonly inner = new LedgerProjection(name),
  ) {}
  async apply(manager: EntityManager, event: RecordedEvent): Promise<void> {
    this.seen += 1;
    if (this.seen === this.failAt) throw new Error('projection failed mid-batch');
    await this.inner.apply(manager, event);
  }
}

describe('ProjectionRunner', () => {
  it('leaves rows and checkpoint unchanged when a batch fails midway', async () => {
    const name = `atomic-${Date.now()}`;
    const c = await givenCampaignChain(h);
    const e = `e-${c.tag}`;
    await h.append(streamIds.entry(e), CHUHE, [problemRecorded(e, c.township, CHUHE, V1, 5, '补助未发放'), planned(e, '核实后补发补助资金', { kind: 'immediate', date: '2023-08-20' })]);
    const { events } = await h.store.readAll({ maxCount: 10_000 });
    const ours = events.filter((x) => x.streamId === streamIds.entry(e));
    expect(ours).toHaveLength(2);
    const failing = new ProjectionBatchApplier(h.dataSource, new FailingProjection(name, events.length));
    await expect(failing.apply(events, null)).rejects.toThrow('projection failed mid-batch');
    expect(await h.dataSource.getRepository(LedgerEntryEntity).findOneBy({ entryId: e })).toBeNull();
    const checkpoint = await h.dataSource.getRepository(ProjectionCheckpointEntity).findOneBy({ projectionName: name });
    expect(checkpoint?.position ?? null).toBeNull();

    // The same batch, applied whole, commits rows and checkpoint together.
    const applier = new ProjectionBatchApplier(h.dataSource, new LedgerProjection(name));
    const next = await applier.apply(events, null);
    expect(next).toBe(events[events.length - 1].position);
    expect(await h.dataSource.getRepository(LedgerEntryEntity).findOneBy({ entryId: e })).toMatchObject({ status: 'planned' });
    expect(await applier.readCheckpoint()).toBe(next);
    // A writer that lost the race (stale expected checkpoint) is refused and writes nothing.
    await expect(applier.apply(events.slice(0, 1), null)).rejects.toMatchObject({ code: 'READ_MODEL_CHECKPOINT_MOVED' });
  });

  it('runs one instance per projection: the second waits on the advisory lock and takes over when the first stops', async () => {
    const name = `locked-${Date.now()}`;
    const first = h.runner({ projection: new LedgerProjection(name) });
    const second = h.runner({ projection: new LedgerProjection(name) });
    first.start();
    await until(() => first.isActive);
    second.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(second.status).toBe('waiting_for_lock');
    expect(second.isActive).toBe(false);

    const c = await givenCampaignChain(h);
    const e1 = `e1-${c.tag}`;
    const p1 = await h.append(streamIds.entry(e1), CHUHE, [problemRecorded(e1, c.township, CHUHE, V1, 4, '适龄儿童未入学')]);
    await first.waitFor(p1);
    expect(await h.dataSource.getRepository(LedgerEntryEntity).findOneBy({ entryId: e1 })).not.toBeNull();
    expect(second.checkpoint).toBeNull();

    await first.stop();
    expect(first.status).toBe('stopped');
    await until(() => second.isActive);
    const e2 = `e2-${c.tag}`;
    const p2 = await h.append(streamIds.entry(e2), CHUHE, [problemRecorded(e2, c.township, CHUHE, V1, 21, '饮水不安全')]);
    await second.waitFor(p2);
    expect(await h.dataSource.getRepository(LedgerEntryEntity).findOneBy({ entryId: e2 })).not.toBeNull();
    // Read-your-writes from another process: poll the committed checkpoint.
    await new ProjectionCheckpointService(h.dataSource, comparePgPositions).waitFor(name, p2, { timeoutMs: 2_000 });
    await second.stop();
  });

  it('reports its lag in events and seconds', async () => {
    const name = `lag-${Date.now()}`;
    const now = new Date(Date.now() + 60_000);
    const runner = h.runner({ projection: new LedgerProjection(name), clock: () => now });
    const before = await runner.lag();
    expect(before.eventsBehind).toBeGreaterThan(0);
    expect(before.secondsBehind).toBeGreaterThanOrEqual(60);
    runner.start();
    const { checkpoint } = await h.store.readAll({ maxCount: 10_000 });
    if (checkpoint !== null) await runner.waitFor(checkpoint, 10_000);
    const after = await runner.lag();
    expect(after).toEqual({ eventsBehind: 0, capped: false, secondsBehind: 0 });
    await runner.stop();
  });

  it('rebuilds from scratch to exactly the rows it built incrementally', async () => {
    const own = await ReadModelHarness.create();
    try {
      const runner = own.runner({ batchSize: 3 });
      runner.start();
      const c = await givenCampaignChain(own);
      for (let i = 0; i < 6; i++) {
        const e = `e${i}-${c.tag}`;
        await own.append(streamIds.entry(e), CHUHE, [problemRecorded(e, c.township, CHUHE, V1, [1, 4, 5][i % 3], `第${i}个问题需要整改`)]);
        await own.append(streamIds.inspection(c.township, `41108100520${i}`), CHUHE, [villageChecked(c.township, `41108100520${i}`, 5, CHUHE, [e])]);
        if (i % 2 === 0) {
          const last = await own.append(streamIds.entry(e), CHUHE, [
            planned(e, `第${i}个问题的具体整改措施`, { kind: 'immediate', date: '2023-08-25' }),
            submitted(e, `第${i}个问题已按措施整改完毕并留存凭证`, '2023-08-10T02:00:00Z'),
            ...(i % 4 === 0 ? [signedOff(e, '2023-08-12T02:00:00Z')] : []),
          ]);
          await runner.waitFor(last); // rows are read between appends: the build is incremental
        }
      }
      const { checkpoint } = await own.store.readAll({ maxCount: 10_000 });
      if (checkpoint !== null) await runner.waitFor(checkpoint);
      await runner.stop();
      const tables: [string, string][] = [
        ['ledger_entry', 'entry_id'],
        ['rollup_counter', 'tenant_path, root_campaign_id, dimension, key'],
        ['recurrence_index', 'village_code, item_no, entry_id'],
        ['inspection_check', 'campaign_id, village_code, item_no'],
        ['campaign', 'campaign_id'],
        ['campaign_forward', 'child_campaign_id'],
        ['checklist_version', 'version_id'],
        ['checklist_item', 'version_id, item_no'],
      ];
      const incremental = await Promise.all(tables.map(([t, o]) => own.dump(t, o)));
      await resetLedgerReadModel(own.dataSource);
      expect(await own.dump('ledger_entry', 'entry_id')).toBe('[]');
      await own.project(new LedgerProjection(), 1_000);
      const rebuilt = await Promise.all(tables.map(([t, o]) => own.dump(t, o)));
      expect(rebuilt).toEqual(incremental);
      expect(JSON.parse(incremental[0])).toHaveLength(6);
    } finally {
      await own.close();
    }
  });
});
