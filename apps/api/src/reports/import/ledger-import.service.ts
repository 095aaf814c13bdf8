import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { LedgerCommandService, NotFoundError, deterministicUuid, type Clock, type CommandContext } from '@rectify/ledger-application';
import { isDomainError, type ChecklistItem } from '@rectify/ledger-domain';
import { CampaignQueryService } from '@rectify/ledger-read-model';
import { importLedgerWorkbook, type ImportError, type ImportRow } from '@rectify/reports';
import { isWithinScope, type Principal } from '@rectify/tenancy';
import type { Redis } from 'ioredis';
import { CLOCK } from '../../infrastructure/tokens';
import { TenantRefs } from '../../ledger/tenant-refs.service';
import { JOBS_API_CONFIG, type JobsApiConfig } from '../jobs-api-config';
import { JOBS_REDIS } from '../jobs-api.module';

/** The user id historic sign-offs are appended under (the importer submitted the result; nobody signs off their own). */
export const IMPORT_SIGN_OFF_ACTOR_ID = 'system-ledger-import';
const KEEP_SECONDS = 7 * 24 * 3600;

export type ImportJobState = 'running' | 'completed' | 'failed';

export interface ImportJobStatus {
  readonly importId: string;
  readonly tenantPath: string;
  readonly campaignId: string;
  readonly villageCode: string;
  readonly state: ImportJobState;
  readonly totalRows: number;
  readonly doneRows: number;
  /** 0–100. */
  readonly progress: number;
  /** Entries recorded by this run (a re-import of the same file records none). */
  readonly createdEntries: number;
  readonly failedReason: string | null;
}

/** The whole file was checked and rejected: nothing was written. */
export class ImportRejectedError extends Error {
  override readonly name = 'ImportRejectedError';
  constructor(readonly errors: ImportError[]) {
    super(`台账导入未通过校验：${errors.length} 处错误`);
  }
}

/**
 * 导入已有台账 (.xlsx): every row is validated first with `importLedgerWorkbook` (all or nothing:
 * one bad row rejects the file and nothing is written); then, in the background, each row becomes
 * RecordProblem → PlanRectification → (是否销号 = 是) SubmitResult → ApproveSignOff, with idempotency
 * keys from the row's `rowKey` (and the campaign and village), so importing the same file again
 * writes nothing new. Progress lives in Redis (any API instance answers `importJob`); a run cut
 * short by a restart is finished by uploading the same file again.
 */
@Injectable()
export class LedgerImportService {
  private readonly logger = new Logger('LedgerImport');

