import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { LedgerCommandService, NotFoundError, deterministicUuid, type Clock, type CommandContext } from '@rectify/ledger-application';
import { isDomainError, type ChecklistItem, type LedgerEntry } from '@rectify/ledger-domain';
import { CampaignQueryService } from '@rectify/ledger-read-model';
import { importLedgerWorkbook, type ImportError, type ImportRow } from '@rectify/reports';
import { isWithinScope, type Principal } from '@rectify/tenancy';
import type { Redis } from 'ioredis';
import { CLOCK } from '../../infrastructure/tokens';
import { TenantRefs } from '../../ledger/tenant-refs.service';
import { JOBS_API_CONFIG, type JobsApiConfig } from '../jobs-api-config';
import { JOBS_REDIS } from '../jobs-api.module';
import { changedColumns } from './import-row-diff';

/** The user id historic sign-offs are appended under (the importer submitted the result; nobody signs off their own). */
export const IMPORT_SIGN_OFF_ACTOR_ID = 'system-ledger-import';
const KEEP_SECONDS = 7 * 24 * 3600;
/** The evidence reference of an imported result (`ledger-import-{file hash}-r{row}`). */
const IMPORT_EVIDENCE_PREFIX = 'ledger-import-';
/** How many changed rows an import lists by number (the count is always exact). */
const CHANGED_ROWS_LISTED = 50;

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
  /** Rows whose entries were already there (imported before, by anyone in the tenant, from this file or an earlier version of it). */
  readonly alreadyImportedRows: number;
  /** Of those, rows whose other columns differ from the imported entry: not applied (an import never overwrites). */
  readonly changedRows: number;
  /** The first changed rows: `褚河街道 第4行：整改措施、整改时限`. */
  readonly changedRowNotes: readonly string[];
  /** Who uploaded the file that started this import. */
  readonly startedBy: string;
  readonly failedReason: string | null;
}

/** The answer to an upload: the import's status, and whether this upload started it or found it already there. */
export interface ImportUploadResult extends ImportJobStatus {
  /** True when the same file (by content) was already imported, or is being imported, into this campaign and village by this tenant: nothing new was started. */
  readonly repeated: boolean;
  /** What happened, in Chinese. */
  readonly message: string;
}

