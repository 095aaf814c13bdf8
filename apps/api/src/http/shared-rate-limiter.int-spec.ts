import { randomUUID } from 'node:crypto';
import { freePort } from '@rectify/shared-testing';
import { Redis } from 'ioredis';
import { SharedRateLimiter } from './shared-rate-limiter';

const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';

/** A connection like LoginRateLimiters': no offline queue, no retries, a short command timeout. */
const connect = (url = REDIS_URL): Redis => {
  const redis = new Redis(url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, commandTimeout: 250, connectTimeout: 1_000, lazyConnect: true });
  redis.on('error', () => undefined);
  return redis;
};

describe('SharedRateLimiter (real Redis)', () => {
  const clients: Redis[] = [];
  const prefix = `test-ratelimit-${randomUUID().slice(0, 8)}`;

  async function replica(): Promise<Redis> {
    const redis = connect();
    await redis.connect();
    clients.push(redis);
    return redis;
  }

  afterAll(async () => {
    const [first] = clients;
    if (first) {
      const keys = await first.keys(`${prefix}*`);
      if (keys.length > 0) await first.del(...keys);
    }
    for (const client of clients) client.disconnect();
  });

  it('two replicas draw from one bucket per key: the limit holds across them', async () => {
    let ups = 0;
    const a = new SharedRateLimiter(await replica(), `${prefix}:shared`, 3, 60_000, { up: () => ups++, down: () => undefined });
    const b = new SharedRateLimiter(await replica(), `${prefix}:shared`, 3, 60_000);
    const decisions = [await a.take('zhang.san'), await b.take('zhang.san'), await a.take('zhang.san'), await b.take('zhang.san')];
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    const refused = decisions[3];
    expect(refused?.allowed === false && refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // another key has its own bucket
    expect((await b.take('li.si')).allowed).toBe(true);
    expect(ups).toBe(2); // a's two answers came from Redis
  });

  it('refills continuously, as the in-memory bucket does', async () => {
    const limiter = new SharedRateLimiter(await replica(), `${prefix}:refill`, 2, 1_000);
    expect([(await limiter.take('k')).allowed, (await limiter.take('k')).allowed, (await limiter.take('k')).allowed]).toEqual([true, true, false]);
    await new Promise((resolve) => setTimeout(resolve, 650)); // one token per 500 ms
    expect((await limiter.take('k')).allowed).toBe(true);
    expect((await limiter.take('k')).allowed).toBe(false);
  });

  it('keeps no client input in Redis keys, and lets a bucket expire after its window', async () => {
    const redis = await replica();
    const limiter = new SharedRateLimiter(redis, `${prefix}:keys`, 5, 30_000);
    await limiter.take('攻击者 username with spaces');
    const keys = await redis.keys(`${prefix}:keys:*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^${prefix}:keys:[A-Za-z0-9_-]{32}$`));
    const ttl = await redis.pttl(keys[0] ?? '');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });

  it('without Redis it answers at once from this process own bucket, and says so', async () => {
    const port = await freePort(); // nothing listens there
    const redis = connect(`redis://127.0.0.1:${port}`);
    clients.push(redis);
    redis.connect().catch(() => undefined);
    const fallbacks: unknown[] = [];
    let ups = 0;
    const limiter = new SharedRateLimiter(redis, `${prefix}:down`, 2, 60_000, { up: () => ups++, down: (error) => fallbacks.push(error) });
    const started = Date.now();
    const decisions = [await limiter.take('k'), await limiter.take('k'), await limiter.take('k')];
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false]);
    expect(fallbacks).toHaveLength(3);
    expect(ups).toBe(0);
  });
});
