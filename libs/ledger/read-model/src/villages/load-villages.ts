import type { DataSource, EntityManager } from 'typeorm';
import { VillageEntity } from '../entities';

/** A village and the path of the township tenant it belongs to. */
export interface VillageInput {
  readonly code: string;
  readonly name: string;
  readonly townshipCode: string;
  /** The township's tenant path, e.g. `411000/411081/411081005`. */
  readonly tenantPath: string;
}

/** Loads (or refreshes) the village reference table, in chunks; returns how many were written. */
export async function loadVillages(db: DataSource | EntityManager, villages: readonly VillageInput[]): Promise<number> {
  const chunkSize = 1000;
  for (let i = 0; i < villages.length; i += chunkSize) {
    const chunk = villages.slice(i, i + chunkSize).map((v) => ({
      villageCode: v.code,
      name: v.name,
      townshipCode: v.townshipCode,
      tenantPath: v.tenantPath,
    }));
    await db
      .createQueryBuilder()
      .insert()
      .into(VillageEntity)
      .values(chunk)
      .orUpdate(['name', 'township_code', 'tenant_path'], ['village_code'])
      .execute();
  }
  return villages.length;
}
