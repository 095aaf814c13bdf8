import { NestFactory } from '@nestjs/core';
import { computeEntryLight, snapshotOfEntry, type Light } from '@rectify/escalation';
import { EscalationSweepService, LedgerCommandService, ManualClock, ledgerEntryAggregate } from '@rectify/ledger-application';
import { shanghaiDateOf, streamIds, type LedgerEntry } from '@rectify/ledger-domain';
import { LedgerEntryEntity, RecurrenceIndexService } from '@rectify/ledger-read-model';
import { QueueEvents } from 'bullmq';
import { JobName, JobQueues, QueueName } from '@rectify/jobs';
import { WorkerHarness, county, ctx, inspector, otherTownship, type Chain } from './testing/worker-harness.int-spec';
import { WorkerModule } from './worker.module';
import { WorkerObservability } from './worker-observability';

let h: WorkerHarness;
let chain: Chain;

beforeAll(async () => {
  h = await WorkerHarness.create();
  chain = await h.givenChain();
});

afterAll(async () => {
  await h.close();
});

async function lightOf(entryId: string): Promise<Light> {
  const { state } = await h.ledger.executor.load(ledgerEntryAggregate, streamIds.entry(entryId), county);
  return computeEntryLight(snapshotOfEntry(state as LedgerEntry), shanghaiDateOf(h.clock.now())).light;
}

async function escalations(entryId: string): Promise<{ level: string; targetTenant: { id: string; path: string }; reason: string; at: string }[]> {
  const events = await h.store.readStream(streamIds.entry(entryId));
  return events.filter((e) => e.type === 'EntryEscalated').map((e) => e.data as { level: string; targetTenant: { id: string; path: string }; reason: string; at: string });
}

const rowOf = (entryId: string) => h.dataSource.getRepository(LedgerEntryEntity).findOneByOrFail({ entryId });

