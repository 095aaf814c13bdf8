import type { ChecklistItem } from '@rectify/ledger-domain';
import type { CampaignEntity } from '@rectify/ledger-read-model';
import type { WorkReportCoverage, WorkReportEntryFact } from '@rectify/reports';
import { descendantsLikePattern } from '@rectify/tenancy';
import type { DataSource } from 'typeorm';
import { levelOfPath, type ReportLevel } from './ledger-report.source';

const FACT_PAGE = 2000;

/** The label of the scope's own entries in a by-child table (entries recorded at the scope's level itself). */
export const OWN_LEVEL_LABEL = '本级';

/** 乡镇（街道） for a county report, 县（市、区） for a city report, 村（社区） for a township report. */
export function childLabelOf(level: ReportLevel): string {
  return level === 'township' ? '村（社区）' : level === 'county' ? '乡镇（街道）' : '县（市、区）';
}

/** One child of the report: its key in the facts (a village code, or a tenant path) and its label. */
export interface WorkReportChild {
  readonly key: string;
  readonly label: string;
}

/**
 * What the work report reads from the read model, within one campaign chain (the report
 * campaign's root) and one tenant subtree. The children are villages for a township report and
 * the tenants one level below otherwise. Facts are streamed in keyset pages by entry id, and
 * coverage is counted in SQL per child × sub-area, so memory does not grow with the entries.
 */
export class WorkReportSource {
  constructor(private readonly db: DataSource) {}

  /**
   * Every child of the scope: its villages (township), or the tenant paths one level down that
   * have villages, received the campaign or hold entries. `names` labels tenants by path (from
   * the job payload); villages are labelled with their names (the code added when two share one).
   */
  async children(campaign: CampaignEntity, names: Readonly<Record<string, string>> = {}): Promise<WorkReportChild[]> {
    const scope = campaign.tenantPath;
    if (levelOfPath(scope) === 'township') {
      const rows: { village_code: string; name: string }[] = await this.db.query(
        `SELECT village_code, name FROM ${this.schema}.village WHERE tenant_path = $1 OR tenant_path LIKE $2 ORDER BY village_code`,
        [scope, descendantsLikePattern(scope)],
      );
      const counts = new Map<string, number>();
      for (const row of rows) counts.set(row.name, (counts.get(row.name) ?? 0) + 1);
      return rows.map((row) => ({ key: row.village_code, label: (counts.get(row.name) ?? 0) > 1 ? `${row.name}（${row.village_code}）` : row.name }));
    }
    const depth = scope.split('/').length + 1;
    const rows: { child: string }[] = await this.db.query(
      `SELECT array_to_string((string_to_array(tenant_path, '/'))[1:$3::int], '/') AS child FROM ${this.schema}.village WHERE tenant_path LIKE $2
        UNION
       SELECT array_to_string((string_to_array(tenant_path, '/'))[1:$3::int], '/') FROM ${this.schema}.campaign WHERE root_campaign_id = $4 AND tenant_path LIKE $2
        UNION
       SELECT CASE WHEN tenant_path = $1 THEN $1 ELSE array_to_string((string_to_array(tenant_path, '/'))[1:$3::int], '/') END
         FROM ${this.schema}.ledger_entry WHERE root_campaign_id = $4 AND (tenant_path = $1 OR tenant_path LIKE $2)
        ORDER BY 1`,
      [scope, descendantsLikePattern(scope), depth, campaign.rootCampaignId],
    );
    return rows.map((row) => ({ key: row.child, label: row.child === scope ? OWN_LEVEL_LABEL : (names[row.child] ?? codeOf(row.child)) }));
  }

  /** How many entries the report reads (for progress). */
  async count(campaign: CampaignEntity): Promise<number> {
    const [row] = (await this.db.query(
      `SELECT count(*)::int AS n FROM ${this.schema}.ledger_entry WHERE root_campaign_id = $1 AND (tenant_path = $2 OR tenant_path LIKE $3)`,
      [campaign.rootCampaignId, campaign.tenantPath, descendantsLikePattern(campaign.tenantPath)],
    )) as { n: number }[];
    return row?.n ?? 0;
  }

