// Support code for the worker's int-specs (no tests here; see jest.config.ts).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore, migrateEventStore } from '@rectify/event-store-postgres';
import { LedgerCommandService, ManualClock, ReportCommandService, type CommandContext } from '@rectify/ledger-application';
import type { ChecklistItem, TenantRef } from '@rectify/ledger-domain';
import { LedgerProjection, ProjectionBatchApplier, RecurrenceIndexService, createReadModelDataSource, runReadModelMigrations } from '@rectify/ledger-read-model';
import { OBSERVABILITY_OFF } from '@rectify/observability';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { Role, type Principal } from '@rectify/tenancy';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { WorkerConfig } from '../worker-config';

export const ITEMS: ChecklistItem[] = [
  { itemNo: 1, categoryNo: 1, categoryName: '责任落实', subAreaNo: 1, subAreaName: '党委政府责任落实', text: '是否存在落实巩固脱贫攻坚成效主体责任不到位等问题。', responsibleUnits: ['各县（市、区）党委政府'] },
  { itemNo: 4, categoryNo: 2, categoryName: '政策落实', subAreaNo: 4, subAreaName: '教育帮扶', text: '域内所有家庭义务教育阶段适龄儿童是否全部上学。', responsibleUnits: ['市教育局'] },
  { itemNo: 5, categoryNo: 2, categoryName: '政策落实', subAreaNo: 4, subAreaName: '教育帮扶', text: '幼儿是否享受到低保生活补助600元/年。', responsibleUnits: ['市教育局'] },
  { itemNo: 21, categoryNo: 2, categoryName: '政策落实', subAreaNo: 7, subAreaName: '饮水安全', text: '农村供水保障是否到位。', responsibleUnits: ['市水利局'] },
];

export function principal(userId: string, tenantPath: string, roles: Role[]): Principal {
  const code = tenantPath.slice(tenantPath.lastIndexOf('/') + 1);
  return { userId, username: userId, displayName: userId, tenantId: `tenant-${code}`, tenantPath, roles };
}

export const refOf = (p: Principal): TenantRef => ({ id: p.tenantId, path: p.tenantPath });

export const city = principal('city-admin', '411000', [Role.TenantAdmin]);
export const county = principal('county-admin', '411000/411081', [Role.TenantAdmin, Role.Reviewer]);
export const inspector = principal('inspector', '411000/411081/411081005', [Role.Inspector]);
export const otherTownship = principal('inspector-2', '411000/411081/411081100', [Role.Inspector]);
export const reviewer = principal('reviewer', '411000/411081', [Role.Reviewer]);

export const ctx = (p: Principal, extra: Partial<CommandContext> = {}): CommandContext => ({
  principal: p,
  idempotencyKey: randomUUID(),
  correlationId: randomUUID(),
  ...extra,
});

export type Chain = { city: string; county: string; township: string; township2: string };

/** A real event store, read model and storage directory, each fresh, for one test file. */
export class WorkerHarness {
  readonly clock = new ManualClock('2023-07-25T02:00:00Z');
  readonly ledger: LedgerCommandService;
  readonly reports: ReportCommandService;
  readonly queuePrefix = uniqueName('bq');

  private constructor(
    readonly admin: Pool,
    readonly store: PostgresEventStore,
    readonly dataSource: DataSource,
    readonly eventStoreSchema: string,
    readonly readModelSchema: string,
    readonly storageDir: string,
  ) {
    this.ledger = new LedgerCommandService(store, this.clock, new RecurrenceIndexService(dataSource));
    this.reports = new ReportCommandService(this.ledger.executor);
  }

  static async create(): Promise<WorkerHarness> {
    const url = testDatabaseUrl();
    const eventStoreSchema = uniqueName('es');
    const readModelSchema = uniqueName('rm');
    const admin = new Pool({ connectionString: url, max: 2 });
    await migrateEventStore(admin, { schema: eventStoreSchema });
    const store = PostgresEventStore.connect({ connectionString: url, schema: eventStoreSchema, max: 8 });
    const dataSource = createReadModelDataSource({ url, schema: readModelSchema, poolSize: 6 });
    await dataSource.initialize();
    await runReadModelMigrations(dataSource);
    const storageDir = await mkdtemp(join(tmpdir(), 'rectify-reports-'));
    return new WorkerHarness(admin, store, dataSource, eventStoreSchema, readModelSchema, storageDir);
  }

  config(overrides: Partial<WorkerConfig> = {}): WorkerConfig {
    return {
      databaseUrl: testDatabaseUrl(),
      redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
      eventStore: { adapter: 'postgres' },
      eventStoreSchema: this.eventStoreSchema,
      readModelSchema: this.readModelSchema,
      reportStorageDir: this.storageDir,
      queuePrefix: this.queuePrefix,
      escalationCron: '0 15 0 * * *',
      escalationPageSize: 100,
      reportConcurrency: 2,
      jobAttempts: 3,
      jobBackoffMs: 50,
      observability: OBSERVABILITY_OFF,
      testClockFile: null,
      ...overrides,
    };
  }

