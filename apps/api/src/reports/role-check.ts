import { ForbiddenError } from '@rectify/ledger-application';
import type { Principal } from '@rectify/tenancy';
import { rolesAllow, type Permission } from '../auth/permission';

/**
 * A second check inside a handler guarded by a broader permission: the caller must also hold one of
 * these (e.g. requesting a report needs field work or campaign management, not read-only access).
 */
export function assertAnyPermission(principal: Principal, permissions: readonly Permission[]): void {
  if (!permissions.some((p) => rolesAllow(principal.roles, p))) throw new ForbiddenError('report');
}
