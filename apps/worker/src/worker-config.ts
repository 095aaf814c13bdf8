import { isAbsolute } from 'node:path';
import { ObservabilityConfigError, loadProcessObservabilityConfig, type ProcessObservabilityConfig } from '@rectify/observability';
import { readEventStoreSelection, type EventStoreSelection } from '@rectify/event-store-selection';

/** The worker's whole configuration; `loadWorkerConfig` is the only reader of the environment. */
export interface WorkerConfig {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** EVENT_STORE_ADAPTER (postgres | eventstoredb) and, for EventStoreDB, EVENTSTOREDB_URL. */
  readonly eventStore: EventStoreSelection;
  readonly eventStoreSchema: string;
  readonly readModelSchema: string;
  /** Absolute directory where generated report files are stored (one sub-directory per report). */
  readonly reportStorageDir: string;
  /** BullMQ key prefix (no braces: the queue names carry the cluster hash tags). */
  readonly queuePrefix: string;
  /** Cron pattern of the escalation sweep, in Asia/Shanghai time. */
  readonly escalationCron: string;
  readonly escalationPageSize: number;
  readonly reportConcurrency: number;
  /** Attempts per job (first run included) and the first back-off delay (doubled each retry). */
  readonly jobAttempts: number;
  readonly jobBackoffMs: number;
  /** LOG_LEVEL, METRICS_PORT/METRICS_HOST (listener off when unset), HEALTH_FILE/HEALTH_INTERVAL_SECONDS (heartbeat off when unset). */
  readonly observability: ProcessObservabilityConfig;
  /** Tests only (WORKER_TEST_CLOCK_FILE, refused in production): business time read from this file. */
  readonly testClockFile: string | null;
}

export class WorkerConfigError extends Error {
  override readonly name = 'WorkerConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;
const PREFIX = /^[A-Za-z0-9_:.-]{1,64}$/;
const CRON_FIELD = /^[0-9*/,-]+$/;

function schema(env: Env, variable: string, fallback: string): string {
  const value = env[variable] || fallback;
  if (!SCHEMA.test(value)) throw new WorkerConfigError(variable, `must be a lower-case schema name, got ${JSON.stringify(value)}`);
  return value;
}

function integer(env: Env, variable: string, fallback: number, min: number, max: number): number {
  const raw = env[variable];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new WorkerConfigError(variable, `must be an integer from ${min} to ${max}`);
  return value;
}

function url(env: Env, variable: string, protocols: RegExp, example: string): string {
  const value = env[variable];
  if (!value) throw new WorkerConfigError(variable, `is not set; expected e.g. ${example}`);
  if (!protocols.test(value)) throw new WorkerConfigError(variable, `must look like ${example}`);
  return value;
}

/** Validates the environment at boot and fails naming the variable at fault. */
export function loadWorkerConfig(env: Env): WorkerConfig {
  const databaseUrl = url(env, 'DATABASE_URL', /^postgres(ql)?:\/\//, 'postgres://user@host:5432/db');
  const redisUrl = url(env, 'REDIS_URL', /^rediss?:\/\//, 'redis://127.0.0.1:6379');
  const reportStorageDir = env['REPORT_STORAGE_DIR'];
  if (!reportStorageDir) throw new WorkerConfigError('REPORT_STORAGE_DIR', 'is not set; it names the directory for generated report files');
  if (!isAbsolute(reportStorageDir)) throw new WorkerConfigError('REPORT_STORAGE_DIR', 'must be an absolute path');
  const queuePrefix = env['QUEUE_PREFIX'] || 'rectify';
  if (!PREFIX.test(queuePrefix)) throw new WorkerConfigError('QUEUE_PREFIX', 'letters, digits, _ : . - only (no braces: the queue names are the hash tags)');
  const escalationCron = env['ESCALATION_CRON'] || '0 15 0 * * *';
  const fields = escalationCron.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6 || !fields.every((f) => CRON_FIELD.test(f))) {
    throw new WorkerConfigError('ESCALATION_CRON', 'must be a cron pattern of 5 or 6 numeric fields, e.g. "0 15 0 * * *"');
  }
  const testClockFile = env['WORKER_TEST_CLOCK_FILE'] || null;
  if (testClockFile !== null && env['NODE_ENV'] === 'production') throw new WorkerConfigError('WORKER_TEST_CLOCK_FILE', 'must not be set in production');
  return {
    databaseUrl,
    redisUrl,
    eventStore: readEventStoreSelection(env, (variable, problem) => new WorkerConfigError(variable, problem)),
    eventStoreSchema: schema(env, 'EVENT_STORE_SCHEMA', 'event_store'),
    readModelSchema: schema(env, 'READ_MODEL_SCHEMA', 'read_model'),
    reportStorageDir,
    queuePrefix,
    escalationCron,
    escalationPageSize: integer(env, 'ESCALATION_PAGE_SIZE', 1000, 10, 10_000),
    reportConcurrency: integer(env, 'REPORT_CONCURRENCY', 2, 1, 16),
    jobAttempts: integer(env, 'JOB_ATTEMPTS', 5, 1, 50),
    jobBackoffMs: integer(env, 'JOB_BACKOFF_MS', 5_000, 10, 3_600_000),
    observability: observability(env),
    testClockFile,
  };
}

function observability(env: Env): ProcessObservabilityConfig {
  try {
    return loadProcessObservabilityConfig(env);
  } catch (error) {
    if (error instanceof ObservabilityConfigError) throw new WorkerConfigError(error.variable, error.problem);
    throw error;
  }
}
