import { Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { localLoginLimiters, type LoginLimiters } from '../graphql/login-rate-limit.plugin';
import { SharedRateLimiter, type AsyncRateLimiter, type SharedLimitHealth } from './shared-rate-limiter';

/** How long a login waits for Redis's answer before it counts in this process only. */
const REDIS_COMMAND_TIMEOUT_MS = 250;

/**
 * The login buckets (per IP, per username), shared by every API replica through Redis (REDIS_URL,
 * keys under `{QUEUE_PREFIX}:ratelimit:`), so N replicas do not give an attacker N times the
 * attempts. Its own connection, which never queues or retries a command: while Redis is away each
 * replica counts on its own, as before, and logins are never held up (logged once per outage).
 */
@Injectable()
export class LoginRateLimiters implements LoginLimiters, OnApplicationShutdown {
  readonly byIp: AsyncRateLimiter;
  readonly byUsername: AsyncRateLimiter;
  private readonly redis: Redis | null = null;
  private readonly logger = new Logger('LoginRateLimit');
  private degraded = false;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    const limits = config.rateLimit;
    if (!limits.enabled) {
      ({ byIp: this.byIp, byUsername: this.byUsername } = localLoginLimiters(limits));
      return;
    }
    const redis = new Redis(config.jobs.redisUrl, {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      connectTimeout: 2_000,
    });
    redis.on('error', () => undefined); // reported below, once per outage
    this.redis = redis;
    const windowMs = limits.windowSeconds * 1000;
    // logged when a login first finds Redis silent, and when one finds it answering again (a slow
    // Redis never drops the connection, so the connection's own events would not tell)
    const health: SharedLimitHealth = {
      up: () => {
        if (!this.degraded) return;
        this.degraded = false;
        this.logger.log('Redis answers again: login limits are shared between replicas');
      },
      down: (error) => {
        if (this.degraded) return;
        this.degraded = true;
        this.logger.warn(`Redis did not answer (${error instanceof Error ? error.message : String(error)}): login limits count per replica until it does`);
      },
    };
    const prefix = `${config.jobs.queuePrefix}:ratelimit`;
    this.byIp = new SharedRateLimiter(redis, `${prefix}:login-ip`, limits.loginPerIp, windowMs, health);
    this.byUsername = new SharedRateLimiter(redis, `${prefix}:login-user`, limits.loginPerUsername, windowMs, health);
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis?.disconnect();
  }
}

@Module({ providers: [LoginRateLimiters], exports: [LoginRateLimiters] })
export class LoginRateLimitModule {}
