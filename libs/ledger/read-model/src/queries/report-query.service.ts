import type { DataSource, EntityManager } from 'typeorm';
import { CampaignEntity, CampaignForwardEntity, ReportEntity, type ReportStatusValue } from '../entities';
import { ReadModelError, ReadModelErrorCode } from '../errors';
import { assertScope, isWithinScope, subtreePattern } from '../tenancy/tenant-scope';

export interface ReportFilter {
  readonly campaignId?: string | null;
  readonly status?: ReportStatusValue | null;
  /** Only this tenant's reports (within the scope). */
  readonly tenantPath?: string | null;
  /** Reports submitted to this tenant (the parent's 收件箱). */
  readonly submittedTo?: string | null;
}

export interface ReportPage {
  readonly items: ReportEntity[];
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
}

/** A child tenant of a forwarded campaign, and where its report stands (for 未报送). */
export interface ChildReportStatus {
  readonly childTenantId: string;
  readonly childTenantPath: string;
  readonly childCampaignId: string;
  readonly reportDueDate: string;
  /** The child's most advanced report for the campaign, or null when it requested none. */
  readonly reportId: string | null;
  readonly status: ReportStatusValue | null;
}

const SUBMITTED: ReportStatusValue[] = ['submitted', 'accepted'];

function encodeCursor(reportId: string): string {
  return Buffer.from(`report:${reportId}`).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('report:') || text.length <= 'report:'.length) {
    throw new ReadModelError(ReadModelErrorCode.InvalidCursor, '分页游标无效', { cursor });
  }
  return text.slice('report:'.length);
}

/** Reports (报表) within a scope, and a parent's view of which children have not reported. */
export class ReportQueryService {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** One report, or null when it does not exist or lies outside the scope. */
  async reportById(reportId: string, scope: string): Promise<ReportEntity | null> {
    assertScope(scope);
    const row = await this.db.getRepository(ReportEntity).findOne({ where: { reportId } });
    return row && this.visible(row, scope) ? row : null;
  }

  /** Keyset pages on the report id. A report is visible to its tenant's subtree and to the tenant it was submitted to. */
  async list(scope: string, filter: ReportFilter, page: { first: number; after?: string | null }): Promise<ReportPage> {
    assertScope(scope);
    const qb = this.db.createQueryBuilder(ReportEntity, 'r');
    if (filter.submittedTo) {
      if (!isWithinScope(filter.submittedTo, scope)) return { items: [], endCursor: null, hasNextPage: false };
      qb.where('r.parent_tenant_path = :to AND r.submission_count > 0', { to: filter.submittedTo });
    } else {
      qb.where('(r.tenant_path = :scope OR r.tenant_path LIKE :like)', { scope, like: subtreePattern(scope) });
    }
    if (filter.tenantPath) qb.andWhere('r.tenant_path = :path', { path: filter.tenantPath });
    if (filter.campaignId) qb.andWhere('r.campaign_id = :campaignId', { campaignId: filter.campaignId });
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (page.after) qb.andWhere('r.report_id > :after', { after: decodeCursor(page.after) });
    const rows = await qb.orderBy('r.report_id', 'ASC').limit(page.first + 1).getMany();
    const items = rows.slice(0, page.first);
    const last = items[items.length - 1];
    return { items, hasNextPage: rows.length > page.first, endCursor: last ? encodeCursor(last.reportId) : null };
  }

  /**
   * For a parent tenant (the scope itself) and its campaign: every child the campaign was forwarded
   * to, with its most advanced report for the child campaign. `onlyMissing` keeps the children
   * without a submitted or accepted report (未报送). Null when the campaign is not the scope's own.
   */
  async childReports(scope: string, campaignId: string, onlyMissing: boolean): Promise<ChildReportStatus[] | null> {
    assertScope(scope);
    const campaign = await this.db.getRepository(CampaignEntity).findOne({ where: { campaignId }, select: { campaignId: true, tenantPath: true } });
    if (!campaign || campaign.tenantPath !== scope) return null;
    const forwards = await this.db.getRepository(CampaignForwardEntity).find({ where: { campaignId }, order: { childTenantPath: 'ASC' } });
    if (forwards.length === 0) return [];
    const reports = await this.db
      .createQueryBuilder(ReportEntity, 'r')
      .where('r.campaign_id = ANY(:ids)', { ids: forwards.map((f) => f.childCampaignId) })
      .andWhere("r.kind = 'ledger'")
      .getMany();
    const rank: Record<ReportStatusValue, number> = { accepted: 5, submitted: 4, returned: 3, file_recorded: 2, requested: 1 };
    const best = new Map<string, ReportEntity>();
    for (const report of reports) {
      const known = best.get(report.campaignId);
      if (!known || rank[report.status] > rank[known.status]) best.set(report.campaignId, report);
    }
    return forwards
      .map((f): ChildReportStatus => {
        const report = best.get(f.childCampaignId) ?? null;
        return {
          childTenantId: f.childTenantId,
          childTenantPath: f.childTenantPath,
          childCampaignId: f.childCampaignId,
          reportDueDate: f.reportDueDate,
          reportId: report?.reportId ?? null,
          status: report?.status ?? null,
        };
      })
      .filter((child) => !onlyMissing || child.status === null || !SUBMITTED.includes(child.status));
  }

  private visible(row: ReportEntity, scope: string): boolean {
    return isWithinScope(row.tenantPath, scope) || (row.submissionCount > 0 && row.parentTenantPath !== null && isWithinScope(row.parentTenantPath, scope));
  }
}
