export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * Token buckets by key: `limit` requests per `windowMs`, refilled continuously, so a client may
 * burst up to `limit` and then gets one more every `windowMs / limit`. In memory; at most `maxKeys`
 * buckets (the least recently used are dropped first, which only ever lets a request through).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  constructor(
    private readonly limit: number,
    windowMs: number,
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {
    if (!(limit >= 1) || !(windowMs > 0)) throw new Error('RateLimiter needs limit >= 1 and windowMs > 0');
    this.refillPerMs = limit / windowMs;
  }

  /** Takes one token for `key`, or says how many whole seconds until one is back. */
  take(key: string): RateDecision {
    const now = this.now();
    const bucket = this.buckets.get(key);
    let tokens = this.limit;
    if (bucket) {
      tokens = Math.min(this.limit, bucket.tokens + (now - bucket.updatedMs) * this.refillPerMs);
      this.buckets.delete(key); // re-inserted below: the Map's order is least recently used first
    } else if (this.buckets.size >= this.maxKeys) {
      const oldest = this.buckets.keys().next();
      if (!oldest.done) this.buckets.delete(oldest.value);
    }
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, updatedMs: now });
      return { allowed: true };
    }
    this.buckets.set(key, { tokens, updatedMs: now });
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.refillPerMs / 1000)) };
  }

  get size(): number {
    return this.buckets.size;
  }
}
