import { randomUUID } from 'node:crypto';
import { seededRandom } from '@rectify/shared-testing';
import { accountCommands, accountEntries, escalationCounts, projectorCaughtUp, rebuildAndCompare, reportFileCounts } from '../support/accounting';
import { errorCode } from '../support/api-client';
import { setupCampaign, type CampaignSetup } from '../support/campaign-setup';
import { SOAK, recordFigures, scaled, specSeed } from '../support/figures';
import { LedgerWorkload } from '../support/ledger-workload';
import { OwnPostgres } from '../support/own-postgres';
import { OwnRedis } from '../support/own-redis';
import { Platform } from '../support/platform';
import { sleep, waitFor } from '../support/wait';

const REPORT_PROGRESS = 'mutation($input: ReportProgressInput!) { reportProgress(input: $input) { eventCount replayed } }';

/**
 * Part 2 of issue #8, on PostgreSQL and Redis servers of the test's own (never the shared ones):
 * Redis stops, PostgreSQL restarts (clean and crash) under load, and the event store is unreachable.
 */
describe('dependency faults: Redis stops, PostgreSQL restarts, the event store is unreachable', () => {
  const seed = specSeed('dependency-faults');
  const random = seededRandom(seed);
  const figures: Record<string, unknown> = { seed };
  let postgres: OwnPostgres;
  let redis: OwnRedis;
  let platform: Platform;
  let setup: CampaignSetup;

  beforeAll(async () => {
    postgres = await OwnPostgres.create();
    redis = await OwnRedis.create();
    platform = await Platform.start({ postgres, redis, clock: '2023-08-01T02:00:00Z' });
    setup = await setupCampaign(platform);
  }, 180_000);

  afterAll(async () => {
    recordFigures('dependencyFaults', figures);
    process.stdout.write(`[reliability] dependency-faults figures: ${JSON.stringify(figures)}\n`);
    await platform?.close();
    await redis?.destroy();
    await postgres?.destroy();
  }, 60_000);

  const fail = (error: unknown): never => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n(seed ${seed})\n${platform.diagnostics()}`);
  };

  it('Redis stops: commands are still accepted; the report and escalation jobs run once Redis is back', async () => {
    try {
      const before = new LedgerWorkload(platform.client, setup, random, { concurrency: 4 });
      await before.run(10);
      await redis.stop('SIGTERM');
      const stoppedAt = Date.now();

      const during = new LedgerWorkload(platform.client, setup, random, { concurrency: 4 });
      await during.run(scaled(20));
      expect(during.stats.rejected).toEqual([]);
      expect(during.stats.acknowledged).toBeGreaterThan(0);

      // a report request while Redis is down: its event is recorded at once; the answer waits for the queue
      const requested = platform.client.gql<{ requestLedgerReport: { report: { id: string } } }>(
        'mutation($input: RequestLedgerReportInput!) { requestLedgerReport(input: $input) { report { id } } }',
        { input: { campaignId: setup.campaignId, idempotencyKey: randomUUID() } },
        setup.tokens.inspector,
        180_000,
      );
      await waitFor('the ReportRequested event while Redis is down', 15_000, async () => (await platform.query(`SELECT 1 FROM event_store.events WHERE type = 'ReportRequested'`)).length === 1);
      // escalations fall due, but no sweep runs without Redis
      platform.setClock('2023-08-24T02:00:00Z');
      await sleep(5_000);
      expect(await escalationCounts(platform)).toEqual([]);
      expect(await reportFileCounts(platform)).toEqual([]);
      const downMs = Date.now() - stoppedAt;

      await redis.start();
      const backAt = Date.now();
      const answer = await requested;
      expect(errorCode(answer)).toBeNull();
      const reportAnsweredMs = Date.now() - backAt;
      await waitFor('the report file after Redis is back', 60_000, async () => (await reportFileCounts(platform)).length === 1, 200);
      const reportFileMs = Date.now() - backAt;
      await waitFor('escalations after Redis is back', 60_000, async () => (await escalationCounts(platform)).length > 0, 200);
      const escalationMs = Date.now() - backAt;
      await sleep(4_000); // more sweeps: nothing twice
      expect((await escalationCounts(platform)).filter((e) => e.count !== 1)).toEqual([]);
      expect((await reportFileCounts(platform)).filter((f) => f.count !== 1)).toEqual([]);
      expect(platform.worker.starts).toBe(1); // the worker reconnected by itself
      figures['redisStop'] = {
        redisDownMs: downMs,
        commandsAcceptedWhileDown: during.stats.acknowledged,
        longestCommandWhileDownMs: during.stats.longestCommandMs,
        reportRequestAnsweredAfterRedisBackMs: reportAnsweredMs,
        reportFileRecordedAfterRedisBackMs: reportFileMs,
        firstEscalationAfterRedisBackMs: escalationMs,
        escalations: (await escalationCounts(platform)).length,
      };
    } catch (error) {
      fail(error);
    }
  });

  it('the event store is unreachable: commands fail fast with a retryable code (EVENT_STORE_UNAVAILABLE or SERVICE_UNAVAILABLE) and /health/ready says not ready', async () => {
    try {
      const entry = setup.campaignId && (await platform.query<{ entry_id: string }>(`SELECT entry_id FROM read_model.ledger_entry WHERE status IN ('planned', 'in_progress') LIMIT 1`))[0]?.entry_id;
      expect(entry).toBeTruthy();
      await postgres.stop('fast');
      const key = randomUUID();
      const attempts = [];
      for (let i = 0; i < 3; i++) attempts.push(await platform.client.gql<{ reportProgress: { eventCount: number } }>(REPORT_PROGRESS, { input: { entryId: entry, note: '断库期间的进展', idempotencyKey: key } }, setup.tokens.inspector, 30_000));
      const ready = await platform.client.ready();
      const recorded = await platform.client.gql('mutation($input: RecordProblemInput!) { recordProblem(input: $input) { entryId } }', {
        input: { idempotencyKey: randomUUID(), campaignId: setup.campaignId, villageCode: setup.villages[0], itemNo: 5, description: '断库期间登记', foundBy: '张三', foundAt: '2023-08-01T01:00:00Z' },
      }, setup.tokens.inspector, 30_000);
      figures['eventStoreUnreachable'] = {
        codes: [...attempts, recorded].map(errorCode),
        slowestCommandMs: Math.max(...[...attempts, recorded].map((a) => a.ms)),
        readyStatus: ready.status,
        readyMs: ready.ms,
      };
      // Which code depends on what the request reaches first: the event store (reportProgress reads the
      // entry's stream) answers EVENT_STORE_UNAVAILABLE; PostgreSQL elsewhere (the guard's account check,
      // recordProblem's read-model check) answers SERVICE_UNAVAILABLE. Both say retry with the same key.
      for (const attempt of [...attempts, recorded]) {
        expect(attempt.errors?.[0]?.extensions).toMatchObject({ code: expect.stringMatching(/^(EVENT_STORE|SERVICE)_UNAVAILABLE$/), retryable: true });
      }
      for (const attempt of [...attempts, recorded]) {
        expect(attempt.status).not.toBe(0); // an answer, not a hang or a dropped connection
        expect(attempt.ms).toBeLessThan(5_000);
        expect(JSON.stringify(attempt.errors)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
      }
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 'error', error: { database: { status: 'down' }, eventStore: { status: 'down' } } });
      expect(ready.ms).toBeLessThan(5_000);

      await postgres.start();
      const backAt = Date.now();
      await waitFor('/health/ready after PostgreSQL is back', 30_000, async () => (await platform.client.ready(2_000)).status === 200, 100);
      const readyAgainMs = Date.now() - backAt;
      // the same key once more: stored once, whatever the failed tries did
      const retried = await platform.client.gql<{ reportProgress: { eventCount: number; replayed: boolean } }>(REPORT_PROGRESS, { input: { entryId: entry, note: '断库期间的进展', idempotencyKey: key } }, setup.tokens.inspector);
      expect(errorCode(retried)).toBeNull();
      expect((await platform.query(`SELECT 1 FROM event_store.events WHERE metadata->>'causationId' = $1`, [key])).length).toBe(1);
      expect(platform.api.starts).toBe(1);
      (figures['eventStoreUnreachable'] as Record<string, unknown>)['readyAgainAfterPostgresBackMs'] = readyAgainMs;
    } catch (error) {
      fail(error);
    }
  });

  it('PostgreSQL restarts (clean, then a crash) under load: the API, projector and worker recover by themselves and no acknowledged command is lost', async () => {
    try {
      const workload = new LedgerWorkload(platform.client, setup, random, { concurrency: 4, repeatRate: 0.05 });
      workload.planDeadline = '2023-09-30'; // the business date is 2023-08-24 by now
      // more lifecycles than the test needs: the load is stopped once both restarts are behind it
      const running = workload.run(scaled(2_000));
      const restarts: { mode: string; downMs: number; firstAckAfterMs: number }[] = [];
      for (const mode of ['fast', 'immediate'] as const) {
        await sleep(1_500 + random.int(1_500));
        await postgres.stop(mode);
        const downMs = 1_000 + random.int(2_000);
        await sleep(downMs);
        const acksBefore = workload.stats.acknowledged;
        await postgres.start();
        const backAt = Date.now();
        await waitFor('a command acknowledged after PostgreSQL is back', 60_000, () => workload.stats.acknowledged > acksBefore, 50);
        restarts.push({ mode, downMs, firstAckAfterMs: Date.now() - backAt });
      }
      await sleep(1_000);
      workload.stop();
      await running;
      const caughtUpMs = await projectorCaughtUp(platform);
      const commands = await accountCommands(platform, workload.acks, workload.stats.rejected.map((r) => r.key));
      const entries = await accountEntries(platform, setup.campaignId, workload.acks);
      const rebuild = await rebuildAndCompare(platform);
      figures['postgresRestarts'] = {
        restarts,
        commandsAcknowledged: commands.acknowledged,
        retries: workload.stats.retries,
        retriesReplayed: workload.stats.retriesReplayed,
        failuresByCode: workload.stats.failures,
        eventsAcknowledged: commands.eventsAcknowledged,
        eventsInStore: commands.eventsInStore,
        eventsLost: commands.lostKeys.length,
        duplicates: commands.extraKeys.length + commands.duplicateKeys.length,
        projectorCaughtUpMs: caughtUpMs,
        processRestarts: { api: platform.api.starts - 1, projector: platform.projector.starts - 1, worker: platform.worker.starts - 1 },
        rebuildUnequalTables: rebuild.tables.filter((t) => !t.equal).map((t) => t.table),
      };
      expect(workload.stats.rejected).toEqual([]);
      expect(commands.lostKeys).toEqual([]);
      expect(commands.extraKeys).toEqual([]);
      expect(commands.duplicateKeys).toEqual([]);
      expect(commands.eventsInStore).toBe(commands.eventsAcknowledged);
      expect(workload.stats.repeatsReplayed).toBe(workload.stats.repeats);
      expect(entries.missing).toEqual([]);
      expect(rebuild.tables.filter((t) => !t.equal)).toEqual([]);
      // no manual step: not one process was restarted
      expect([platform.api.starts, platform.projector.starts, platform.worker.starts]).toEqual([1, 1, 1]);
      expect([platform.api.running, platform.projector.running, platform.worker.running]).toEqual([true, true, true]);
    } catch (error) {
      fail(error);
    }
  }, SOAK ? 1_800_000 : 300_000);
});
