import { createHmac } from 'node:crypto';
import { Role, type Principal } from '@rectify/tenancy';
import { CachingTokenService, InvalidTokenError, TokenService } from './token-service';

const secret = 'a-test-secret-that-is-long-enough-0123456789';
const principal: Principal = {
  userId: 'u-1',
  username: 'chuhe.inspector',
  displayName: '褚河排查员',
  tenantId: '411081005',
  tenantPath: '411000/411081/411081005',
  roles: [Role.Inspector],
};

function b64url(value: object | string): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

describe('TokenService', () => {
  const tokens = new TokenService({ secret, ttlSeconds: 3600 });

  it('round-trips the principal: sub, tenant path, roles', () => {
    const { token, expiresAt } = tokens.issue(principal, new Date('2030-01-01T00:00:00Z'));
    expect(expiresAt.toISOString()).toBe('2030-01-01T01:00:00.000Z');
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    expect(payload).toMatchObject({ sub: 'u-1', tp: '411000/411081/411081005', roles: ['inspector'] });
    expect(tokens.verify(token)).toEqual(principal);
  });

  it('refuses an expired token', () => {
    const { token } = tokens.issue(principal, new Date(Date.now() - 7200_000));
    expect(() => tokens.verify(token)).toThrow(InvalidTokenError);
  });

  it('refuses alg none', () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'u-1', tp: '411000', tid: '411000', roles: ['platform_admin'], iat: now, exp: now + 60, iss: 'rectify', aud: 'rectify-api' })}.`;
    expect(() => tokens.verify(unsigned)).toThrow(InvalidTokenError);
  });

  it('refuses a token signed with another secret, or with its claims changed', () => {
    const other = new TokenService({ secret: 'another-secret-that-is-long-enough-9876543210', ttlSeconds: 3600 });
    expect(() => tokens.verify(other.issue(principal).token)).toThrow(InvalidTokenError);

    const [header, payload, signature] = tokens.issue(principal).token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${header}.${b64url({ ...claims, tp: '411000', roles: ['platform_admin'] })}.${signature}`;
    expect(() => tokens.verify(forged)).toThrow(InvalidTokenError);
  });

  it('refuses HS512 even with the right secret: the algorithm is pinned', () => {
    const now = Math.floor(Date.now() / 1000);
    const head = b64url({ alg: 'HS512', typ: 'JWT' });
    const body = b64url({ sub: 'u-1', tp: '411000', tid: '411000', roles: ['auditor'], iat: now, exp: now + 60, iss: 'rectify', aud: 'rectify-api' });
    const sig = createHmac('sha512', secret).update(`${head}.${body}`).digest('base64url');
    expect(() => tokens.verify(`${head}.${body}.${sig}`)).toThrow(InvalidTokenError);
  });

  it('refuses a validly signed token whose claims are not a principal', () => {
    const now = Math.floor(Date.now() / 1000);
    const head = b64url({ alg: 'HS256', typ: 'JWT' });
    const body = b64url({ sub: 'u-1', tp: '411000', tid: '411000', roles: ['emperor'], iat: now, exp: now + 60, iss: 'rectify', aud: 'rectify-api' });
    const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
    expect(() => tokens.verify(`${head}.${body}.${sig}`)).toThrow(InvalidTokenError);
  });

  it('refuses a short secret', () => {
    expect(() => new TokenService({ secret: 'short', ttlSeconds: 60 })).toThrow(/at least 32 bytes/);
  });
});

describe('CachingTokenService', () => {
  let clock = Date.now();
  const make = (maxEntries?: number) => new CachingTokenService({ secret, ttlSeconds: 3600, now: () => clock, ...(maxEntries !== undefined && { maxEntries }) });
  const verifications = () => jest.spyOn(TokenService.prototype as unknown as { verifyWithExpiry: (t: string) => unknown }, 'verifyWithExpiry');
  afterEach(() => jest.restoreAllMocks());

  it('verifies a token once and answers its repeats from memory, with the same principal', () => {
    clock = Date.now();
    const tokens = make();
    const spy = verifications();
    const { token } = tokens.issue(principal);
    expect(tokens.verify(token)).toEqual(principal);
    expect(tokens.verify(token)).toEqual(principal);
    expect(tokens.verify(token)).toEqual(principal);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(tokens.size).toBe(1);
    // the kept principal is shared by every request with this token: nobody can change it
    const kept = tokens.verify(token);
    expect(Object.isFrozen(kept) && Object.isFrozen(kept.roles)).toBe(true);
  });

  it('refuses a kept token once its exp has passed, and forgets it', () => {
    clock = Date.now();
    const tokens = make();
    const { token, expiresAt } = tokens.issue(principal);
    tokens.verify(token);
    clock = expiresAt.getTime() - 1;
    expect(tokens.verify(token)).toEqual(principal);
    clock = expiresAt.getTime();
    expect(() => tokens.verify(token)).toThrow(InvalidTokenError);
    expect(tokens.size).toBe(0);
  });

  it('never keeps a refused token: a forged copy of a kept token is still refused, every time', () => {
    clock = Date.now();
    const tokens = make();
    const { token } = tokens.issue(principal);
    tokens.verify(token);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${header}.${b64url({ ...claims, tp: '411000', roles: ['platform_admin'] })}.${signature}`;
    expect(() => tokens.verify(forged)).toThrow(InvalidTokenError);
    expect(() => tokens.verify(forged)).toThrow(InvalidTokenError);
    expect(() => tokens.verify(`${token}x`)).toThrow(InvalidTokenError);
    const other = new TokenService({ secret: 'another-secret-that-is-long-enough-9876543210', ttlSeconds: 3600 });
    expect(() => tokens.verify(other.issue(principal).token)).toThrow(InvalidTokenError);
    expect(tokens.size).toBe(1);
  });

  it('keeps at most maxEntries tokens, dropping the oldest', () => {
    clock = Date.now();
    const tokens = make(2);
    const spy = verifications();
    const [a, b, c] = [1, 2, 3].map((i) => tokens.issue({ ...principal, userId: `u-${i}` }).token);
    for (const t of [a, b, c]) tokens.verify(t);
    expect(tokens.size).toBe(2);
    expect(spy).toHaveBeenCalledTimes(3);
    tokens.verify(c);
    expect(spy).toHaveBeenCalledTimes(3); // c is kept
    expect(tokens.verify(a).userId).toBe('u-1'); // a was dropped: verified again
    expect(spy).toHaveBeenCalledTimes(4);
  });
});
