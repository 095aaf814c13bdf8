import { InvalidTokenError, type AccountService, type TokenService } from '@rectify/identity';
import type { Principal } from '@rectify/tenancy';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How long an account's status is trusted before it is read again: the revocation delay. */
export const ACCOUNT_STATUS_TTL_MS = 10_000;

/**
 * Whether the account behind a valid token may still act: it exists, is not disabled and still
 * belongs to the tenant the token names. JWTs are stateless, so without this a disabled or deleted
 * account kept working until its token expired (JWT_TTL_SECONDS). One lookup per account and
 * ACCOUNT_STATUS_TTL_MS, in memory (at most `maxEntries`, oldest dropped first).
 */
export class AccountStatusCheck {
  private readonly cache = new Map<string, { active: boolean; until: number }>();

  constructor(
    private readonly accounts: Pick<AccountService, 'find'>,
    private readonly ttlMs = ACCOUNT_STATUS_TTL_MS,
    private readonly maxEntries = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  async isActive(principal: Principal): Promise<boolean> {
    const key = `${principal.userId}\u0001${principal.tenantPath}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > this.now()) return cached.active;
    // account ids are UUIDs: anything else (only a token signed with the secret can carry it) is no account
    const account = UUID.test(principal.userId) ? await this.accounts.find(principal.userId, principal.tenantPath) : null;
    const active = account !== null && !account.disabled && account.tenantPath === principal.tenantPath;
    this.cache.delete(key);
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(key, { active, until: this.now() + this.ttlMs });
    return active;
  }
}

/**
 * The principal of a bearer token whose account may still act, for every way in: the GraphQL guard,
 * the HTTP routes that authenticate themselves (downloads, imports) and WebSocket `connection_init`.
 * null for an invalid token or an inactive account (each caller answers in its own transport's
 * terms); any other error is thrown.
 */
export async function activePrincipal(
  tokens: Pick<TokenService, 'verify'>,
  accountStatus: Pick<AccountStatusCheck, 'isActive'> | null,
  token: string,
): Promise<Principal | null> {
  let principal: Principal;
  try {
    principal = tokens.verify(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) return null;
    throw error;
  }
  return accountStatus === null || (await accountStatus.isActive(principal)) ? principal : null;
}