  private projected = 0;

  /**
   * Applies everything in the store to the read model, as the projector would. readAll holds back
   * events behind other sessions' open transactions (other suites share the server), so an empty
   * page is not the end: it reads until every event in the table has been applied.
   */
  async project(): Promise<void> {
    const applier = new ProjectionBatchApplier(this.dataSource, new LedgerProjection());
    let position = await applier.readCheckpoint();
    const { rows } = await this.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.eventStoreSchema}.events`);
    const n = rows[0]?.n ?? 0;
    const deadline = Date.now() + 15_000;
    while (this.projected < n) {
      if (Date.now() > deadline) throw new Error(`projected ${this.projected} of ${n} events`);
      const page = await this.store.readAll({ after: position, maxCount: 500 });
      if (page.events.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      position = await applier.apply(page.events, position);
      this.projected += page.events.length;
    }
  }

  /** 许昌市 issues, forwards to 禹州市, which forwards to two townships: fresh ids every call. */
  async givenChain(): Promise<Chain> {
    this.clock.set('2023-07-25T02:00:00Z');
    const versionId = `v-${randomUUID()}`;
    const campaignId = `c-${randomUUID()}`;
    await this.ledger.checklist({ type: 'DefineChecklistVersion', versionId, label: '许昌市排查清单', items: ITEMS }, ctx(city));
    await this.ledger.campaign(
      {
        type: 'IssueCampaign',
        campaignId,
        title: '巩固拓展脱贫攻坚成果排查整改专项行动',
        docNumber: '许巩固脱贫组〔2023〕4号',
        issuedOn: '2023-07-25',
        issuingTenant: refOf(city),
        phases: [{ name: '全面排查', startDate: '2023-07-26', endDate: '2023-08-10' }],
        deadlines: { immediate: '2023-08-31', fixedTerm: '2023-10-31' },
        reportDueDate: '2023-09-05',
        checklistVersionId: versionId,
      },
      ctx(city),
    );
    this.clock.set('2023-07-26T02:00:00Z');
    const overlay = { changedItems: [], addedItems: [] };
    const toCounty = await this.ledger.forwardCampaign(
      { type: 'ForwardCampaign', campaignId, childTenant: refOf(county), overlay, issuedOn: '2023-07-26', reportDueDate: '2023-09-01' },
      ctx(city),
    );
    const toTownship = await this.ledger.forwardCampaign(
      { type: 'ForwardCampaign', campaignId: toCounty.childCampaignId, childTenant: refOf(inspector), overlay, issuedOn: '2023-07-26', reportDueDate: '2023-08-25' },
      ctx(county),
    );
    const toTownship2 = await this.ledger.forwardCampaign(
      { type: 'ForwardCampaign', campaignId: toCounty.childCampaignId, childTenant: refOf(otherTownship), overlay, issuedOn: '2023-07-26', reportDueDate: '2023-08-25' },
      ctx(county),
    );
    return { city: campaignId, county: toCounty.childCampaignId, township: toTownship.childCampaignId, township2: toTownship2.childCampaignId };
  }

  /** A problem recorded on 08-02 and planned on 08-03, due `due` (立行立改). */
  async plannedEntry(campaignId: string, itemNo: number, description: string, due = '2023-08-31', who: Principal = inspector): Promise<string> {
    this.clock.set('2023-08-02T02:00:00Z');
    const village = `${who.tenantPath.slice(who.tenantPath.lastIndexOf('/') + 1)}201`;
    const { entryId } = await this.ledger.recordProblem(
      { type: 'RecordProblem', campaignId, villageCode: village, itemNo, description, foundBy: '王排查', foundAt: '2023-08-02T01:00:00Z' },
      ctx(who),
    );
    this.clock.set('2023-08-03T02:00:00Z');
    await this.ledger.entry(
      { type: 'PlanRectification', entryId, measures: `针对${description}逐户核实并限期整改到位`, responsibleUnit: '褚河街道办事处', responsiblePerson: '张主任', deadline: { kind: 'immediate', date: due } },
      ctx(who),
    );
    return entryId;
  }

  async close(): Promise<void> {
    await this.store.close();
    await this.dataSource.destroy();
    await dropSchema(this.admin, this.readModelSchema);
    await dropSchema(this.admin, this.eventStoreSchema);
    await this.admin.end();
    await rm(this.storageDir, { recursive: true, force: true });
    // this file's queue keys (its own prefix) go too
    const redis = new Redis(this.config().redisUrl);
    try {
      const keys: string[] = [];
      for await (const batch of redis.scanStream({ match: `${this.queuePrefix}:*`, count: 500 }) as AsyncIterable<string[]>) keys.push(...batch);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      await redis.quit();
    }
  }
}
