import { seededRandom } from '@rectify/shared-testing';
import { accountCommands, accountEntries, escalationCounts, projectionProgress, projectorCaughtUp, rebuildAndCompare } from '../support/accounting';
import { setupCampaign, type CampaignSetup } from '../support/campaign-setup';
import { SOAK, recordFigures, scaled, specSeed } from '../support/figures';
import { KillLoop } from '../support/kill-loop';
import { LedgerWorkload } from '../support/ledger-workload';
import { OwnPostgres } from '../support/own-postgres';
import { OwnRedis } from '../support/own-redis';
import { Platform } from '../support/platform';
import { sleep, waitFor } from '../support/wait';

/**
 * Part 3 of issue #8: a few thousand commands through the API, 16 in flight, while the projector is
 * SIGKILLed, PostgreSQL restarts and Redis stops. The acknowledged commands, the events in the store
 * and the rows in the read model must agree: nothing lost, nothing extra, and client retries and
 * deliberate repeats with the same idempotency key write nothing twice.
 */
describe('accounting under load with faults injected', () => {
  const seed = specSeed('accounting-under-load');
  const random = seededRandom(seed);
  let postgres: OwnPostgres;
  let redis: OwnRedis;
  let platform: Platform;
  let setup: CampaignSetup;

  beforeAll(async () => {
    postgres = await OwnPostgres.create();
    redis = await OwnRedis.create();
    platform = await Platform.start({ postgres, redis, clock: '2023-08-01T02:00:00Z' });
    setup = await setupCampaign(platform);
  }, 300_000);

  afterAll(async () => {
    await platform?.close();
    await redis?.destroy();
    await postgres?.destroy();
  }, 60_000);

  it(`acknowledged commands = events in the store = read-model rows; retries and repeats add nothing (seed ${seed})`, async () => {
    // about three commands per lifecycle: ~2,000 commands in CI, ~10,000 in soak mode
    const lifecycles = scaled(650);
    const workload = new LedgerWorkload(platform.client, setup, random, { concurrency: 16, repeatRate: 0.03 });
    const kills = new KillLoop(random, [platform.projector], [2_000, 6_000], [100, 1_000]);
    const faults: { fault: string; atCommand: number; downMs: number; recoveredAfterMs?: number; acceptedWhileDown?: number }[] = [];
    const started = Date.now();
    try {
      let finished = false;
      const running = workload.run(lifecycles).finally(() => (finished = true));
      kills.start();
      const expectedCommands = lifecycles * 3;
      const restartPostgres = async (): Promise<void> => {
        await waitFor('40% of the commands', 300_000, () => finished || workload.stats.acknowledged >= expectedCommands * 0.4, 50);
        const atCommand = workload.stats.acknowledged;
        await postgres.stop(random.next() < 0.5 ? 'fast' : 'immediate');
        const downMs = 1_000 + random.int(2_000);
        await sleep(downMs);
        const acksWhileDown = workload.stats.acknowledged;
        await postgres.start();
        const backAt = Date.now();
        await waitFor('a command acknowledged after PostgreSQL is back', 60_000, () => finished || workload.stats.acknowledged > acksWhileDown, 20);
        faults.push({ fault: 'postgres restart', atCommand, downMs, recoveredAfterMs: Date.now() - backAt });
      };
      const stopRedis = async (): Promise<void> => {
        await waitFor('70% of the commands', 300_000, () => finished || workload.stats.acknowledged >= expectedCommands * 0.7, 50);
        const atCommand = workload.stats.acknowledged;
        await redis.stop('SIGTERM');
        const downMs = 2_000 + random.int(2_000);
        await sleep(downMs);
        const acceptedWhileDown = workload.stats.acknowledged - atCommand;
        await redis.start();
        faults.push({ fault: 'redis stop', atCommand, downMs, acceptedWhileDown });
      };
      await restartPostgres();
      await stopRedis();
      await running;
      await kills.stop();
      const drivenSeconds = (Date.now() - started) / 1000;
      const caughtUpMs = await projectorCaughtUp(platform);

      const commands = await accountCommands(platform, workload.acks, workload.stats.rejected.map((r) => r.key));
      const entries = await accountEntries(platform, setup.campaignId, workload.acks);
      const progress = await projectionProgress(platform);
      const rebuild = await rebuildAndCompare(platform);
      const escalations = await escalationCounts(platform);
      const figures = {
        seed,
        concurrency: 16,
        commandsAcknowledged: commands.acknowledged,
        requests: workload.stats.requests,
        commandsPerSecond: Math.round(commands.acknowledged / drivenSeconds),
        drivenSeconds: Math.round(drivenSeconds),
        retries: workload.stats.retries,
        retriesReplayed: workload.stats.retriesReplayed,
        repeats: workload.stats.repeats,
        repeatsReplayed: workload.stats.repeatsReplayed,
        failuresByCode: workload.stats.failures,
        rejected: workload.stats.rejected.length,
        eventsAcknowledged: commands.eventsAcknowledged,
        eventsInStore: commands.eventsInStore,
        eventsLost: commands.lostKeys.length,
        duplicates: commands.extraKeys.length + commands.duplicateKeys.length + escalations.filter((e) => e.count !== 1).length,
        entriesRecorded: workload.acks.filter((a) => a.step === 'recordProblem').length,
        readModelRows: entries.rows,
        readModelSignedOff: entries.signedOff,
        faults: { projectorKills: kills.kills.length, projectorRestartMsMax: Math.max(0, ...kills.kills.map((k) => k.restartMs)), projectorBootFailures: kills.kills.reduce((n, k) => n + k.bootFailures, 0), other: faults },
        projectorCaughtUpAfterLoadMs: caughtUpMs,
        storeEventsTotal: progress.events,
        rebuild: { tables: rebuild.tables.length, unequal: rebuild.tables.filter((t) => !t.equal).map((t) => t.table), ms: rebuild.ms },
        longestCommandMs: workload.stats.longestCommandMs,
      };
      recordFigures('accountingUnderLoad', figures);
      process.stdout.write(`[reliability] accounting-under-load figures: ${JSON.stringify(figures)}\n`);

      expect(kills.kills.length).toBeGreaterThan(0);
      expect(faults.map((f) => f.fault)).toEqual(['postgres restart', 'redis stop']);
      // both faults hit the load, not its end
      expect(faults.every((f) => f.atCommand < commands.acknowledged)).toBe(true);
      expect(workload.stats.rejected).toEqual([]);
      expect(commands.acknowledged).toBeGreaterThanOrEqual(scaled(1_500));
      expect(commands.lostKeys).toEqual([]);
      expect(commands.extraKeys).toEqual([]);
      expect(commands.duplicateKeys).toEqual([]);
      expect(commands.unacknowledgedEvents).toBe(0);
      expect(commands.eventsInStore).toBe(commands.eventsAcknowledged);
      expect(workload.stats.repeats).toBeGreaterThan(0);
      expect(workload.stats.repeatsReplayed).toBe(workload.stats.repeats);
      expect(entries.missing).toEqual([]);
      expect(entries.rows).toBe(figures.entriesRecorded);
      expect(entries.signedOff).toBe(workload.closedEntries.size);
      expect(progress.applied).toBe(progress.events);
      expect(rebuild.tables.filter((t) => !t.equal)).toEqual([]);
    } catch (error) {
      await kills.stop().catch(() => undefined);
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n(seed ${seed})\n${platform.diagnostics()}`);
    }
  }, SOAK ? 1_800_000 : 300_000);
});
