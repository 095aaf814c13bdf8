import { parse, type OperationDefinitionNode } from 'graphql';
import { loginAttempts } from '../graphql/login-rate-limit.plugin';
import { ConfigError, loadApiConfig } from '../config/api-config';
import { RATE_LIMIT_DEFAULTS, loadRateLimitConfig } from './rate-limit.config';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('lets a burst of `limit` through, then refuses with the seconds until the next token', () => {
    let now = 0;
    const limiter = new RateLimiter(3, 60_000, 100, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
    expect(limiter.take('b').allowed).toBe(true); // another key has its own bucket
    now = 19_000;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 20_000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('keeps at most maxKeys buckets, dropping the least recently used', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 60_000, 2, () => now);
    limiter.take('a');
    limiter.take('b');
    now = 1;
    limiter.take('a'); // refused, but now most recent
    limiter.take('c'); // drops b
    expect(limiter.size).toBe(2);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });
});

describe('loadRateLimitConfig', () => {
  it('has defaults and reads every variable', () => {
    expect(loadRateLimitConfig({})).toEqual(RATE_LIMIT_DEFAULTS);
    expect(
      loadRateLimitConfig({
        RATE_LIMIT_ENABLED: 'false',
        RATE_LIMIT_WINDOW_SECONDS: '2',
        RATE_LIMIT_PER_PRINCIPAL: '5',
        RATE_LIMIT_PER_IP: '6',
        RATE_LIMIT_LOGIN_PER_IP: '7',
        RATE_LIMIT_LOGIN_PER_USERNAME: '8',
      }),
    ).toEqual({ enabled: false, windowSeconds: 2, perPrincipal: 5, perIp: 6, loginPerIp: 7, loginPerUsername: 8 });
  });

  it.each([
    ['RATE_LIMIT_ENABLED', 'yes'],
    ['RATE_LIMIT_WINDOW_SECONDS', '0'],
    ['RATE_LIMIT_PER_PRINCIPAL', '1.5'],
    ['RATE_LIMIT_PER_IP', '-3'],
    ['RATE_LIMIT_LOGIN_PER_IP', 'many'],
    ['RATE_LIMIT_LOGIN_PER_USERNAME', '0x10'],
  ])('stops the API at boot naming %s (%s)', (variable, value) => {
    const boot = () => loadApiConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/db', [variable]: value });
    expect(boot).toThrow(ConfigError);
    expect(boot).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
  });
});

describe('loginAttempts', () => {
  const attempts = (query: string, variables: Record<string, unknown> = {}): string[] => {
    const document = parse(query);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
    if (!operation) throw new Error('no operation');
    return loginAttempts(document, operation.selectionSet, variables);
  };

  it('counts every login field: aliases, variables, inline fragments and fragment spreads', () => {
    expect(attempts('mutation { login(input: { username: "A", password: "x" }) { token } }')).toEqual(['a']);
    expect(attempts('mutation($i: LoginInput!) { a: login(input: $i) { token } b: login(input: $i) { token } }', { i: { username: 'u', password: 'p' } })).toEqual(['u', 'u']);
    expect(attempts('mutation($u: String!) { ... on Mutation { login(input: { username: $u, password: "p" }) { token } } ...F } fragment F on Mutation { login(input: { username: "v", password: "p" }) { token } }', { u: 'w' })).toEqual(['w', 'v']);
    expect(attempts('mutation { createAccount(input: {}) { userId } }')).toEqual([]);
  });
});
