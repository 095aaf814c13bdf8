import { TenantDirectory, runIdentityMigrations } from '@rectify/identity';
import { loadVillages } from '@rectify/ledger-read-model';
import { xuchangTenants, xuchangVillages } from '@rectify/seeds';
import type { DataSource } from 'typeorm';

/** Creates or updates the identity schema and loads the tenant directory from the seeds. */
export async function prepareIdentity(identity: DataSource): Promise<{ migrations: string[]; tenants: number }> {
  const migrations = await runIdentityMigrations(identity);
  const tenants = await new TenantDirectory(identity).load(xuchangTenants.map((t) => ({ code: t.code, name: t.name, level: t.level, parentCode: t.parentCode, path: t.path })));
  return { migrations, tenants };
}

/** Loads the seeds' villages into the read model's reference table (its schema must be migrated). */
export async function loadSeedVillages(readModel: DataSource): Promise<number> {
  const pathOf = new Map(xuchangTenants.map((t) => [t.code, t.path]));
  return loadVillages(
    readModel,
    xuchangVillages.flatMap((v) => {
      const tenantPath = pathOf.get(v.townshipCode);
      return tenantPath ? [{ code: v.code, name: v.name, townshipCode: v.townshipCode, tenantPath }] : [];
    }),
  );
}
