import { isTenantPath } from '@rectify/ledger-domain';
import { ReadModelError, ReadModelErrorCode } from '../errors';
import { descendantsLikePattern, escapeLike } from '@rectify/tenancy';

/** Validates a caller's scope (a tenant path); every query takes one. */
export function assertScope(scope: string): string {
  if (!isTenantPath(scope)) {
    throw new ReadModelError(ReadModelErrorCode.InvalidArgument, '查询范围（单位路径）格式不正确', { field: 'scope' });
  }
  return scope;
}

/** `'411000/411081/411081005'` → `['411000', '411000/411081', '411000/411081/411081005']`. */
export function ancestorPaths(path: string): string[] {
  const segments = path.split('/');
  return segments.map((_, i) => segments.slice(0, i + 1).join('/'));
}

/** True when `path` is `scope` or below it, on whole segments. */
export function isWithinScope(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}/`);
}

/** The LIKE pattern of everything strictly below `scope` (`_` in codes is escaped). */
export function subtreePattern(scope: string): string {
  return descendantsLikePattern(scope);
}

export { escapeLike };

export type LevelCodes = { cityCode: string | null; countyCode: string | null; townshipCode: string | null };

/**
 * The city, county and township codes on a path, recognised by their GB/T 2260 form: 9 digits is a
 * township; 6 digits ending in `0000` a province, in `00` a city (地级), otherwise a county (县级).
 */
export function levelCodes(path: string): LevelCodes {
  const codes: LevelCodes = { cityCode: null, countyCode: null, townshipCode: null };
  for (const code of path.split('/')) {
    if (/^\d{9}$/.test(code)) codes.townshipCode = code;
    else if (/^\d{2}0000$/.test(code)) continue;
    else if (/^\d{4}00$/.test(code)) codes.cityCode = code;
    else if (/^\d{6}$/.test(code)) codes.countyCode = code;
  }
  return codes;
}
