import type { RecordedEvent } from '@rectify/event-store-core';
import type { EntityManager } from 'typeorm';
import { CampaignEntity } from '../entities';
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

export const INSPECTION_HANDLERS: Record<'VillageItemChecked', ProjectionHandler> = {
  VillageItemChecked: villageItemChecked,
};
