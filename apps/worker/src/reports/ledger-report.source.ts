import type { ChecklistItem, RectificationDeadline } from '@rectify/ledger-domain';
import { CampaignEntity, type ChecklistItemEntity, LedgerEntryEntity, VillageEntity } from '@rectify/ledger-read-model';
import type { LedgerEntryRow } from '@rectify/reports';
import type { DataSource } from 'typeorm';
import { descendantsLikePattern } from '@rectify/tenancy';

/** The level of a tenant, from its own code (GB/T 2260: 9 digits township, `xxxx00` city, else county). */
export type ReportLevel = 'township' | 'county' | 'city';

export function levelOfPath(path: string): ReportLevel {
  const code = path.slice(path.lastIndexOf('/') + 1);
  if (/^\d{9}$/.test(code)) return 'township';
  if (/^\d{4}00$/.test(code)) return 'city';
  return 'county';
}

/** One sheet of a report: a township (or, in a city report, a county) and the path its rows lie under. */
export interface ReportSheet {
  readonly name: string;
  readonly tenantPath: string;
}

const ROW_PAGE = 500;


/**
 * What the ledger report reads from the read model, always within one campaign chain (the report
 * campaign's root) and one tenant subtree. Rows are streamed in keyset pages (item, entry id), so a
 * city ledger of hundreds of thousands of entries never sits in memory.
 */
export class LedgerReportSource {
  constructor(private readonly db: DataSource) {}

  campaign(campaignId: string): Promise<CampaignEntity | null> {
    return this.db.getRepository(CampaignEntity).findOne({ where: { campaignId } });
  }

  /**
   * The checklist of the report: the scope campaign's version, plus items that lower levels added
   * in their own versions (forwarding overlays), so every entry has its item.
   */
  async checklist(campaign: CampaignEntity): Promise<ChecklistItem[]> {
    const rows: ChecklistItemEntity[] = await this.db.query(
      `SELECT DISTINCT ON (i.item_no) i.item_no AS "itemNo", i.category_no AS "categoryNo", i.category_name AS "categoryName",
              i.sub_area_no AS "subAreaNo", i.sub_area_name AS "subAreaName", i.text, i.responsible_units AS "responsibleUnits"
         FROM ${this.schema}.checklist_item i
         JOIN ${this.schema}.campaign c ON c.checklist_version_id = i.version_id
        WHERE c.root_campaign_id = $1 AND (c.tenant_path = $2 OR c.tenant_path LIKE $3)
        ORDER BY i.item_no, (c.campaign_id = $4) DESC, length(c.tenant_path)`,
      [campaign.rootCampaignId, campaign.tenantPath, descendantsLikePattern(campaign.tenantPath), campaign.campaignId],
    );
    return rows.map((r) => ({
      itemNo: r.itemNo,
      categoryNo: r.categoryNo,
      categoryName: r.categoryName,
      subAreaNo: r.subAreaNo,
      subAreaName: r.subAreaName,
      text: r.text,
      responsibleUnits: r.responsibleUnits,
    }));
  }

  /** The sheets: the scope itself for a township; its direct children (who received the campaign) otherwise. */
  async sheets(campaign: CampaignEntity): Promise<ReportSheet[]> {
    if (levelOfPath(campaign.tenantPath) === 'township') return [{ name: codeOf(campaign.tenantPath), tenantPath: campaign.tenantPath }];
    const rows: { tenant_path: string }[] = await this.db.query(
      `SELECT DISTINCT tenant_path FROM ${this.schema}.campaign
        WHERE root_campaign_id = $1 AND tenant_path LIKE $2 AND tenant_path NOT LIKE $3
        UNION
       SELECT DISTINCT array_to_string((string_to_array(tenant_path, '/'))[1:$4], '/') FROM ${this.schema}.ledger_entry
        WHERE root_campaign_id = $1 AND tenant_path LIKE $2
        ORDER BY 1`,
      [campaign.rootCampaignId, descendantsLikePattern(campaign.tenantPath), `${descendantsLikePattern(campaign.tenantPath)}/%`, campaign.tenantPath.split('/').length + 1],
    );
    return rows.map((r) => ({ name: codeOf(r.tenant_path), tenantPath: r.tenant_path }));
  }

