/** The roles of the platform. A user holds one or more, always within its own tenant's subtree. */
export const Role = {
  /** 排查员 (township): inspections, problems, progress, results. */
  Inspector: 'inspector',
  /** 乡镇负责人. */
  TownshipLead: 'township_lead',
  /** 审核人 (county or city): sign-off, rejection, extensions. */
  Reviewer: 'reviewer',
  /** 审计: read-only, the whole subtree, history. */
  Auditor: 'auditor',
  /** 单位管理员: users of its subtree. */
  TenantAdmin: 'tenant_admin',
  /** 平台管理员. */
  PlatformAdmin: 'platform_admin',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const ALL_ROLES: readonly Role[] = Object.values(Role);

/** An authenticated caller. Its scope is its tenant's path: it sees that subtree and nothing else. */
export interface Principal {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly tenantId: string;
  readonly tenantPath: string;
  readonly roles: readonly Role[];
}

export function hasRole(principal: Principal, ...roles: readonly Role[]): boolean {
  return principal.roles.some((r) => roles.includes(r));
}
