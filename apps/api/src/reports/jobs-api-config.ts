import { isAbsolute, join } from 'node:path';
import { tmpdir } from 'node:os';

/**
 * What the reports, imports and escalation endpoints need besides ApiConfig: the queues the worker
 * reads, and the directory the worker writes report files to. Validated once at boot (failing with
 * the variable's name). Outside production every value has a development default.
 * Loaded by loadApiConfig as `ApiConfig.jobs`, so a bad value stops the API at boot like any other.
 */
export interface JobsApiConfig {
  readonly redisUrl: string;
  /** The worker's QUEUE_PREFIX: both sides must use the same one. */
  readonly queuePrefix: string;
  /** The worker's REPORT_STORAGE_DIR (shared volume): downloads are read from here. */
  readonly reportStorageDir: string;
  readonly jobAttempts: number;
  readonly jobBackoffMs: number;
  /** Largest .xlsx accepted by POST /imports/ledger. */
  readonly importMaxBytes: number;
}

export class JobsApiConfigError extends Error {
  override readonly name = 'JobsApiConfigError';
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new JobsApiConfigError(name, `must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  return value;
}

export function loadJobsApiConfig(env: Env): JobsApiConfig {
  const production = env['NODE_ENV'] === 'production';
  const redisUrl = env['REDIS_URL'] || (production ? '' : 'redis://127.0.0.1:6379');
  if (!redisUrl) throw new JobsApiConfigError('REDIS_URL', 'is required in production');
  if (!/^rediss?:\/\//.test(redisUrl)) throw new JobsApiConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL');
  const queuePrefix = env['QUEUE_PREFIX'] || 'rectify';
  if (!/^[A-Za-z0-9_:.-]{1,64}$/.test(queuePrefix)) throw new JobsApiConfigError('QUEUE_PREFIX', 'letters, digits, _ : . - only (no braces)');
  const reportStorageDir = env['REPORT_STORAGE_DIR'] || (production ? '' : join(tmpdir(), 'rectify-reports'));
  if (!reportStorageDir) throw new JobsApiConfigError('REPORT_STORAGE_DIR', 'is required in production (the worker’s report directory)');
  if (!isAbsolute(reportStorageDir)) throw new JobsApiConfigError('REPORT_STORAGE_DIR', 'must be an absolute path');
  return {
    redisUrl,
    queuePrefix,
    reportStorageDir,
    jobAttempts: int(env, 'JOB_ATTEMPTS', 5, 1, 50),
    jobBackoffMs: int(env, 'JOB_BACKOFF_MS', 5_000, 10, 3_600_000),
    importMaxBytes: int(env, 'IMPORT_MAX_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
  };
}

export const JOBS_API_CONFIG = Symbol('JOBS_API_CONFIG');
