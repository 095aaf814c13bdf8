import type { DataSource, EntityManager } from 'typeorm';
import { CampaignEntity } from '../entities';
import { schemaOfDb } from '../read-model-schema';
import { assertScope, isWithinScope, subtreePattern } from '../tenancy/tenant-scope';

export interface InspectionCoverageResult {
  readonly campaignId: string;
  readonly villages: number;
  readonly items: number;
  /** villages × items */
  readonly cells: number;
  readonly checked: number;
  readonly unchecked: number;
  /** The first unchecked cells (盲区), by village then item; at most `uncheckedLimit`. */
  readonly uncheckedCells: { villageCode: string; itemNo: number }[];
}

/**
 * 逐村逐项 coverage: every village of the scope × every item of the campaign's checklist, checked
 * or not. Checks of the whole forwarding chain count (a township checks under its own campaign).
 */
export class CoverageQueryService {
  constructor(private readonly db: DataSource | EntityManager) {}

  async coverage(scope: string, campaignId: string, options: { uncheckedLimit?: number } = {}): Promise<InspectionCoverageResult | null> {
    assertScope(scope);
    const campaign = await this.db.getRepository(CampaignEntity).findOne({ where: { campaignId } });
    if (campaign === null) return null;
    // The campaign's own tenant and the caller's scope lie on one branch, or the caller sees nothing.
    let area: string;
    if (isWithinScope(campaign.tenantPath, scope)) area = campaign.tenantPath;
    else if (isWithinScope(scope, campaign.tenantPath)) area = scope;
    else return null;
    const s = schemaOfDb(this.db);
    const params = [area, subtreePattern(area), campaign.checklistVersionId, campaign.rootCampaignId];
    const [counts]: { villages: number; items: number; checked: number }[] = await this.db.query(
      `SELECT
         (SELECT count(*)::int FROM ${s}.village v WHERE v.tenant_path = $1 OR v.tenant_path LIKE $2) AS villages,
         (SELECT count(*)::int FROM ${s}.checklist_item i WHERE i.version_id = $3) AS items,
         (SELECT count(DISTINCT (c.village_code, c.item_no))::int
            FROM ${s}.inspection_check c
            JOIN ${s}.village v ON v.village_code = c.village_code AND (v.tenant_path = $1 OR v.tenant_path LIKE $2)
            JOIN ${s}.checklist_item i ON i.version_id = $3 AND i.item_no = c.item_no
           WHERE c.root_campaign_id = $4) AS checked`,
      params,
    );
    const limit = options.uncheckedLimit ?? 1000;
    const uncheckedRows: { village_code: string; item_no: number }[] = await this.db.query(
      `SELECT v.village_code, i.item_no
         FROM ${s}.village v
         JOIN ${s}.checklist_item i ON i.version_id = $3
        WHERE (v.tenant_path = $1 OR v.tenant_path LIKE $2)
          AND NOT EXISTS (SELECT 1 FROM ${s}.inspection_check c
                           WHERE c.root_campaign_id = $4 AND c.village_code = v.village_code AND c.item_no = i.item_no)
        ORDER BY v.village_code, i.item_no
        LIMIT $5`,
      [...params, limit],
    );
    const cells = counts.villages * counts.items;
    return {
      campaignId,
      villages: counts.villages,
      items: counts.items,
      cells,
      checked: counts.checked,
      unchecked: cells - counts.checked,
      uncheckedCells: uncheckedRows.map((r) => ({ villageCode: r.village_code, itemNo: r.item_no })),
    };
  }
}
