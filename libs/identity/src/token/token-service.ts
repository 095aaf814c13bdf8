import { createSecretKey, type KeyObject } from 'node:crypto';
import { ALL_ROLES, isTenantPath, type Principal, type Role } from '@rectify/tenancy';
import { sign, verify, type JwtPayload } from 'jsonwebtoken';

export interface TokenServiceOptions {
  /** The HS256 secret; at least 32 bytes. */
  readonly secret: string;
  readonly ttlSeconds: number;
  readonly issuer?: string;
  readonly audience?: string;
}

export interface IssuedToken {
  readonly token: string;
  readonly expiresAt: Date;
}

export const MIN_JWT_SECRET_BYTES = 32;

/** Why a token was refused; the API answers every case with the same UNAUTHENTICATED error. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
  readonly code = 'UNAUTHENTICATED';
  constructor(readonly reason: string) {
    super('登录已失效或凭证无效，请重新登录');
  }
}

/**
 * Signs and verifies access tokens: HS256 only, with the secret as a KeyObject (a plain string
 * makes jsonwebtoken try it as a PEM key first, about 50× slower). Claims: `sub` (user id), `tp`
 * (tenant path), `tid` (tenant id), `roles`, `name`, `usr`; `iat`, `exp`, `iss`, `aud`.
 */
export class TokenService {
  private readonly key: KeyObject;
  private readonly issuer: string;
  private readonly audience: string;

  constructor(private readonly options: TokenServiceOptions) {
    if (Buffer.byteLength(options.secret) < MIN_JWT_SECRET_BYTES) {
      throw new Error(`JWT secret must be at least ${MIN_JWT_SECRET_BYTES} bytes`);
    }
    this.key = createSecretKey(Buffer.from(options.secret));
    this.issuer = options.issuer ?? 'rectify';
    this.audience = options.audience ?? 'rectify-api';
  }

  issue(principal: Principal, now: Date = new Date()): IssuedToken {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.options.ttlSeconds;
    const token = sign(
      { sub: principal.userId, tp: principal.tenantPath, tid: principal.tenantId, roles: [...principal.roles], name: principal.displayName, usr: principal.username, iat, exp },
      this.key,
      { algorithm: 'HS256', issuer: this.issuer, audience: this.audience },
    );
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** The principal a valid token stands for; InvalidTokenError for anything else. */
  verify(token: string): Principal {
    return this.verifyWithExpiry(token).principal;
  }

  /** As `verify`, with the token's expiry (epoch ms). */
  protected verifyWithExpiry(token: string): { principal: Principal; expiresAtMs: number } {
    let payload: string | JwtPayload;
    try {
      payload = verify(token, this.key, { algorithms: ['HS256'], issuer: this.issuer, audience: this.audience, complete: false });
    } catch (error) {
      throw new InvalidTokenError(error instanceof Error ? error.message : 'invalid');
    }
    if (typeof payload === 'string') throw new InvalidTokenError('payload is not an object');
    const principal = principalOf(payload);
    return { principal, expiresAtMs: (payload.exp as number) * 1000 };
  }
}

export interface CachingTokenServiceOptions extends TokenServiceOptions {
  /** Verified tokens kept (default 10,000); the oldest is dropped first. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

/**
 * A TokenService that remembers the tokens it has verified, until each one's expiry: a client
 * sends the same token with every request, and checking its HS256 signature and claims again was
 * about a twentieth of the API's CPU per mutation (docs/benchmarks.md). Only tokens that passed
 * `verify` are kept, keyed by the whole token string, so a forged or altered token is never a
 * hit; a kept token stops being accepted at its `exp` like any other. Revocation is the account
 * status check's job, as before.
 */
export class CachingTokenService extends TokenService {
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: CachingTokenServiceOptions) {
    super(options);
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  override verify(token: string): Principal {
    const kept = this.verified.get(token);
    if (kept !== undefined) {
      if (kept.expiresAtMs > this.now()) return kept.principal;
      this.verified.delete(token);
      throw new InvalidTokenError('jwt expired');
    }
    const verified = this.verifyWithExpiry(token);
    // one object now answers every request with this token: frozen, so no caller can change it for the next
    const fresh = { principal: Object.freeze({ ...verified.principal, roles: Object.freeze([...verified.principal.roles]) }), expiresAtMs: verified.expiresAtMs };
    if (this.verified.size >= this.maxEntries) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, fresh);
    return fresh.principal;
  }

  get size(): number {
    return this.verified.size;
  }
}

function principalOf(payload: JwtPayload): Principal {
  const { sub, tp, tid, roles, name, usr, exp } = payload as JwtPayload & Record<string, unknown>;
  if (typeof exp !== 'number') throw new InvalidTokenError('no expiry');
  if (typeof sub !== 'string' || sub.length === 0) throw new InvalidTokenError('no subject');
  if (!isTenantPath(tp) || typeof tid !== 'string') throw new InvalidTokenError('no tenant');
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) throw new InvalidTokenError('bad roles');
  return {
    userId: sub,
    tenantPath: tp,
    tenantId: tid,
    roles,
    displayName: typeof name === 'string' ? name : sub,
    username: typeof usr === 'string' ? usr : sub,
  };
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ALL_ROLES as readonly string[]).includes(value);
}
