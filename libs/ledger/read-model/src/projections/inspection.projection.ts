import type { RecordedEvent } from '@rectify/event-store-core';
import type { EntityManager } from 'typeorm';
import { CampaignEntity, type InspectionCheckEntity } from '../entities';
import { schemaOf } from '../read-model-schema';
import { dataOf } from './event-data';
import type { ProjectionHandler } from './projection';

/**
 * Stream `inspection-{campaignId}-{villageCode}` → `inspection_check`, one row per checked cell.
 * A later check of the same cell (举一反三) adds its entries; each cell remembers the stream version
 * of its last check, so a replayed event changes nothing.
 */
async function villageItemChecked(manager: EntityManager, event: RecordedEvent): Promise<void> {
  const d = dataOf(event, 'VillageItemChecked');
  const s = schemaOf(manager.connection);
  const campaign = await manager.findOne(CampaignEntity, { where: { campaignId: d.campaignId }, select: { campaignId: true, rootCampaignId: true } });
  const entryIds = d.outcome.kind === 'problems_found' ? d.outcome.entryIds : [];
  await manager.query(
    `INSERT INTO ${s}.inspection_check AS c
       (campaign_id, village_code, item_no, root_campaign_id, tenant_path, problems_found, problem_entry_ids,
        checks, first_checked_at, last_checked_at, last_stream_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7::text[], 1, $8, $8, $9)
     ON CONFLICT (campaign_id, village_code, item_no) DO UPDATE SET
       problems_found = c.problems_found OR EXCLUDED.problems_found,
       problem_entry_ids = c.problem_entry_ids || EXCLUDED.problem_entry_ids,
       checks = c.checks + 1,
       last_checked_at = EXCLUDED.last_checked_at,
       last_stream_version = EXCLUDED.last_stream_version
     WHERE c.last_stream_version < EXCLUDED.last_stream_version`,
    [
      d.campaignId,
      d.villageCode,
      d.itemNo,
      campaign?.rootCampaignId ?? d.campaignId,
      d.tenant.path,
      entryIds.length > 0,
      entryIds,
      d.at,
      event.streamVersion,
    ],
  );
}

/**
 * The same rule in memory, for the batch projection: the cell after a `VillageItemChecked`, given
 * the cell before it (null: none yet) and the campaign's root at the time of the check. Returns the
 * cell unchanged when it already includes the event. Must stay exactly the statement above.
 */
export function checkCell(cell: InspectionCheckEntity | null, event: RecordedEvent, rootCampaignId: string | null): InspectionCheckEntity {
  const d = dataOf(event, 'VillageItemChecked');
  const entryIds = d.outcome.kind === 'problems_found' ? d.outcome.entryIds : [];
  const at = new Date(d.at);
  if (cell === null) {
    return {
      campaignId: d.campaignId,
      villageCode: d.villageCode,
      itemNo: d.itemNo,
      rootCampaignId: rootCampaignId ?? d.campaignId,
      tenantPath: d.tenant.path,
      problemsFound: entryIds.length > 0,
      problemEntryIds: [...entryIds],
      checks: 1,
      firstCheckedAt: at,
      lastCheckedAt: at,
      lastStreamVersion: event.streamVersion,
    };
  }
  if (cell.lastStreamVersion >= event.streamVersion) return cell;
  return {
    ...cell,
    problemsFound: cell.problemsFound || entryIds.length > 0,
    problemEntryIds: [...cell.problemEntryIds, ...entryIds],
    checks: cell.checks + 1,
    lastCheckedAt: at,
    lastStreamVersion: event.streamVersion,
  };
}

/** The key of an inspection cell. */
export function cellKeyOf(campaignId: string, villageCode: string, itemNo: number): string {
  return `${campaignId}\u0000${villageCode}\u0000${itemNo}`;
}

export const INSPECTION_HANDLERS: Record<'VillageItemChecked', ProjectionHandler> = {
  VillageItemChecked: villageItemChecked,
};