  /** How many entries the report covers (for progress). */
  async count(campaign: CampaignEntity): Promise<number> {
    const [row] = (await this.db.query(
      `SELECT count(*)::int AS n FROM ${this.schema}.ledger_entry
        WHERE root_campaign_id = $1 AND status <> 'voided' AND (tenant_path = $2 OR tenant_path LIKE $3)`,
      [campaign.rootCampaignId, campaign.tenantPath, descendantsLikePattern(campaign.tenantPath)],
    )) as { n: number }[];
    return row?.n ?? 0;
  }

  /** The sheet's entries, by item number then entry id, as report rows; `onRow` counts them. */
  async *rows(rootCampaignId: string, sheet: ReportSheet, onRow: () => void = () => undefined): AsyncGenerator<LedgerEntryRow> {
    const villages = new Map<string, string>();
    let after: { itemNo: number; entryId: string } | null = null;
    for (;;) {
      const qb = this.db
        .createQueryBuilder(LedgerEntryEntity, 'e')
        .where('e.root_campaign_id = :root', { root: rootCampaignId })
        .andWhere("e.status <> 'voided'")
        .andWhere('(e.tenant_path = :path OR e.tenant_path LIKE :below)', { path: sheet.tenantPath, below: descendantsLikePattern(sheet.tenantPath) });
      if (after) qb.andWhere('(e.item_no, e.entry_id) > (:afterItem, :afterId)', { afterItem: after.itemNo, afterId: after.entryId });
      const page = await qb.orderBy('e.item_no', 'ASC').addOrderBy('e.entry_id', 'ASC').limit(ROW_PAGE).getMany();
      await this.loadVillageNames(page, villages);
      for (const entry of page) {
        onRow();
        yield toReportRow(entry, villages.get(entry.villageCode) ?? null);
      }
      const last = page[page.length - 1];
      if (!last || page.length < ROW_PAGE) return;
      after = { itemNo: last.itemNo, entryId: last.entryId };
    }
  }

  private async loadVillageNames(page: readonly LedgerEntryEntity[], names: Map<string, string>): Promise<void> {
    const missing = [...new Set(page.map((e) => e.villageCode).filter((code) => !names.has(code)))];
    if (missing.length === 0) return;
    const rows = await this.db.createQueryBuilder(VillageEntity, 'v').where('v.village_code = ANY(:codes)', { codes: missing }).getMany();
    for (const row of rows) names.set(row.villageCode, row.name);
  }

  private get schema(): string {
    return this.db.driver.schema ?? 'read_model';
  }
}

function codeOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * The read model keeps the deadline class and the planned due date but not long-term milestones:
 * a long-term plan is shown with its final date only.
 */
function deadlineOf(entry: LedgerEntryEntity): RectificationDeadline | null {
  if (entry.deadlineClass === null || entry.originalDueDate === null) return null;
  if (entry.deadlineClass === 'long_term') return { kind: 'long_term', milestones: [{ date: entry.originalDueDate, description: '全部完成' }] };
  return { kind: entry.deadlineClass, date: entry.originalDueDate };
}

/** A read-model row as a ledger row: the problem is prefixed with the village (【村名】). */
export function toReportRow(entry: LedgerEntryEntity, villageName: string | null): LedgerEntryRow {
  return {
    itemNo: entry.itemNo,
    problem: `【${villageName ?? entry.villageCode}】${entry.description}`,
    measures: entry.measures,
    deadline: deadlineOf(entry),
    dueDate: entry.dueDate,
    result: entry.result,
    status: entry.status,
  };
}
