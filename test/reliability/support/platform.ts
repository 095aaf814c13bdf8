import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AccountService, PasswordHasher, createIdentityDataSource } from '@rectify/identity';
import type { Role } from '@rectify/tenancy';
import { Pool } from 'pg';
import { AppProcess } from './app-process';
import { ApiClient } from './api-client';
import type { OwnPostgres } from './own-postgres';
import type { OwnRedis } from './own-redis';
import { freePort } from './wait';

const ROOT = join(__dirname, '..', '..', '..');
const run = promisify(execFile);
export const PASSWORD = 'Xuchang#Reliability-2023';

export interface PlatformOptions {
  readonly postgres: OwnPostgres;
  readonly redis: OwnRedis;
  /** Business time at the start (API and worker read it from one clock file). */
  readonly clock: string;
  /** The worker's escalation sweep schedule (6 fields, seconds first); default every 2 s. */
  readonly escalationCron?: string;
  readonly extraEnv?: Readonly<Record<string, string>>;
}

/**
 * The whole platform as separate processes on the test's own PostgreSQL and Redis: the API (without
 * its in-process projector), the projector and the worker, each of which the test can SIGKILL and
 * start again. Schemas are prepared with the API's explicit CLI, as in production.
 */
export class Platform {
  readonly api: AppProcess;
  readonly projector: AppProcess;
  readonly worker: AppProcess;
  readonly client: ApiClient;
  /** The event store, read model and identity schemas (on the test's own database). */
  readonly schemas = { eventStore: 'event_store', readModel: 'read_model', identity: 'identity' } as const;
  readonly reportDir: string;
  private readonly clockFile: string;
  private readonly pool: Pool;
  private accounts: AccountService | null = null;
  private identityClose: (() => Promise<void>) | null = null;

  private constructor(
    readonly options: PlatformOptions,
    private readonly dir: string,
    readonly env: NodeJS.ProcessEnv,
    port: number,
  ) {
    this.clockFile = env['API_TEST_CLOCK_FILE'] ?? '';
    this.reportDir = env['REPORT_STORAGE_DIR'] ?? '';
    this.client = new ApiClient(`http://127.0.0.1:${port}`);
    this.api = new AppProcess({ name: 'api', env, ready: () => this.client.answers() });
    this.projector = new AppProcess({ name: 'projector', env, ready: (app) => app.currentOutput().includes('read model schema') });
    this.worker = new AppProcess({ name: 'worker', env, ready: (app) => app.currentOutput().includes('reports in ') });
    this.pool = new Pool({ connectionString: options.postgres.url(), max: 4 });
    this.pool.on('error', () => undefined); // idle clients die when the test restarts PostgreSQL
  }

  static async start(options: PlatformOptions): Promise<Platform> {
    const dir = mkdtempSync(join(tmpdir(), 'rectify-reliability-'));
    const clockFile = join(dir, 'clock');
    writeFileSync(clockFile, options.clock);
    mkdirSync(join(dir, 'reports'));
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'],
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: options.postgres.url(),
      EVENT_STORE_SCHEMA: 'event_store',
      READ_MODEL_SCHEMA: 'read_model',
      IDENTITY_SCHEMA: 'identity',
      JWT_SECRET: 'reliability-secret-that-is-long-enough-for-hs256-0123456789',
      REDIS_URL: options.redis.url,
      QUEUE_PREFIX: 'reliability',
      REPORT_STORAGE_DIR: join(dir, 'reports'),
      JOB_BACKOFF_MS: '200',
      JOB_ATTEMPTS: '20',
      ESCALATION_CRON: options.escalationCron ?? '*/2 * * * * *',
      API_TEST_CLOCK_FILE: clockFile,
      WORKER_TEST_CLOCK_FILE: clockFile,
      PROJECTION_WAIT_TIMEOUT_MS: '10000',
      GRAPHQL_MAX_BATCH: '3',
      // one inspector drives thousands of commands here on purpose: the per-user limits are the api
      // half's subject (test/reliability/api), not a fault this half injects
      RATE_LIMIT_ENABLED: 'false',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...options.extraEnv,
    };
    await run(process.execPath, ['-r', './tools/register.js', 'apps/api/src/cli/prepare-database.ts'], { cwd: ROOT, env });
    const platform = new Platform(options, dir, env, port);
    try {
      // one at a time: three cold boots at once on a loaded 2-core machine take longer than in turn
      for (const app of [platform.api, platform.projector, platform.worker]) await app.start();
    } catch (error) {
      await platform.close();
      throw error;
    }
    return platform;
  }

  setClock(instant: string): void {
    writeFileSync(this.clockFile, instant);
  }

  /** One SQL query on the test's own database (fresh pool connections after a PostgreSQL restart). */
  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.pool.query(sql, params);
    return result.rows as T[];
  }

  async createUser(username: string, tenantCode: string, roles: Role[], displayName = username): Promise<void> {
    if (!this.accounts) {
      const identity = await createIdentityDataSource({ url: this.options.postgres.url(), schema: this.schemas.identity, poolSize: 1 }).initialize();
      this.accounts = new AccountService(identity, new PasswordHasher({ N: 1024, r: 8, p: 1 }));
      this.identityClose = () => identity.destroy();
    }
    await this.accounts.create({ username, displayName, password: PASSWORD, tenantCode, roles }, null);
  }

  login(username: string): Promise<string> {
    return this.client.login(username, PASSWORD);
  }

  /** The tail of every process's output, for a failure message. */
  diagnostics(chars = 3000): string {
    return [this.api, this.projector, this.worker].map((p) => `--- ${p.name} ---\n${p.output().slice(-chars)}`).join('\n');
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.api.stop(), this.projector.stop(), this.worker.stop()]);
    await this.identityClose?.().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
