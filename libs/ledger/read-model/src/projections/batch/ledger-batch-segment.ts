import type { RecordedEvent } from '@rectify/event-store-core';
import type { EntityManager } from 'typeorm';
import { InspectionCheckEntity, LedgerEntryEntity, RecurrenceIndexEntity } from '../../entities';
import { schemaOf } from '../../read-model-schema';
import { ancestorPaths } from '../../tenancy/tenant-scope';
import { dataOf } from '../event-data';
import { cellKeyOf, checkCell } from '../inspection.projection';
import { changeEntryRow, entryIdOf, entryNotRecorded, factsOf, newEntryRow, type EntryLookups } from '../ledger-entry.projection';
import { contributionsOf, forEachContributionDelta, type Contributions } from '../rollup-contributions';
import { RowCodec } from './row-codec';

type CampaignRow = { campaignId: string; rootCampaignId: string; checklistVersionId: string };
type ItemRow = { versionId: string; itemNo: number; subAreaNo: number; subAreaName: string; categoryNo: number; categoryName: string };

const SEP = '\u0000';
const EMPTY: Contributions = new Map();

/**
 * Consecutive batchable events (entry life, inspection checks), folded in memory and written with a
 * handful of set-based statements. A segment may span several runs separated by events that touch
 * none of its tables (campaigns, checklists, reports: `ledger-batch.projection.ts` applies those per
 * event in their place), so a page is written once rather than once per run:
 *
 * 1. `begin`: read, in one query each, the entry rows all the segment's events touch and the
 *    inspection cells they check more than once (nothing else writes those tables meanwhile);
 * 2. `fold`, once per run: read the campaigns the run names and their checklist items (they may have
 *    been written or revised by the per-event events just before it, so `forgetCampaigns` drops them
 *    after each such event), then fold every event in order with the per-event projection's own pure
 *    functions (`newEntryRow`, `changeEntryRow`, `checkCell`, `diffContributions`), skipping what a
 *    row already includes exactly where the per-event handlers skip it;
 * 3. `write`: the final entry rows and re-checked cells (upsert), the cells checked once with the
 *    per-event statement itself (insert or merge), the new recurrence-index rows (insert or ignore)
 *    and the summed roll-up deltas per tenant and ancestor (one upsert).
 *
 * A counter key that some event touched keeps its row even when the segment's deltas sum to zero, as
 * the per-event path leaves a 0 row behind.
 */
export class LedgerBatchSegment {
  private readonly entries = new Map<string, LedgerEntryEntity | null>();
  private readonly changedEntries = new Set<string>();
  private readonly cells = new Map<string, InspectionCheckEntity | null>();
  private readonly changedCells = new Set<string>();
  private readonly mergedCells: InspectionCheckEntity[] = [];
  private readonly recurrences = new Map<string, RecurrenceIndexEntity>();
  /** `rootCampaignId SEP tenantPath SEP dimension SEP key` → summed delta. */
  private readonly counters = new Map<string, number>();
  /** What each entry row state adds to the counters, computed once per state. */
  private readonly contributions = new WeakMap<LedgerEntryEntity, Contributions>();
  private readonly campaigns = new Map<string, CampaignRow>();
  private readonly items = new Map<string, ItemRow>();
  /** Checklist versions whose items are in `items`. */
  private readonly versions = new Set<string>();

  constructor(private readonly manager: EntityManager) {}

  /** Reads the entry rows and the repeatedly checked cells of every batchable event of the segment. */
  async begin(events: readonly RecordedEvent[]): Promise<void> {
    const entryIds = new Set<string>();
    const cells = new Map<string, { campaignId: string; villageCode: string; itemNo: number }>();
    const checks = new Map<string, number>();
    for (const event of events) {
      if (event.type === 'VillageItemChecked') {
        const d = dataOf(event, 'VillageItemChecked');
        const key = cellKeyOf(d.campaignId, d.villageCode, d.itemNo);
        cells.set(key, { campaignId: d.campaignId, villageCode: d.villageCode, itemNo: d.itemNo });
        checks.set(key, (checks.get(key) ?? 0) + 1);
      } else if (event.type === 'ProblemRecorded') {
        entryIds.add(dataOf(event, 'ProblemRecorded').entryId);
      } else entryIds.add(entryIdOf(event));
    }
    const s = schemaOf(this.manager.connection);
    for (const id of entryIds) this.entries.set(id, null);
    for (const row of await RowCodec.of(this.manager, LedgerEntryEntity).findByKey(this.manager, [...entryIds])) this.entries.set(row.entryId, row);

    // A cell checked once in the segment is written with the per-event statement itself (merge on
    // conflict); only a cell checked more than once is read first and folded exactly from its row.
    const repeated = [...cells].filter(([key]) => (checks.get(key) ?? 0) > 1).map(([, cell]) => cell);
    if (repeated.length > 0) {
      for (const [key] of cells) if ((checks.get(key) ?? 0) > 1) this.cells.set(key, null);
      const rows: InspectionCheckEntity[] = await this.manager.query(
        `SELECT ${RowCodec.of(this.manager, InspectionCheckEntity).selectList('c')}
           FROM unnest($1::text[], $2::text[], $3::int[]) AS k(campaign_id, village_code, item_no)
           JOIN ${s}.inspection_check c USING (campaign_id, village_code, item_no)`,
        [repeated.map((k) => k.campaignId), repeated.map((k) => k.villageCode), repeated.map((k) => k.itemNo)],
      );
      for (const row of rows) this.cells.set(cellKeyOf(row.campaignId, row.villageCode, row.itemNo), row);
    }
  }

