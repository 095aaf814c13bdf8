import type { AccountView, TenantRecord } from '@rectify/identity';
import type { Principal } from '@rectify/tenancy';
import type { AccountObjectType } from './object-types/account.object-type';
import type { TenantObjectType } from './object-types/tenant.object-type';
import type { ViewerObjectType } from './object-types/viewer.object-type';

export function toTenantObject(t: TenantRecord): TenantObjectType {
  return { code: t.code, name: t.name, level: t.level, path: t.path };
}

export function toViewer(p: Principal, tenant: TenantRecord | null): ViewerObjectType {
  return { userId: p.userId, username: p.username, displayName: p.displayName, tenantPath: p.tenantPath, tenant: tenant ? toTenantObject(tenant) : null, roles: [...p.roles] };
}

export function toAccountObject(a: AccountView): AccountObjectType {
  return { userId: a.userId, username: a.username, displayName: a.displayName, tenantCode: a.tenantCode, tenantPath: a.tenantPath, roles: [...a.roles], disabled: a.disabled, createdAt: a.createdAt };
}