  /**
   * Checked / expected village × item cells per child × sub-area, as of the end of `asOf`
   * (Asia/Shanghai): expected = the child's villages × the sub-area's items of `checklist`;
   * checked = distinct cells first checked by then under any campaign of the chain.
   */
  async coverage(campaign: CampaignEntity, checklist: readonly ChecklistItem[], children: readonly WorkReportChild[], asOf: string): Promise<WorkReportCoverage[]> {
    const scope = campaign.tenantPath;
    // $1 scope, $2 its descendants pattern, then (county and city) $3 the depth of a child path
    const [childOfVillage, base] = levelOfPath(scope) === 'township'
      ? ['v.village_code', [scope, descendantsLikePattern(scope)]]
      : [`array_to_string((string_to_array(v.tenant_path, '/'))[1:$3::int], '/')`, [scope, descendantsLikePattern(scope), scope.split('/').length + 1]];
    const n = base.length;
    const villages: { child: string; villages: number }[] = await this.db.query(
      `SELECT ${childOfVillage} AS child, count(*)::int AS villages FROM ${this.schema}.village v
        WHERE v.tenant_path = $1 OR v.tenant_path LIKE $2
        GROUP BY 1`,
      base,
    );
    const checked: { child: string; sub_area_no: number; checked: number }[] = await this.db.query(
      `SELECT x.child, i.sub_area_no, count(*)::int AS checked
         FROM (SELECT DISTINCT c.village_code, c.item_no, ${childOfVillage} AS child
                 FROM ${this.schema}.inspection_check c
                 JOIN ${this.schema}.village v ON v.village_code = c.village_code AND (v.tenant_path = $1 OR v.tenant_path LIKE $2)
                WHERE c.root_campaign_id = $${n + 1} AND (c.first_checked_at AT TIME ZONE 'Asia/Shanghai')::date <= $${n + 2}::date) x
         JOIN unnest($${n + 3}::int[], $${n + 4}::int[]) AS i(item_no, sub_area_no) ON i.item_no = x.item_no
        GROUP BY x.child, i.sub_area_no`,
      [...base, campaign.rootCampaignId, asOf, checklist.map((i) => i.itemNo), checklist.map((i) => i.subAreaNo)],
    );
    const itemsPerSubArea = new Map<number, number>();
    for (const item of checklist) itemsPerSubArea.set(item.subAreaNo, (itemsPerSubArea.get(item.subAreaNo) ?? 0) + 1);
    const labels = new Map(children.map((c) => [c.key, c.label]));
    const checkedBy = new Map(checked.map((r) => [`${r.child}\u0000${r.sub_area_no}`, r.checked]));
    const cells: WorkReportCoverage[] = [];
    for (const row of villages) {
      for (const [subAreaNo, itemCount] of itemsPerSubArea) {
        cells.push({
          child: labels.get(row.child) ?? codeOf(row.child),
          subAreaNo,
          checkedCells: checkedBy.get(`${row.child}\u0000${subAreaNo}`) ?? 0,
          expectedCells: row.villages * itemCount,
        });
      }
    }
    return cells;
  }

  /** Every entry of the chain in the scope as a work report fact, by entry id; `onRow` counts them. */
  async *facts(campaign: CampaignEntity, children: readonly WorkReportChild[], onRow: () => void = () => undefined): AsyncGenerator<WorkReportEntryFact> {
    const scope = campaign.tenantPath;
    const township = levelOfPath(scope) === 'township';
    const labels = new Map(children.map((c) => [c.key, c.label]));
    // $1 scope, $2 its descendants pattern, $3 the campaign chain, $4 the last entry id, then (county and city) $5 the depth of a child path
    const childOfEntry = township ? 'e.village_code' : `CASE WHEN e.tenant_path = $1 THEN $1 ELSE array_to_string((string_to_array(e.tenant_path, '/'))[1:$5::int], '/') END`;
    const depth = township ? [] : [scope.split('/').length + 1];
    let after = '';
    for (;;) {
      const page: {
        entry_id: string;
        child: string;
        item_no: number;
        opened_on: string;
        closed_on: string | null;
        status: string;
        due_date: string | null;
        is_recurrence: boolean;
      }[] = await this.db.query(
        `SELECT e.entry_id, ${childOfEntry} AS child, e.item_no, e.opened_on::text AS opened_on, e.closed_on::text AS closed_on, e.status,
                e.due_date::text AS due_date, e.is_recurrence
           FROM ${this.schema}.ledger_entry e
          WHERE e.root_campaign_id = $3 AND (e.tenant_path = $1 OR e.tenant_path LIKE $2) AND e.entry_id > $4
          ORDER BY e.entry_id
          LIMIT ${FACT_PAGE}`,
        [scope, descendantsLikePattern(scope), campaign.rootCampaignId, after, ...depth],
      );
      for (const row of page) {
        onRow();
        yield {
          child: labels.get(row.child) ?? (row.child === scope ? OWN_LEVEL_LABEL : codeOf(row.child)),
          itemNo: row.item_no,
          recordedOn: row.opened_on,
          signedOffOn: row.status === 'signed_off' ? row.closed_on : null,
          voidedOn: row.status === 'voided' ? row.closed_on : null,
          dueDate: row.due_date,
          recurrence: row.is_recurrence,
        };
      }
      const last = page[page.length - 1];
      if (!last || page.length < FACT_PAGE) return;
      after = last.entry_id;
    }
  }

  private get schema(): string {
    return this.db.driver.schema ?? 'read_model';
  }
}

function codeOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
