import type { RecordedEvent } from '@rectify/event-store-core';
import type { EntityManager } from 'typeorm';
import { ChecklistItemEntity, ChecklistVersionEntity } from '../entities';
import { dataOf } from './event-data';
import type { ProjectionHandler } from './projection';

/** Stream `checklist-{versionId}` → `checklist_version` and its `checklist_item`s. A version never changes. */
async function versionDefined(manager: EntityManager, event: RecordedEvent): Promise<void> {
  const d = dataOf(event, 'ChecklistVersionDefined');
  const inserted = await manager
    .createQueryBuilder()
    .insert()
    .into(ChecklistVersionEntity)
    .values({
      versionId: d.versionId,
      tenantPath: d.tenant.path,
      tenantId: d.tenant.id,
      label: d.label,
      parentVersionId: d.parentVersionId,
      overlay: d.overlay,
      itemCount: d.items.length,
      definedAt: new Date(d.at),
    })
    .orIgnore()
    .returning('version_id')
    .execute();
  if (inserted.raw.length === 0) return;
  await manager
    .createQueryBuilder()
    .insert()
    .into(ChecklistItemEntity)
    .values(
      d.items.map((item) => ({
        versionId: d.versionId,
        itemNo: item.itemNo,
        tenantPath: d.tenant.path,
        categoryNo: item.categoryNo,
        categoryName: item.categoryName,
        subAreaNo: item.subAreaNo,
        subAreaName: item.subAreaName,
        text: item.text,
        responsibleUnits: item.responsibleUnits,
      })),
    )
    .orIgnore()
    .execute();
}

export const CHECKLIST_HANDLERS: Record<'ChecklistVersionDefined', ProjectionHandler> = {
  ChecklistVersionDefined: versionDefined,
};