describe('escalation sweep against a clock the test controls', () => {
  it('goes green → yellow → red → county (逾期3天) → city, once per level', async () => {
    const sweep = new EscalationSweepService(h.dataSource, h.ledger, h.clock);
    const entryId = await h.plannedEntry(chain.township, 5, '3户脱贫户幼儿未享受低保生活补助');
    h.clock.set('2023-08-20T02:00:00Z');
    await h.ledger.entry({ type: 'ReportProgress', entryId, note: '已核实3户名单，正在办理补发手续' }, ctx(inspector));
    await h.project();

    const steps: [string, Light, string | null][] = [
      ['2023-08-26T02:00:00Z', 'green', null],
      ['2023-08-28T02:00:00Z', 'yellow', null],
      ['2023-09-01T02:00:00Z', 'red', null],
      ['2023-09-02T02:00:00Z', 'red', null],
      ['2023-09-03T02:00:00Z', 'red', 'county'],
      ['2023-09-04T02:00:00Z', 'red', 'county'],
      ['2023-09-10T02:00:00Z', 'red', 'city'],
      ['2023-09-11T02:00:00Z', 'red', 'city'],
    ];
    for (const [now, light, level] of steps) {
      h.clock.set(now);
      expect({ now, light: await lightOf(entryId) }).toEqual({ now, light });
      await sweep.sweep({ pageSize: 2 });
      await h.project();
      expect({ now, level: (await rowOf(entryId)).escalationLevel }).toEqual({ now, level });
    }

    const recorded = await escalations(entryId);
    expect(recorded).toEqual([
      { level: 'county', targetTenant: { id: 'tenant-411081', path: '411000/411081' }, reason: '逾期3天', at: '2023-09-03T02:00:00.000Z', by: expect.anything() },
      { level: 'city', targetTenant: { id: 'tenant-411000', path: '411000' }, reason: expect.stringMatching(/[\u4e00-\u9fff]/), at: '2023-09-10T02:00:00.000Z', by: expect.anything() },
    ].map(({ by: _by, ...rest }) => expect.objectContaining(rest)));
    const events = await h.store.readStream(streamIds.entry(entryId));
    expect(events.filter((e) => e.type === 'EntryEscalated').map((e) => e.metadata)).toEqual([
      expect.objectContaining({ actor: 'system-escalation', causationId: `escalate:${entryId}:county` }),
      expect.objectContaining({ actor: 'system-escalation', causationId: `escalate:${entryId}:city` }),
    ]);
  });

  it('appends each escalation once when two sweeps (separate services, as two workers) run at once', async () => {
    const entries: string[] = [];
    for (const item of [1, 4, 21]) entries.push(await h.plannedEntry(chain.township2, item, `第${item}项发现的问题未按期整改`, '2023-08-31', otherTownship));
    await h.project();
    h.clock.set('2023-09-05T02:00:00Z');
    const other = new LedgerCommandService(h.store, new ManualClock('2023-09-05T02:00:00Z'), new RecurrenceIndexService(h.dataSource));
    const [a, b] = await Promise.all([
      new EscalationSweepService(h.dataSource, h.ledger, h.clock).sweep({ pageSize: 1, concurrency: 4 }),
      new EscalationSweepService(h.dataSource, other, h.clock).sweep({ pageSize: 1, concurrency: 4 }),
    ]);
    for (const entryId of entries) expect((await escalations(entryId)).map((e) => e.level)).toEqual(['county']);
    // The store acknowledges an append whose event ids it already holds (same key, same ids), so two
    // racing sweeps may both count one escalation; the streams above hold exactly one each.
    expect(a.escalated + b.escalated).toBeGreaterThanOrEqual(entries.length);
    // each sweep saw every candidate: escalated it, found it done, or (reading after the other) nothing due
    for (const run of [a, b]) expect(run.escalated + run.alreadyDone + run.notDue).toBe(run.candidates);
    expect([...a.skipped, ...b.skipped]).toEqual([]);

    // a third sweep (the read model not yet caught up) finds them already done
    const again = await new EscalationSweepService(h.dataSource, h.ledger, h.clock).sweep();
    expect(again.escalated).toBe(0);
    await h.project();
    for (const entryId of entries) expect((await rowOf(entryId)).escalationLevel).toBe('county');
  });

  it('runs from the queue: a sweep job through the worker module escalates and reports its progress, counted in its metrics', async () => {
    const entryId = await h.plannedEntry(chain.township, 21, '自来水管网老化，部分农户饮水不稳定', '2023-08-25');
    await h.project();
    const clock = new ManualClock('2023-08-30T02:00:00Z');
    const observability = { logLevel: 'info' as const, metrics: { host: '127.0.0.1', port: 0 }, heartbeat: null };
    const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(h.config({ observability }), { clock, schedule: false }), { logger: false });
    await app.init();
    const metricsUrl = `http://127.0.0.1:${app.get(WorkerObservability).metricsPort}/metrics`;
    const events = new QueueEvents(QueueName.Escalation, { connection: { url: h.config().redisUrl }, prefix: h.queuePrefix });
    try {
      await events.waitUntilReady();
      const job = await app.get(JobQueues).escalation.add(JobName.EscalationSweep, { tenant: { id: inspector.tenantId, path: inspector.tenantPath } });
      const result = (await job.waitUntilFinished(events, 20_000)) as { escalated: number; today: string };
      expect(result).toMatchObject({ today: '2023-08-30' });
      expect(result.escalated).toBeGreaterThanOrEqual(1);
      expect((await escalations(entryId)).map((e) => e.level)).toEqual(['county']);
      const done = await app.get(JobQueues).escalation.getJob(job.id ?? '');
      expect(done?.progress).toMatchObject({ today: '2023-08-30' });

      // the worker's own 'completed' event may come just after QueueEvents' one
      let metrics = '';
      for (let i = 0; i < 50 && !metrics.includes('rectify_queue_jobs_completed_total{queue="{rectify-escalation}",app="worker"} 1'); i++) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, 20));
        metrics = await (await fetch(metricsUrl)).text();
      }
      expect(metrics).toContain('rectify_queue_jobs_completed_total{queue="{rectify-escalation}",app="worker"} 1');
      expect(metrics).toContain(`rectify_escalations_appended_total{app="worker"} ${result.escalated}`);
      expect(metrics).toContain('rectify_queue_jobs{queue="{rectify-escalation}",state="waiting",app="worker"} 0');
      expect(metrics).toContain('rectify_queue_jobs_failed_total{queue="{rectify-reports}",app="worker"} 0');
    } finally {
      await events.close();
      await app.close();
    }
    await expect(fetch(metricsUrl)).rejects.toThrow();
  });
});
