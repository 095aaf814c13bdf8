import type { TenantSeed, VillageSeed } from './tenant-seed';
import { xuchangTenants, xuchangVillages } from './xuchang-divisions.generated';

export function findTenantByCode(
  code: string,
  tenants: readonly TenantSeed[] = xuchangTenants,
): TenantSeed | undefined {
  return tenants.find((tenant) => tenant.code === code);
}

/** The tenants one level below `parentCode`, in code order. */
export function childrenOf(parentCode: string, tenants: readonly TenantSeed[] = xuchangTenants): TenantSeed[] {
  return tenants.filter((tenant) => tenant.parentCode === parentCode).sort((a, b) => a.code.localeCompare(b.code));
}

/** The villages of a township held in the seed subset, in code order. */
export function villagesOf(townshipCode: string, villages: readonly VillageSeed[] = xuchangVillages): VillageSeed[] {
  return villages
    .filter((village) => village.townshipCode === townshipCode)
    .sort((a, b) => a.code.localeCompare(b.code));
}
