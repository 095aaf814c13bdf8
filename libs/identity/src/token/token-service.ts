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
    let payload: string | JwtPayload;
    try {
      payload = verify(token, this.key, { algorithms: ['HS256'], issuer: this.issuer, audience: this.audience, complete: false });
    } catch (error) {
      throw new InvalidTokenError(error instanceof Error ? error.message : 'invalid');
    }
    if (typeof payload === 'string') throw new InvalidTokenError('payload is not an object');
    return principalOf(payload);
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
