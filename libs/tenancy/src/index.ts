export { Role, ALL_ROLES, hasRole, type Principal } from './principal';
export { isTenantPath, isWithinScope, ancestorPaths, codeOf, descendantsLikePattern, escapeLike } from './tenant-path';
