import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiter, type RateDecision } from './rate-limiter';

/** Takes one token for a key; may ask another process. */
export interface AsyncRateLimiter {
  take(key: string): Promise<RateDecision>;
}

/** The in-memory limiter behind the asynchronous interface (one process's own counts). */
export class LocalRateLimiter implements AsyncRateLimiter {
  constructor(private readonly limiter: RateLimiter) {}

  take(key: string): Promise<RateDecision> {
    return Promise.resolve(this.limiter.take(key));
  }
}

/**
 * The same token bucket as `RateLimiter`, kept in Redis so that every API replica draws from one
 * bucket per key, atomically (one script; the time is Redis's own, so replicas' clocks do not
 * matter). Returns [1, 0] when a token was taken, else [0, seconds until one is back].
 */
const TAKE_TOKEN = `
local limit = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = limit
if bucket[1] then
  tokens = math.min(limit, tonumber(bucket[1]) + (now - tonumber(bucket[2])) * per_ms)
end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if allowed == 1 then return {1, 0} end
return {0, math.max(1, math.ceil((1 - tokens) / per_ms / 1000))}
`;

/** Told of each decision Redis answered (`up`) and each it did not (`down`), e.g. to log an outage once. */
export interface SharedLimitHealth {
  up(): void;
  down(error: unknown): void;
}

const NO_HEALTH: SharedLimitHealth = { up: () => undefined, down: () => undefined };

type RedisWithTakeToken = Redis & { rectifyTakeToken(key: string, limit: number, perMs: number, ttlMs: number): Promise<[number, number]> };

/**
 * A rate limit shared by every process that uses the same Redis and key prefix: without it, N API
 * replicas let a client through N times each limit. When Redis does not answer (down, or slower than
 * the client's command timeout), the decision falls back to this process's own bucket, so the limit
 * still holds per process and a request is never held up waiting for Redis. Keys are hashed (a
 * username is client input).
 */
export class SharedRateLimiter implements AsyncRateLimiter {
  private readonly redis: RedisWithTakeToken;
  private readonly perMs: number;
  private readonly fallback: RateLimiter;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly health: SharedLimitHealth = NO_HEALTH,
  ) {
    if (!(limit >= 1) || !(windowMs > 0)) throw new Error('SharedRateLimiter needs limit >= 1 and windowMs > 0');
    if (!('rectifyTakeToken' in redis)) redis.defineCommand('rectifyTakeToken', { numberOfKeys: 1, lua: TAKE_TOKEN });
    this.redis = redis as unknown as RedisWithTakeToken;
    this.perMs = limit / windowMs;
    this.fallback = new RateLimiter(limit, windowMs);
  }

  async take(key: string): Promise<RateDecision> {
    const hashed = createHash('sha256').update(key).digest('base64url').slice(0, 32);
    try {
      const [allowed, retryAfterSeconds] = await this.redis.rectifyTakeToken(`${this.keyPrefix}:${hashed}`, this.limit, this.perMs, this.windowMs);
      this.health.up();
      return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterSeconds };
    } catch (error) {
      this.health.down(error);
      return this.fallback.take(key);
    }
  }
}
