import type { Principal } from '@rectify/tenancy';

/**
 * What the GraphQL context knows about the caller before any guard ran: the bearer token it
 * presented (if any). The guard verifies it and sets `principal`; nothing else does.
 */
export interface RequestAuth {
  readonly token: string | null;
  principal: Principal | null;
}

export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match ? match[1] : null;
}
