import type { EntityManager } from 'typeorm';
import { schemaOf } from '../read-model-schema';
import { ancestorPaths } from '../tenancy/tenant-scope';
import type { CounterDelta } from './rollup-contributions';

/**
 * Adds counter deltas to the entry's tenant and every tenant above it (township, county, city, …)
 * in one statement, so a city's roll-up is a handful of rows however many entries it has.
 */
export async function applyCounterDeltas(
  manager: EntityManager,
  tenantPath: string,
  rootCampaignId: string,
  deltas: readonly CounterDelta[],
): Promise<void> {
  if (deltas.length === 0) return;
  const s = schemaOf(manager.connection);
  const paths: string[] = [];
  const dimensions: string[] = [];
  const keys: string[] = [];
  const values: number[] = [];
  for (const path of ancestorPaths(tenantPath)) {
    for (const d of deltas) {
      paths.push(path);
      dimensions.push(d.dimension);
      keys.push(d.key);
      values.push(d.delta);
    }
  }
  await manager.query(
    `INSERT INTO ${s}.rollup_counter (tenant_path, root_campaign_id, dimension, key, value)
     SELECT p, $2, d, k, v FROM unnest($1::text[], $3::text[], $4::text[], $5::bigint[]) AS t(p, d, k, v)
     ON CONFLICT (tenant_path, root_campaign_id, dimension, key)
     DO UPDATE SET value = ${s}.rollup_counter.value + EXCLUDED.value`,
    [paths, rootCampaignId, dimensions, keys, values],
  );
}
