export { Role, ALL_ROLES, hasRole, type Principal } from './principal';
export { isTenantPath, isWithinScope, ancestorPaths, codeOf, descendantsLikePattern } from './tenant-path';