  /** Folds one run (events `begin` was given), after reading the campaigns it names that are not known yet. */
  async fold(run: readonly RecordedEvent[]): Promise<void> {
    if (run.length === 0) return;
    await this.loadCampaigns(run);
    for (const event of run) {
      if (event.type === 'VillageItemChecked') this.check(event);
      else if (event.type === 'ProblemRecorded') this.record(event);
      else this.change(event);
    }
  }

  /** A per-event event was applied: campaign and checklist rows may have changed, read them again. */
  forgetCampaigns(): void {
    this.campaigns.clear();
    this.items.clear();
    this.versions.clear();
  }

  private async loadCampaigns(run: readonly RecordedEvent[]): Promise<void> {
    const campaignIds = new Set<string>();
    for (const event of run) {
      const campaignId =
        event.type === 'VillageItemChecked' ? dataOf(event, 'VillageItemChecked').campaignId : event.type === 'ProblemRecorded' ? dataOf(event, 'ProblemRecorded').campaignId : null;
      if (campaignId !== null && !this.campaigns.has(campaignId)) campaignIds.add(campaignId);
    }
    if (campaignIds.size === 0) return;
    const s = schemaOf(this.manager.connection);
    const campaigns: CampaignRow[] = await this.manager.query(
      `SELECT campaign_id AS "campaignId", root_campaign_id AS "rootCampaignId", checklist_version_id AS "checklistVersionId"
         FROM ${s}.campaign WHERE campaign_id = ANY($1::text[])`,
      [[...campaignIds]],
    );
    for (const c of campaigns) this.campaigns.set(c.campaignId, c);
    const versions = [...new Set(campaigns.map((c) => c.checklistVersionId))].filter((v) => !this.versions.has(v));
    if (versions.length === 0) return;
    const items: ItemRow[] = await this.manager.query(
      `SELECT version_id AS "versionId", item_no AS "itemNo", sub_area_no AS "subAreaNo", sub_area_name AS "subAreaName",
              category_no AS "categoryNo", category_name AS "categoryName"
         FROM ${s}.checklist_item WHERE version_id = ANY($1::text[])`,
      [versions],
    );
    for (const v of versions) this.versions.add(v);
    for (const i of items) this.items.set(`${i.versionId}${SEP}${i.itemNo}`, i);
  }

  private check(event: RecordedEvent): void {
    const d = dataOf(event, 'VillageItemChecked');
    const key = cellKeyOf(d.campaignId, d.villageCode, d.itemNo);
    const root = this.campaigns.get(d.campaignId)?.rootCampaignId ?? null;
    if (!this.cells.has(key)) {
      // checked once in the run: merged into whatever row exists by the per-event statement
      this.mergedCells.push(checkCell(null, event, root));
      return;
    }
    const before = this.cells.get(key) ?? null;
    const after = checkCell(before, event, root);
    if (after === before) return;
    this.cells.set(key, after);
    this.changedCells.add(key);
  }

  private record(event: RecordedEvent): void {
    const d = dataOf(event, 'ProblemRecorded');
    if (this.entries.get(d.entryId)) return; // already recorded: the per-event insert is ignored, so are its counters
    const campaign = this.campaigns.get(d.campaignId) ?? null;
    const lookups: EntryLookups = { campaign, item: campaign ? (this.items.get(`${campaign.checklistVersionId}${SEP}${d.itemNo}`) ?? null) : null };
    const row = newEntryRow(event, lookups);
    this.entries.set(row.entryId, row);
    this.changedEntries.add(row.entryId);
    this.addDeltas(row.rootCampaignId, row.tenantPath, null, row);
  }

  private change(event: RecordedEvent): void {
    const entryId = entryIdOf(event);
    const row = this.entries.get(entryId);
    if (!row) throw entryNotRecorded(entryId, event);
    const change = changeEntryRow(row, event);
    if (change === null) return;
    this.entries.set(entryId, change.after);
    this.changedEntries.add(entryId);
    this.addDeltas(row.rootCampaignId, row.tenantPath, row, change.after);
    const r = change.recurrence;
    if (r !== null) {
      const key = `${r.villageCode}${SEP}${r.itemNo}${SEP}${r.entryId}`;
      if (!this.recurrences.has(key)) this.recurrences.set(key, r);
    }
  }

