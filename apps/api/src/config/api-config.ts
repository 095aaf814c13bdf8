import { randomBytes } from 'node:crypto';
import { MIN_JWT_SECRET_BYTES } from '@rectify/identity';
import { ObservabilityConfigError, loadLogLevel, type LogLevel } from '@rectify/observability';
import { RateLimitConfigError, loadRateLimitConfig, type RateLimitConfig } from '../http/rate-limit.config';
import { readEventStoreSelection, type EventStoreSelection } from '@rectify/event-store-selection';
import { JobsApiConfigError, loadJobsApiConfig, type JobsApiConfig } from '../reports/jobs-api-config';

/** The API's whole configuration, read once at boot from the environment. */
export interface ApiConfig {
  readonly production: boolean;
  readonly host: string;
  readonly port: number;
  /**
   * TRUST_PROXY: whose X-Forwarded-For to believe for the client IP (per-IP rate limits, logs).
   * false (default: the peer address is the client) or a comma-separated list of proxy
   * addresses/CIDRs (Fastify's trustProxy). `true` trusts any sender: only behind a proxy that every
   * request must pass. A hop count is refused: Fastify (5.12 on) no longer honours one, since it
   * cannot check the immediate peer and would let a direct client pick its IP.
   */
  readonly trustProxy: boolean | string;
  readonly databaseUrl: string;
  /** EVENT_STORE_ADAPTER (postgres | eventstoredb) and, for EventStoreDB, EVENTSTOREDB_URL. */
  readonly eventStore: EventStoreSelection;
  /** `eventStore` is the PostgreSQL adapter's schema (unused on EventStoreDB). */
  readonly schemas: { readonly eventStore: string; readonly readModel: string; readonly identity: string };
  readonly jwt: { readonly secret: string; readonly ttlSeconds: number; readonly generated: boolean };
  readonly graphql: {
    readonly introspection: boolean;
    /** Serve the GraphQL IDE at /graphiql. */
    readonly ide: boolean;
    readonly maxDepth: number;
    readonly maxComplexity: number;
    /** Operations per HTTP batch (an array body); 1 turns batching off. */
    readonly maxBatchSize: number;
    /** Largest `first`/`last` a connection accepts. */
    readonly maxPageSize: number;
  };
  /** How long a mutation with waitForProjection waits for the projector. */
  readonly projectionWaitTimeoutMs: number;
  /** Run the projection runner inside the API process (development, tests). */
  readonly runProjector: boolean;
  /** Tests only: read business time from this file (refused in production). */
  readonly testClockFile: string | null;
  readonly observability: {
    /** LOG_LEVEL: the JSON logs' threshold. */
    readonly logLevel: LogLevel;
    /** HEALTH_CHECK_TIMEOUT_MS: how long /health/ready waits for each dependency. */
    readonly healthCheckTimeoutMs: number;
  };
  /** Queues, report directory and import limits shared with the worker (see jobs-api-config.ts). */
  readonly jobs: JobsApiConfig;
  /** RATE_LIMIT_*: request and login limits (see apps/api/src/http/rate-limit.config.ts). */
  readonly rateLimit: RateLimitConfig;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function str(env: Env, name: string, fallback?: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    if (fallback === undefined) throw new ConfigError(name, 'is required');
    return fallback;
  }
  return value;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new ConfigError(name, `must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be true or false (got ${JSON.stringify(raw)})`);
}

function logLevel(env: Env): LogLevel {
  try {
    return loadLogLevel(env);
  } catch (error) {
    if (error instanceof ObservabilityConfigError) throw new ConfigError(error.variable, error.problem);
    throw error;
  }
}

function schema(env: Env, name: string, fallback: string): string {
  const value = str(env, name, fallback);
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) throw new ConfigError(name, 'must be a lower-case SQL identifier');
  return value;
}

/**
 * Validates the environment; throws ConfigError naming the first bad variable. Production
 * (`NODE_ENV=production`) requires JWT_SECRET of at least 32 bytes; elsewhere a random secret is
 * generated (tokens then die with the process) and `warnings` says so.
 */
