import { Role } from '@rectify/tenancy';

/** What a resolver may require. `public` marks the few operations that need no login. */
export const Permission = {
  Public: 'public',
  SessionRead: 'session:read',
  LedgerRead: 'ledger:read',
  AccountManage: 'account:manage',
  CampaignManage: 'campaign:manage',
  ChecklistDefine: 'checklist:define',
  InspectionRecord: 'inspection:record',
  EntryRecord: 'entry:record',
  EntryWork: 'entry:work',
  EntrySignOff: 'entry:sign_off',
  ExtensionRequest: 'entry:extension_request',
  ExtensionDecide: 'entry:extension_decide',
  EntryVoid: 'entry:void',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

const READ: Permission[] = [Permission.SessionRead, Permission.LedgerRead];
const FIELD_WORK: Permission[] = [...READ, Permission.InspectionRecord, Permission.EntryRecord, Permission.EntryWork, Permission.ExtensionRequest];

/**
 * Which role holds which permission. The scope (a subtree) comes from the principal's tenant
 * path, never from the role.
 * - inspector (township): inspections, problems, plans, progress, results, extension requests;
 * - township_lead: the same, and voiding entries recorded in error;
 * - reviewer (county or city office): sign-off and rejection, extension decisions, voiding, and
 *   the campaign itself (issue, forward, revise, close, checklist versions);
 * - auditor: read-only; tenant_admin: accounts of its subtree; platform_admin: everything.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  [Role.Inspector]: FIELD_WORK,
  [Role.TownshipLead]: [...FIELD_WORK, Permission.EntryVoid],
  [Role.Reviewer]: [...READ, Permission.EntrySignOff, Permission.ExtensionDecide, Permission.EntryVoid, Permission.CampaignManage, Permission.ChecklistDefine],
  [Role.Auditor]: READ,
  [Role.TenantAdmin]: [Permission.SessionRead, Permission.AccountManage],
  [Role.PlatformAdmin]: Object.values(Permission),
};

export function rolesAllow(roles: readonly Role[], permission: Permission): boolean {
  return permission === Permission.Public || roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}