  /** Adds the counter changes from `before` to `after` (as `diffContributions` of their facts). */
  private addDeltas(rootCampaignId: string, tenantPath: string, before: LedgerEntryEntity | null, after: LedgerEntryEntity): void {
    const prefix = `${rootCampaignId}${SEP}${tenantPath}${SEP}`;
    forEachContributionDelta(before === null ? EMPTY : this.contributionsOf(before), this.contributionsOf(after), (dimensionAndKey, delta) => {
      const key = prefix + dimensionAndKey;
      this.counters.set(key, (this.counters.get(key) ?? 0) + delta);
    });
  }

  private contributionsOf(row: LedgerEntryEntity): Contributions {
    let map = this.contributions.get(row);
    if (map === undefined) {
      map = contributionsOf(factsOf(row));
      this.contributions.set(row, map);
    }
    return map;
  }

  async write(): Promise<void> {
    const manager = this.manager;
    const entries = [...this.changedEntries].map((id) => this.entries.get(id)).filter((r): r is LedgerEntryEntity => r !== null && r !== undefined);
    await RowCodec.of(manager, LedgerEntryEntity).upsert(manager, entries);
    const cells = [...this.changedCells].map((k) => this.cells.get(k)).filter((c): c is InspectionCheckEntity => c !== null && c !== undefined);
    await RowCodec.of(manager, InspectionCheckEntity).upsert(manager, cells);
    await this.mergeCells();
    await RowCodec.of(manager, RecurrenceIndexEntity).insertOrIgnore(manager, [...this.recurrences.values()]);
    await this.writeCounters();
  }

  /**
   * Cells checked once in the run, each as a fresh cell: `inspection.projection.ts`'s own statement
   * (insert, or on conflict add to the row unless it already includes that stream version).
   */
  private async mergeCells(): Promise<void> {
    if (this.mergedCells.length === 0) return;
    const codec = RowCodec.of(this.manager, InspectionCheckEntity);
    const s = schemaOf(this.manager.connection);
    const columns = 'campaign_id, village_code, item_no, root_campaign_id, tenant_path, problems_found, problem_entry_ids, checks, first_checked_at, last_checked_at, last_stream_version';
    await this.manager.query(
      `INSERT INTO ${s}.inspection_check AS c (${columns})
       SELECT ${columns} FROM json_populate_recordset(NULL::${s}.inspection_check, $1::json)
       ON CONFLICT (campaign_id, village_code, item_no) DO UPDATE SET
         problems_found = c.problems_found OR EXCLUDED.problems_found,
         problem_entry_ids = c.problem_entry_ids || EXCLUDED.problem_entry_ids,
         checks = c.checks + 1,
         last_checked_at = EXCLUDED.last_checked_at,
         last_stream_version = EXCLUDED.last_stream_version
       WHERE c.last_stream_version < EXCLUDED.last_stream_version`,
      [codec.toJson(this.mergedCells)],
    );
  }

  /** Expands every delta to the tenant and its ancestors, sums, and upserts in one statement. */
  private async writeCounters(): Promise<void> {
    if (this.counters.size === 0) return;
    const summed = new Map<string, number>();
    for (const [key, delta] of this.counters) {
      const [root, path, dimension, k] = key.split(SEP) as [string, string, string, string];
      for (const ancestor of ancestorPaths(path)) {
        const target = `${ancestor}${SEP}${root}${SEP}${dimension}${SEP}${k}`;
        summed.set(target, (summed.get(target) ?? 0) + delta);
      }
    }
    const paths: string[] = [];
    const roots: string[] = [];
    const dimensions: string[] = [];
    const keys: string[] = [];
    const values: number[] = [];
    for (const key of [...summed.keys()].sort()) {
      const [path, root, dimension, k] = key.split(SEP) as [string, string, string, string];
      paths.push(path);
      roots.push(root);
      dimensions.push(dimension);
      keys.push(k);
      values.push(summed.get(key) ?? 0);
    }
    const s = schemaOf(this.manager.connection);
    // A key some event touched keeps its row even at a net 0 (the per-event path leaves one behind);
    // an existing row is only rewritten when its value changes.
    await this.manager.query(
      `INSERT INTO ${s}.rollup_counter AS c (tenant_path, root_campaign_id, dimension, key, value)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
       ON CONFLICT (tenant_path, root_campaign_id, dimension, key)
       DO UPDATE SET value = c.value + EXCLUDED.value WHERE EXCLUDED.value <> 0`,
      [paths, roots, dimensions, keys, values],
    );
  }
}
