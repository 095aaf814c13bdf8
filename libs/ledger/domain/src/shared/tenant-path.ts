/**
 * Tenant paths are administrative codes from the top of the tree down, joined by `/`:
 * `411000/411081/411081005` (许昌市 / 禹州市 / 褚河街道). A scope is a path prefix on whole segments.
 */
const TENANT_PATH = /^[0-9A-Za-z_]+(?:\/[0-9A-Za-z_]+)*$/;

export function isTenantPath(value: unknown): value is string {
  return typeof value === 'string' && TENANT_PATH.test(value);
}

/** True when `path` is `ancestor` itself or lies below it (whole segments only). */
export function isWithinTenantPath(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

/** True when `path` lies strictly below `ancestor`: `411000/411081` is below `411000`. */
export function isStrictlyBelowTenantPath(path: string, ancestor: string): boolean {
  return path.startsWith(`${ancestor}/`);
}