  constructor(
    @Inject(LedgerCommandService) private readonly commands: LedgerCommandService,
    @Inject(CampaignQueryService) private readonly campaigns: CampaignQueryService,
    @Inject(TenantRefs) private readonly tenants: TenantRefs,
    @Inject(JOBS_REDIS) private readonly redis: Redis,
    @Inject(JOBS_API_CONFIG) private readonly config: JobsApiConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Validates the whole file and starts the import; rejects with every row error, writing nothing. */
  async start(principal: Principal, input: { campaignId: string; villageCode: string; file: Buffer }): Promise<ImportJobStatus> {
    await this.tenants.assertVillageInScope(input.villageCode, principal);
    const [campaign] = await this.campaigns.campaignsByIds([input.campaignId], principal.tenantPath);
    if (!campaign) throw new NotFoundError(`campaign-${input.campaignId}`);
    const items = (await this.campaigns.checklistItems(campaign.checklistVersionId, principal.tenantPath)) ?? [];
    const checklist: ChecklistItem[] = items.map((i) => ({
      itemNo: i.itemNo,
      categoryNo: i.categoryNo,
      categoryName: i.categoryName,
      subAreaNo: i.subAreaNo,
      subAreaName: i.subAreaName,
      text: i.text,
      responsibleUnits: i.responsibleUnits,
    }));
    const result = await importLedgerWorkbook(input.file, { checklist, campaignDeadlines: { immediate: campaign.immediateDeadline, fixedTerm: campaign.fixedTermDeadline } });
    if (!result.ok) throw new ImportRejectedError(result.errors);

    const fileHash = createHash('sha256').update(input.file).digest('hex');
    const importId = deterministicUuid('ledger-import', principal.userId, input.campaignId, input.villageCode, fileHash);
    const key = this.keyOf(importId);
    const fresh = await this.redis.hsetnx(key, 'state', 'running');
    if (fresh === 0) {
      const existing = await this.status(importId, principal);
      if (existing.state !== 'failed') return existing;
      await this.redis.hset(key, 'state', 'running', 'failedReason', '');
    }
    await this.redis.hset(key, 'tenantPath', principal.tenantPath, 'campaignId', input.campaignId, 'villageCode', input.villageCode, 'totalRows', String(result.rows.length), 'doneRows', '0', 'createdEntries', '0');
    await this.redis.expire(key, KEEP_SECONDS);
    void this.run(principal, importId, input.campaignId, input.villageCode, fileHash, result.rows);
    return this.status(importId, principal);
  }

  /** An import's progress; NOT_FOUND for an unknown id or one started outside the caller's scope. */
  async status(importId: string, principal: Principal): Promise<ImportJobStatus> {
    const h = await this.redis.hgetall(this.keyOf(importId));
    if (!h['state'] || !h['tenantPath'] || !isWithinScope(h['tenantPath'], principal.tenantPath)) throw new NotFoundError(`import-${importId}`);
    const total = Number(h['totalRows'] ?? 0);
    const done = Number(h['doneRows'] ?? 0);
    const state = h['state'] as ImportJobState;
    return {
      importId,
      tenantPath: h['tenantPath'],
      campaignId: h['campaignId'] ?? '',
      villageCode: h['villageCode'] ?? '',
      state,
      totalRows: total,
      doneRows: done,
      progress: state === 'completed' ? 100 : total === 0 ? 0 : Math.floor((done / total) * 100),
      createdEntries: Number(h['createdEntries'] ?? 0),
      failedReason: h['failedReason'] || null,
    };
  }

  private async run(principal: Principal, importId: string, campaignId: string, villageCode: string, fileHash: string, rows: ImportRow[]): Promise<void> {
    const key = this.keyOf(importId);
    for (const row of rows) {
      try {
        const created = await this.importRow(principal, campaignId, villageCode, fileHash, row);
        await this.redis.multi().hincrby(key, 'doneRows', 1).hincrby(key, 'createdEntries', created ? 1 : 0).exec();
      } catch (error) {
        const reason = isDomainError(error) || error instanceof Error ? error.message : String(error);
        this.logger.warn(`import ${importId} stopped at ${row.sheet} row ${row.row}: ${reason}`);
        await this.redis.hset(key, 'state', 'failed', 'failedReason', `${row.sheet} 第${row.row}行：${reason}`);
        return;
      }
    }
    await this.redis.hset(key, 'state', 'completed');
  }

  /** One row as domain commands; each keyed by the row, so a second import replays instead of writing. */
  private async importRow(principal: Principal, campaignId: string, villageCode: string, fileHash: string, row: ImportRow): Promise<boolean> {
    const base = `import-${createHash('sha256').update(`${campaignId}\u0000${villageCode}\u0000${row.rowKey}`).digest('hex').slice(0, 40)}`;
    const context = (step: string, who: Principal = principal): CommandContext => ({ principal: who, idempotencyKey: `${base}:${step}`, correlationId: randomUUID() });
    const recorded = await this.commands.recordProblem(
      { type: 'RecordProblem', campaignId, villageCode, itemNo: row.itemNo, description: row.problem, foundBy: principal.displayName, foundAt: this.clock.now() },
      context('record'),
    );
    const entryId = recorded.entryId;
    await this.commands.entry(
      // the ledger has no 责任人 column: the responsible unit stands for it
      { type: 'PlanRectification', entryId, measures: row.measures, responsibleUnit: row.responsibleUnit, responsiblePerson: row.responsibleUnit, deadline: row.deadline },
      context('plan'),
    );
    if (row.signedOff && row.result !== null) {
      await this.commands.entry({ type: 'SubmitResult', entryId, result: row.result, evidenceRefs: [`ledger-import-${fileHash.slice(0, 16)}-r${row.row}`] }, context('submit'));
      const signer: Principal = { ...principal, userId: IMPORT_SIGN_OFF_ACTOR_ID, username: IMPORT_SIGN_OFF_ACTOR_ID, displayName: '台账导入（原台账已销号）', roles: [] };
      await this.commands.entry({ type: 'ApproveSignOff', entryId, comment: '导入已有台账：原台账已销号' }, context('sign-off', signer));
    }
    return !recorded.replayed;
  }

  private keyOf(importId: string): string {
    return `${this.config.queuePrefix}:ledger-import:${importId}`;
  }
}
