/**
 * RATE_LIMIT_* variables: the API's request limits, per principal and per IP, and the brute-force
 * limits of `login` (per client IP and per username). Validated at boot; a bad value stops the API
 * naming the variable. Counters live in the process: with N API replicas a client can make up to N
 * times the limit (see docs/reliability.md).
 */
export interface RateLimitConfig {
  /** RATE_LIMIT_ENABLED: false turns every limit off (benchmarks). */
  readonly enabled: boolean;
  /** RATE_LIMIT_WINDOW_SECONDS: each limit is "so many per this window", refilled continuously. */
  readonly windowSeconds: number;
  /** RATE_LIMIT_PER_PRINCIPAL: requests of one authenticated user (valid bearer token). */
  readonly perPrincipal: number;
  /** RATE_LIMIT_PER_IP: requests without a valid token, per client IP. */
  readonly perIp: number;
  /** RATE_LIMIT_LOGIN_PER_IP: login attempts per client IP. */
  readonly loginPerIp: number;
  /** RATE_LIMIT_LOGIN_PER_USERNAME: login attempts per username, from any IP. */
  readonly loginPerUsername: number;
}

export class RateLimitConfigError extends Error {
  override readonly name = 'RateLimitConfigError';
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

export const RATE_LIMIT_DEFAULTS: RateLimitConfig = {
  enabled: true,
  windowSeconds: 60,
  perPrincipal: 6000,
  perIp: 600,
  loginPerIp: 60,
  loginPerUsername: 10,
};

type Env = Readonly<Record<string, string | undefined>>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new RateLimitConfigError(name, `must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  }
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new RateLimitConfigError(name, `must be true or false (got ${JSON.stringify(raw)})`);
}

export function loadRateLimitConfig(env: Env): RateLimitConfig {
  const d = RATE_LIMIT_DEFAULTS;
  return {
    enabled: bool(env, 'RATE_LIMIT_ENABLED', d.enabled),
    windowSeconds: int(env, 'RATE_LIMIT_WINDOW_SECONDS', d.windowSeconds, 1, 86_400),
    perPrincipal: int(env, 'RATE_LIMIT_PER_PRINCIPAL', d.perPrincipal, 1, 10_000_000),
    perIp: int(env, 'RATE_LIMIT_PER_IP', d.perIp, 1, 10_000_000),
    loginPerIp: int(env, 'RATE_LIMIT_LOGIN_PER_IP', d.loginPerIp, 1, 1_000_000),
    loginPerUsername: int(env, 'RATE_LIMIT_LOGIN_PER_USERNAME', d.loginPerUsername, 1, 1_000_000),
  };
}