export function loadApiConfig(env: Env): { config: ApiConfig; warnings: string[] } {
  const warnings: string[] = [];
  const production = env['NODE_ENV'] === 'production';
  const databaseUrl = str(env, 'DATABASE_URL');
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('DATABASE_URL', 'must be a postgres:// URL');

  let secret = env['JWT_SECRET'] ?? '';
  let generated = false;
  if (secret === '') {
    if (production) throw new ConfigError('JWT_SECRET', 'is required in production');
    secret = randomBytes(48).toString('base64url');
    generated = true;
    warnings.push('JWT_SECRET is not set: using a random secret for this process only (tokens end with it). Never do this in production.');
  } else if (Buffer.byteLength(secret) < MIN_JWT_SECRET_BYTES) {
    throw new ConfigError('JWT_SECRET', `must be at least ${MIN_JWT_SECRET_BYTES} bytes`);
  }

  const config: ApiConfig = {
    production,
    host: str(env, 'HOST', '127.0.0.1'),
    port: int(env, 'PORT', 3000, 0, 65535),
    trustProxy: trustProxy(env),
    databaseUrl,
    eventStore: readEventStoreSelection(env, (variable, problem) => new ConfigError(variable, problem)),
    schemas: {
      eventStore: schema(env, 'EVENT_STORE_SCHEMA', 'event_store'),
      readModel: schema(env, 'READ_MODEL_SCHEMA', 'read_model'),
      identity: schema(env, 'IDENTITY_SCHEMA', 'identity'),
    },
    jwt: { secret, ttlSeconds: int(env, 'JWT_TTL_SECONDS', 3600, 60, 86_400), generated },
    graphql: {
      introspection: bool(env, 'GRAPHQL_INTROSPECTION', !production),
      ide: bool(env, 'GRAPHQL_IDE', !production),
      maxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 10, 2, 50),
      maxComplexity: int(env, 'GRAPHQL_MAX_COMPLEXITY', 5000, 10, 1_000_000),
      maxBatchSize: int(env, 'GRAPHQL_MAX_BATCH', 10, 1, 100),
      maxPageSize: int(env, 'GRAPHQL_MAX_PAGE_SIZE', 200, 1, 1000),
    },
    projectionWaitTimeoutMs: int(env, 'PROJECTION_WAIT_TIMEOUT_MS', 5000, 0, 60_000),
    runProjector: bool(env, 'API_RUN_PROJECTOR', false),
    testClockFile: env['API_TEST_CLOCK_FILE'] || null,
    observability: { logLevel: logLevel(env), healthCheckTimeoutMs: int(env, 'HEALTH_CHECK_TIMEOUT_MS', 2000, 100, 30_000) },
    jobs: jobsConfig(env),
    rateLimit: rateLimitConfig(env),
  };
  if (production && config.testClockFile !== null) throw new ConfigError('API_TEST_CLOCK_FILE', 'must not be set in production');
  if (config.eventStore.adapter === 'eventstoredb') {
    warnings.push('EVENT_STORE_ADAPTER=eventstoredb: the audit queries (history, time travel, diffs, chain and anchor verification, export) are not served; they read the PostgreSQL event store.');
  }
  if (config.testClockFile !== null) warnings.push(`API_TEST_CLOCK_FILE is set: business time comes from ${config.testClockFile}`);
  return { config, warnings };
}

export const API_CONFIG = Symbol('API_CONFIG');

const PROXY_ADDRESS = /^[0-9A-Fa-f:.]+(\/\d{1,3})?$/;

function trustProxy(env: Env): boolean | string {
  const raw = (env['TRUST_PROXY'] ?? '').trim();
  if (raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) {
    throw new ConfigError('TRUST_PROXY', `a number of proxy hops (${raw}) is not accepted: give the proxies' addresses/CIDRs separated by commas (e.g. 10.0.0.0/8), so that only they are believed`);
  }
  const addresses = raw.split(',').map((a) => a.trim());
  if (addresses.some((a) => !PROXY_ADDRESS.test(a))) {
    throw new ConfigError('TRUST_PROXY', `must be true, false or proxy addresses/CIDRs separated by commas (got ${JSON.stringify(raw)})`);
  }
  return addresses.join(',');
}

function jobsConfig(env: Env): JobsApiConfig {
  try {
    return loadJobsApiConfig(env);
  } catch (error) {
    if (error instanceof JobsApiConfigError) throw new ConfigError(error.variable, error.problem);
    throw error;
  }
}

function rateLimitConfig(env: Env): RateLimitConfig {
  try {
    return loadRateLimitConfig(env);
  } catch (error) {
    if (error instanceof RateLimitConfigError) throw new ConfigError(error.variable, error.problem);
    throw error;
  }
}
