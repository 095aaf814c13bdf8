const PATH = /^[0-9A-Za-z_-]+(\/[0-9A-Za-z_-]+)*$/;

export function isTenantPath(value: unknown): value is string {
  return typeof value === 'string' && PATH.test(value);
}

/** `path` is `scope` itself or lies below it, on `/` boundaries (411081 does not cover 4110810). */
export function isWithinScope(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}/`);
}

/** The path's ancestors from the root down, itself included: a/b/c → [a, a/b, a/b/c]. */
export function ancestorPaths(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** The last code of a path: the tenant's own administrative code. */
export function codeOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `text` with LIKE's wildcards and escape character escaped (PostgreSQL's default escape `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The LIKE pattern of the strict descendants of `scope`: use with `path = scope OR path LIKE …`. */
export function descendantsLikePattern(scope: string): string {
  return `${escapeLike(scope)}/%`;
}
