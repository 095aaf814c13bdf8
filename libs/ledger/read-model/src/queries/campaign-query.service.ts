import type { DataSource, EntityManager } from 'typeorm';
import { CampaignEntity, CampaignForwardEntity, ChecklistItemEntity, ChecklistVersionEntity } from '../entities';
import { schemaOfDb } from '../read-model-schema';
import { assertScope, isWithinScope } from '../tenancy/tenant-scope';
import { descendantsLikePattern } from '@rectify/tenancy';

/**
 * A campaign or checklist version is visible to a caller when its tenant lies within the caller's
 * scope, or above it (the notices and checklists that reached the caller from its superiors); a
 * sibling's is not. Invisible rows are answered exactly like missing ones.
 */
function isVisible(tenantPath: string, scope: string): boolean {
  return isWithinScope(tenantPath, scope) || isWithinScope(scope, tenantPath);
}

/** Campaigns, their forwarding lineage, and checklist versions with their items. */
export class CampaignQueryService {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** For DataLoader: one campaign (or null) per id, in the ids' order. */
  async campaignsByIds(ids: readonly string[], scope: string): Promise<(CampaignEntity | null)[]> {
    assertScope(scope);
    if (ids.length === 0) return [];
    const rows = await this.db.createQueryBuilder(CampaignEntity, 'c').where('c.campaign_id = ANY(:ids)', { ids: [...ids] }).getMany();
    const byId = new Map(rows.filter((r) => isVisible(r.tenantPath, scope)).map((r) => [r.campaignId, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Campaigns owned by tenants within the scope, newest first. */
  async campaignsInScope(scope: string): Promise<CampaignEntity[]> {
    assertScope(scope);
    return this.db
      .createQueryBuilder(CampaignEntity, 'c')
      .where(`(c.tenant_path = :scope OR c.tenant_path LIKE :like)`, { scope, like: descendantsLikePattern(scope) })
      .orderBy('c.issued_on', 'DESC')
      .addOrderBy('c.campaign_id', 'ASC')
      .getMany();
  }

  /** The forwarding chain from the top campaign down to this one (e.g. city → county → township). */
  async lineage(campaignId: string, scope: string): Promise<CampaignEntity[] | null> {
    const [campaign] = await this.campaignsByIds([campaignId], scope);
    if (!campaign) return null;
    const s = schemaOfDb(this.db);
    const rows: { campaign_id: string; depth: number }[] = await this.db.query(
      `WITH RECURSIVE chain AS (
         SELECT campaign_id, parent_campaign_id, 0 AS depth FROM ${s}.campaign WHERE campaign_id = $1
         UNION ALL
         SELECT c.campaign_id, c.parent_campaign_id, chain.depth + 1
           FROM ${s}.campaign c JOIN chain ON c.campaign_id = chain.parent_campaign_id
          WHERE chain.depth < 16
       )
       SELECT campaign_id, depth FROM chain ORDER BY depth DESC`,
      [campaignId],
    );
    const ids = rows.map((r) => r.campaign_id);
    const found = await this.db.createQueryBuilder(CampaignEntity, 'c').where('c.campaign_id = ANY(:ids)', { ids }).getMany();
    const byId = new Map(found.map((c) => [c.campaignId, c]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** The forwardings of a campaign to its child tenants that the caller may see. */
  async forwardsOf(campaignId: string, scope: string): Promise<CampaignForwardEntity[] | null> {
    const [campaign] = await this.campaignsByIds([campaignId], scope);
    if (!campaign) return null;
    const rows = await this.db.getRepository(CampaignForwardEntity).find({ where: { campaignId }, order: { childCampaignId: 'ASC' } });
    return rows.filter((r) => isVisible(r.childTenantPath, scope));
  }

  async checklistVersion(versionId: string, scope: string): Promise<ChecklistVersionEntity | null> {
    assertScope(scope);
    const row = await this.db.getRepository(ChecklistVersionEntity).findOne({ where: { versionId } });
    return row && isVisible(row.tenantPath, scope) ? row : null;
  }

  async checklistItems(versionId: string, scope: string): Promise<ChecklistItemEntity[] | null> {
    if ((await this.checklistVersion(versionId, scope)) === null) return null;
    return this.db.getRepository(ChecklistItemEntity).find({ where: { versionId }, order: { itemNo: 'ASC' } });
  }

  /** The chain of checklist versions from the top-level list down to this one. */
  async checklistLineage(versionId: string, scope: string): Promise<ChecklistVersionEntity[] | null> {
    const chain: ChecklistVersionEntity[] = [];
    let next: string | null = versionId;
    while (next !== null && chain.length < 16) {
      const version: ChecklistVersionEntity | null = await this.db.getRepository(ChecklistVersionEntity).findOne({ where: { versionId: next } });
      if (version === null) break;
      chain.unshift(version);
      next = version.parentVersionId;
    }
    const own = chain[chain.length - 1];
    if (!own || own.versionId !== versionId || !isVisible(own.tenantPath, scope)) return null;
    return chain;
  }
}
