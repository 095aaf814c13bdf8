import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '@rectify/shared-testing';
import { accountCommands, accountEntries, escalationCounts, projectionProgress, projectorCaughtUp, rebuildAndCompare, reportFileCounts } from '../support/accounting';
import { setupCampaign, type CampaignSetup } from '../support/campaign-setup';
import { SOAK, recordFigures, scaled, specSeed } from '../support/figures';
import { KillLoop } from '../support/kill-loop';
import { LedgerWorkload } from '../support/ledger-workload';
import { OwnPostgres } from '../support/own-postgres';
import { OwnRedis } from '../support/own-redis';
import { Platform } from '../support/platform';
import { waitFor } from '../support/wait';

/**
 * Part 1 of issue #8: the projector and the worker are SIGKILLed at seeded random moments while a
 * stream of commands goes through the API, escalation sweeps run every 2 s and report files are
 * built; each is started again. Afterwards every event is projected exactly once (the live read
 * model equals a fresh rebuild of the same events, checkpoint and counters included) and every
 * job's effect happened once (one ReportFileRecorded and one file per report, one EntryEscalated per
 * entry and level).
 */
const MIN_KILLS = scaled(3);

describe('crash safety: projector and worker SIGKILLed at random points', () => {
  const seed = specSeed('crash-safety');
  const random = seededRandom(seed);
  let postgres: OwnPostgres;
  let redis: OwnRedis;
  let platform: Platform;
  let setup: CampaignSetup;

  beforeAll(async () => {
    postgres = await OwnPostgres.create();
    redis = await OwnRedis.create();
    // small projector batches: many commits while it catches up after each restart, so kills land
    // between batches and inside them, not only while it idles
    platform = await Platform.start({ postgres, redis, clock: '2023-08-01T02:00:00Z', extraEnv: { PROJECTOR_BATCH_SIZE: '10' } });
    setup = await setupCampaign(platform);
  }, 180_000);

  afterAll(async () => {
    await platform?.close();
    await redis?.destroy();
    await postgres?.destroy();
  }, 60_000);

  it(`every event is projected once, every job's effect happens once (seed ${seed})`, async () => {
    const started = Date.now();
    const kills = new KillLoop(random, [platform.projector, platform.worker], [1_000, 3_000], [100, 1_500]);
    const workload = new LedgerWorkload(platform.client, setup, random, { concurrency: 8, repeatRate: 0.05 });
    kills.start();
    try {
      // the first half of the entries on 2023-08-01, then report files are requested for all three levels
      const lifecycles = scaled(200);
      await workload.run(Math.ceil(lifecycles / 2));
      const reports: string[] = [];
      for (const [campaignId, token] of [
        [setup.campaignId, setup.tokens.inspector],
        [setup.countyCampaignId, setup.tokens.county],
        [setup.cityCampaignId, setup.tokens.city],
      ] as const) {
        const { requestLedgerReport } = await platform.client.must<{ requestLedgerReport: { report: { id: string } } }>(
          'mutation($input: RequestLedgerReportInput!) { requestLedgerReport(input: $input) { report { id } } }',
          { input: { campaignId, idempotencyKey: randomUUID() } },
          token,
        );
        reports.push(requestLedgerReport.report.id);
      }
      // the second half on 2023-08-10, before the 2023-08-20 deadlines
      platform.setClock('2023-08-10T02:00:00Z');
      await workload.run(Math.floor(lifecycles / 2));
      // a fast machine finishes the commands before many kills: more lifecycles until each process
      // has been killed MIN_KILLS times under load
      const killsOf = (name: string): number => kills.kills.filter((k) => k.target === name).length;
      while (killsOf('projector') < MIN_KILLS || killsOf('worker') < MIN_KILLS) await workload.run(20);
      expect(workload.stats.rejected.slice(0, 5)).toEqual([]);

      // four days after the deadlines the county escalations are due, a week after those the city's;
      // sweeps run every 2 s under the kills until every red entry has the level
      const openEntries = [...workload.openEntries];
      let missing: unknown[] = [];
      const escalatedTo = (levels: readonly string[]) => async (): Promise<boolean> => {
        const counts = await escalationCounts(platform);
        const seen = new Map<string, Set<string>>();
        for (const c of counts) seen.set(c.entry, (seen.get(c.entry) ?? new Set()).add(c.level));
        const rows = await platform.query<{ entry_id: string; status: string; escalation_level: string | null; due_date: string | null; county_escalated_on: string | null }>(
          `SELECT entry_id, status, escalation_level, due_date::text, county_escalated_on::text FROM read_model.ledger_entry WHERE entry_id = ANY($1)`,
          [openEntries],
        );
        if (rows.length !== openEntries.length) {
          missing = [{ openEntriesMissingFromTheReadModel: openEntries.length - rows.length }];
          return false;
        }
        const due = rows.filter((r) => r.status !== 'submitted');
        missing = due.filter((r) => !levels.every((level) => seen.get(`entry-${r.entry_id}`)?.has(level))).slice(0, 5);
        return due.length > 0 && missing.length === 0;
      };
      const escalated = async (levels: readonly string[]): Promise<number> => {
        try {
          return await waitFor(`every red entry escalated to ${levels.join(' and ')}`, 120_000, escalatedTo(levels), 500);
        } catch (error) {
          throw new Error(`${error instanceof Error ? error.message : String(error)}; e.g. ${JSON.stringify(missing)}`);
        }
      };
      // the sweep reads the read model: the day moves on once the projector (killed too) has caught up
      await projectorCaughtUp(platform);
      platform.setClock('2023-08-24T02:00:00Z');
      const countyMs = await escalated(['county']);
      await projectorCaughtUp(platform);
      platform.setClock('2023-09-05T02:00:00Z');
      const cityMs = await escalated(['county', 'city']);
      const escalationMs = countyMs + cityMs;
      const filesMs = await waitFor('a recorded file for every report', 120_000, async () => (await reportFileCounts(platform)).length >= reports.length, 500);
      // a few more seconds of sweeps and kills: nothing may be appended twice
      await new Promise((r) => setTimeout(r, 4_000));
      await kills.stop();
      await projectorCaughtUp(platform);

      const commands = await accountCommands(platform, workload.acks, workload.stats.rejected.map((r) => r.key));
      const entries = await accountEntries(platform, setup.campaignId, workload.acks);
      const escalations = await escalationCounts(platform);
      const files = await reportFileCounts(platform);
      const filesOnDisk = reports.map((id) => {
        const dir = join(platform.reportDir, id);
        return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.xlsx')).length : 0;
      });
      const progress = await projectionProgress(platform);
      const rebuild = await rebuildAndCompare(platform);
      const figures = {
        seed,
        durationSeconds: Math.round((Date.now() - started) / 1000),
        commandsAcknowledged: commands.acknowledged,
        requests: workload.stats.requests,
        retries: workload.stats.retries,
        retriesReplayed: workload.stats.retriesReplayed,
        repeats: workload.stats.repeats,
        repeatsReplayed: workload.stats.repeatsReplayed,
        failuresByCode: workload.stats.failures,
        rejected: workload.stats.rejected.length,
        eventsAcknowledged: commands.eventsAcknowledged,
        eventsInStoreForThoseCommands: commands.eventsInStore,
        eventsInStore: progress.events,
        eventsProjected: progress.applied,
        eventsLost: commands.lostKeys.length,
        duplicates: commands.extraKeys.length + commands.duplicateKeys.length + escalations.filter((e) => e.count !== 1).length + files.filter((f) => f.count !== 1).length,
        readModelRows: entries.rows,
        kills: { projector: kills.kills.filter((k) => k.target === 'projector').length, worker: kills.kills.filter((k) => k.target === 'worker').length },
        restartMsMax: Math.max(0, ...kills.kills.map((k) => k.restartMs)),
        escalations: { county: escalations.filter((e) => e.level === 'county').length, city: escalations.filter((e) => e.level === 'city').length, duplicated: escalations.filter((e) => e.count !== 1).length },
        escalationCompleteAfterMs: escalationMs,
        reportFiles: { reports: reports.length, recorded: files.length, onDisk: filesOnDisk.reduce((a, b) => a + b, 0), completeAfterMs: filesMs },
        rebuild: { tables: rebuild.tables.length, unequal: rebuild.tables.filter((t) => !t.equal).map((t) => t.table), ms: rebuild.ms },
      };
      recordFigures('crashSafety', figures);
      process.stdout.write(`[reliability] crash-safety figures: ${JSON.stringify(figures)}\n`);

      expect(kills.kills.filter((k) => k.target === 'projector').length).toBeGreaterThanOrEqual(MIN_KILLS);
      expect(kills.kills.filter((k) => k.target === 'worker').length).toBeGreaterThanOrEqual(MIN_KILLS);
      expect(workload.stats.rejected).toEqual([]);
      expect(commands.lostKeys).toEqual([]);
      expect(commands.extraKeys).toEqual([]);
      expect(commands.duplicateKeys).toEqual([]);
      expect(commands.unacknowledgedEvents).toBe(0);
      expect(commands.eventsInStore).toBe(commands.eventsAcknowledged);
      expect(workload.stats.repeatsReplayed).toBe(workload.stats.repeats);
      expect(entries.missing).toEqual([]);
      expect(entries.rows).toBe(workload.acks.filter((a) => a.step === 'recordProblem').length);
      expect(entries.signedOff).toBe(workload.closedEntries.size);
      expect(progress.applied).toBe(progress.events);
      expect(rebuild.tables.filter((t) => !t.equal)).toEqual([]);
      expect(escalations.filter((e) => e.count !== 1)).toEqual([]);
      expect(figures.escalations.county).toBeGreaterThan(0);
      expect(figures.escalations.city).toBeGreaterThan(0);
      expect(files.filter((f) => f.count !== 1)).toEqual([]);
      expect(files).toHaveLength(reports.length);
      expect(filesOnDisk).toEqual(reports.map(() => 1));
    } catch (error) {
      await kills.stop().catch(() => undefined);
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n(seed ${seed})\n${platform.diagnostics()}`);
    }
  }, SOAK ? 1_800_000 : 300_000);
});