type RowOutcome = { created: boolean; changed: string[] | null };

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
 * keys from the row's `rowKey` (and the campaign and village) under the idempotency scope
 * `ledger-import:{campaignId}`, not the user: importing the same rows again — the same file, a
 * changed file, by the same or another user — writes no entry twice. The import's id derives from
 * the importing tenant and the file's SHA-256, so the same file uploaded again by anyone in the
 * tenant answers with that import (`repeated`). Rows already imported are counted
 * (`alreadyImportedRows`), and those whose other columns changed are listed, never overwritten.
 * Progress lives in Redis (any API instance answers `importJob`); a run cut short by a restart is
 * finished by uploading the same file again.
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
  async start(principal: Principal, input: { campaignId: string; villageCode: string; file: Buffer }): Promise<ImportUploadResult> {
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
    // one import per tenant, campaign, village and file content: another user of the tenant uploading the same file finds it
    const importId = deterministicUuid('ledger-import', principal.tenantPath, input.campaignId, input.villageCode, fileHash);
    const key = this.keyOf(importId);
    const fresh = await this.redis.hsetnx(key, 'state', 'running');
    if (fresh === 0) {
      const existing = await this.status(importId, principal);
      if (existing.state !== 'failed') return { ...existing, repeated: true, message: repeatedMessage(existing) };
      await this.redis.hset(key, 'state', 'running', 'failedReason', '');
    }
    await this.redis.hset(
      key,
      'tenantPath', principal.tenantPath,
      'campaignId', input.campaignId,
      'villageCode', input.villageCode,
      'startedBy', principal.displayName,
      'totalRows', String(result.rows.length),
      'doneRows', '0',
      'createdEntries', '0',
      'alreadyImportedRows', '0',
      'changedRows', '0',
      'changedRowNotes', '[]',
    );
    await this.redis.expire(key, KEEP_SECONDS);
    void this.run(principal, importId, input.campaignId, input.villageCode, fileHash, result.rows);
    return { ...(await this.status(importId, principal)), repeated: false, message: `已开始导入 ${result.rows.length} 行` };
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
      alreadyImportedRows: Number(h['alreadyImportedRows'] ?? 0),
      changedRows: Number(h['changedRows'] ?? 0),
      changedRowNotes: parseNotes(h['changedRowNotes']),
      startedBy: h['startedBy'] ?? '',
      failedReason: h['failedReason'] || null,
    };
  }

  private async run(principal: Principal, importId: string, campaignId: string, villageCode: string, fileHash: string, rows: ImportRow[]): Promise<void> {
    const key = this.keyOf(importId);
    const notes: string[] = [];
    for (const row of rows) {
      try {
        const { created, changed } = await this.importRow(principal, campaignId, villageCode, fileHash, row);
        const update = this.redis.multi().hincrby(key, 'doneRows', 1).hincrby(key, created ? 'createdEntries' : 'alreadyImportedRows', 1);
        if (changed !== null && changed.length > 0) {
          update.hincrby(key, 'changedRows', 1);
          if (notes.length < CHANGED_ROWS_LISTED) {
            notes.push(`${row.sheet} 第${row.row}行：${changed.join('、')}与已导入的不一致，未覆盖`);
            update.hset(key, 'changedRowNotes', JSON.stringify(notes));
          }
        }
        await update.exec();
      } catch (error) {
        const reason = isDomainError(error) || error instanceof Error ? error.message : String(error);
        this.logger.warn(`import ${importId} stopped at ${row.sheet} row ${row.row}: ${reason}`);
        await this.redis.hset(key, 'state', 'failed', 'failedReason', `${row.sheet} 第${row.row}行：${reason}`);
        return;
      }
    }
    await this.redis.hset(key, 'state', 'completed');
  }

  /**
   * One row as domain commands; each keyed by the row under the campaign's import scope, so a
   * second import (by anyone) replays instead of writing. A row whose entry was already there is
   * compared with it: the columns that differ are returned (`changed`), and nothing is overwritten.
   */
  private async importRow(principal: Principal, campaignId: string, villageCode: string, fileHash: string, row: ImportRow): Promise<RowOutcome> {
    const base = `import-${createHash('sha256').update(`${campaignId}\u0000${villageCode}\u0000${row.rowKey}`).digest('hex').slice(0, 40)}`;
    const scope = `ledger-import:${campaignId}`;
    const context = (step: string, who: Principal = principal): CommandContext => ({ principal: who, idempotencyKey: `${base}:${step}`, idempotencyScope: scope, correlationId: randomUUID() });
    const recorded = await this.commands.recordProblem(
      { type: 'RecordProblem', campaignId, villageCode, itemNo: row.itemNo, description: row.problem, foundBy: principal.displayName, foundAt: this.clock.now() },
      context('record'),
    );
    const entryId = recorded.entryId;
    let entry = recorded.state as LedgerEntry | null;
    // A new entry is walked through every step. An entry that was already there (imported before)
    // gets only the steps it still lacks from an import (one cut short): nothing that is there is redone or rewritten.
    const fresh = !recorded.replayed;
    if (fresh || entry?.plan === null) {
      const planned = await this.commands.entry(
        // the ledger has no 责任人 column: the responsible unit stands for it
        { type: 'PlanRectification', entryId, measures: row.measures, responsibleUnit: row.responsibleUnit, responsiblePerson: row.responsibleUnit, deadline: row.deadline },
        context('plan'),
      );
      entry = planned.state as LedgerEntry | null;
    }
    if (row.signedOff && row.result !== null) {
      if (fresh || (entry?.result === null && (entry.status === 'planned' || entry.status === 'in_progress'))) {
        entry = (await this.commands.entry({ type: 'SubmitResult', entryId, result: row.result, evidenceRefs: [`${IMPORT_EVIDENCE_PREFIX}${fileHash.slice(0, 16)}-r${row.row}`] }, context('submit'))).state as LedgerEntry | null;
      }
      const submittedByImport = entry?.status === 'submitted' && (entry.result?.evidenceRefs ?? []).some((ref) => ref.startsWith(IMPORT_EVIDENCE_PREFIX));
      if (fresh || submittedByImport) {
        const signer: Principal = { ...principal, userId: IMPORT_SIGN_OFF_ACTOR_ID, username: IMPORT_SIGN_OFF_ACTOR_ID, displayName: '台账导入（原台账已销号）', roles: [] };
        entry = (await this.commands.entry({ type: 'ApproveSignOff', entryId, comment: '导入已有台账：原台账已销号' }, context('sign-off', signer))).state as LedgerEntry | null;
      }
    }
    if (fresh) return { created: true, changed: null };
    return { created: false, changed: entry === null ? null : changedColumns(row, entry) };
  }

  private keyOf(importId: string): string {
    return `${this.config.queuePrefix}:ledger-import:${importId}`;
  }
}

function parseNotes(raw: string | undefined): string[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter((note): note is string => typeof note === 'string') : [];
  } catch {
    return [];
  }
}

function repeatedMessage(status: ImportJobStatus): string {
  const by = status.startedBy ? `（${status.startedBy}上传）` : '';
  if (status.state === 'running') return `同一文件正在导入${by}，本次未重复导入`;
  return `同一文件已导入${by}：新建 ${status.createdEntries} 条，已存在 ${status.alreadyImportedRows} 行；本次未重复导入`;
}
