import { WorkerConfigError, loadWorkerConfig } from './worker-config';

const BASE = { DATABASE_URL: 'postgres://app@db:5432/rectify', REDIS_URL: 'redis://redis:6379', REPORT_STORAGE_DIR: '/var/lib/rectify/reports' };

function failure(env: Record<string, string>): WorkerConfigError {
  try {
    loadWorkerConfig(env);
  } catch (error) {
    if (error instanceof WorkerConfigError) return error;
    throw error;
  }
  throw new Error('expected a WorkerConfigError');
}

describe('loadWorkerConfig', () => {
  it('applies the defaults', () => {
    expect(loadWorkerConfig(BASE)).toEqual({
      databaseUrl: BASE.DATABASE_URL,
      redisUrl: BASE.REDIS_URL,
      eventStore: { adapter: 'postgres' },
      eventStoreSchema: 'event_store',
      readModelSchema: 'read_model',
      reportStorageDir: BASE.REPORT_STORAGE_DIR,
      queuePrefix: 'rectify',
      escalationCron: '0 15 0 * * *',
      escalationPageSize: 1000,
      reportConcurrency: 2,
      jobAttempts: 5,
      jobBackoffMs: 5000,
      observability: { logLevel: 'info', metrics: null, heartbeat: null },
      testClockFile: null,
    });
  });

  it('reads business time from WORKER_TEST_CLOCK_FILE outside production only', () => {
    expect(loadWorkerConfig({ ...BASE, WORKER_TEST_CLOCK_FILE: '/tmp/clock' }).testClockFile).toBe('/tmp/clock');
    expect(failure({ ...BASE, NODE_ENV: 'production', WORKER_TEST_CLOCK_FILE: '/tmp/clock' }).variable).toBe('WORKER_TEST_CLOCK_FILE');
  });

  it('selects EventStoreDB with EVENT_STORE_ADAPTER and EVENTSTOREDB_URL', () => {
    expect(loadWorkerConfig({ ...BASE, EVENT_STORE_ADAPTER: 'eventstoredb', EVENTSTOREDB_URL: 'esdb+discover://esdb-0:2113,esdb-1:2113' }).eventStore).toEqual({
      adapter: 'eventstoredb',
      url: 'esdb+discover://esdb-0:2113,esdb-1:2113',
    });
  });

  it.each([
    [{ EVENT_STORE_ADAPTER: 'redis' }, 'EVENT_STORE_ADAPTER'],
    [{ EVENT_STORE_ADAPTER: 'eventstoredb' }, 'EVENTSTOREDB_URL'],
    [{ EVENT_STORE_ADAPTER: 'eventstoredb', EVENTSTOREDB_URL: 'https://esdb:2113' }, 'EVENTSTOREDB_URL'],
    [{ DATABASE_URL: '' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: '' }, 'REDIS_URL'],
    [{ REDIS_URL: 'http://redis' }, 'REDIS_URL'],
    [{ REPORT_STORAGE_DIR: '' }, 'REPORT_STORAGE_DIR'],
    [{ REPORT_STORAGE_DIR: 'reports' }, 'REPORT_STORAGE_DIR'],
    [{ READ_MODEL_SCHEMA: 'Read-Model' }, 'READ_MODEL_SCHEMA'],
    [{ QUEUE_PREFIX: '{rectify}' }, 'QUEUE_PREFIX'],
    [{ ESCALATION_CRON: 'daily' }, 'ESCALATION_CRON'],
    [{ JOB_ATTEMPTS: '0' }, 'JOB_ATTEMPTS'],
    [{ REPORT_CONCURRENCY: '2.5' }, 'REPORT_CONCURRENCY'],
    [{ LOG_LEVEL: 'chatty' }, 'LOG_LEVEL'],
    [{ METRICS_PORT: '65536' }, 'METRICS_PORT'],
    [{ HEALTH_FILE: 'worker.heartbeat' }, 'HEALTH_FILE'],
    [{ HEALTH_INTERVAL_SECONDS: '301' }, 'HEALTH_INTERVAL_SECONDS'],
  ])('names the variable at fault: %j', (override, variable) => {
    expect(failure({ ...BASE, ...override }).variable).toBe(variable);
  });
});
