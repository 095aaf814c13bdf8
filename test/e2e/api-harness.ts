import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AccountService, PasswordHasher, createIdentityDataSource } from '@rectify/identity';
import { dropSchema, freePort, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import type { Role } from '@rectify/tenancy';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';

export const PASSWORD = 'Xuchang#Campaign-2023';
const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

export interface GraphqlResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly data?: T | null;
  readonly errors?: { message: string; extensions?: { code?: string; details?: unknown }; path?: string[] }[];
}

export interface RunningApi {
  readonly url: string;
  /** Business time of the next commands (the API reads it from a file: API_TEST_CLOCK_FILE). */
  setClock(instant: string): void;
  /** POSTs one operation (or a batch, when `body` is an array) to /graphql. */
  post(body: unknown, token?: string | null, headers?: Record<string, string>): Promise<{ status: number; json: unknown }>;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string | null, headers?: Record<string, string>): Promise<GraphqlResponse<T>>;
  createUser(username: string, tenantCode: string, roles: Role[], displayName?: string): Promise<void>;
  login(username: string): Promise<string>;
  close(): Promise<void>;
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000; // a shared 2-core machine under load boots slowly
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}):\n${output()}`);
    try {
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the API did not come up:\n${output()}`);
}

/**
 * Prepares schemas of its own in PostgreSQL with the API's CLI, then runs the API as a separate
 * process (`node -r ./tools/register.js apps/api/src/main.ts`) on a free port, with the projector
 * in-process and business time read from a file the test moves (the campaign happens in 2023).
 */
export async function startApi(start: string, extraEnv: Readonly<Record<string, string>> = {}): Promise<RunningApi> {
  const databaseUrl = testDatabaseUrl();
  const suffix = uniqueName('e2e');
  const schemas = { EVENT_STORE_SCHEMA: `${suffix}_es`, READ_MODEL_SCHEMA: `${suffix}_rm`, IDENTITY_SCHEMA: `${suffix}_id` };
  const dir = mkdtempSync(join(tmpdir(), 'rectify-e2e-'));
  const clockFile = join(dir, 'clock');
  writeFileSync(clockFile, start);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    ...schemas,
    JWT_SECRET: 'e2e-secret-that-is-long-enough-for-hs256-0123456789',
    API_RUN_PROJECTOR: 'true',
    API_TEST_CLOCK_FILE: clockFile,
    GRAPHQL_MAX_DEPTH: '8',
    GRAPHQL_MAX_BATCH: '3',
    PROJECTION_WAIT_TIMEOUT_MS: '10000',
    HOST: '127.0.0.1',
    PORT: String(port),
    // Redis keys of this API alone (queues, shared login limits), unless the caller shares them with a worker
    QUEUE_PREFIX: suffix,
    // extra variables of the caller (e.g. REDIS_URL, QUEUE_PREFIX, REPORT_STORAGE_DIR shared with a worker)
    ...extraEnv,
  };
  await run(process.execPath, ['-r', './tools/register.js', 'apps/api/src/cli/prepare-database.ts'], { cwd: ROOT, env });

  let output = '';
  const child = spawn(process.execPath, ['-r', './tools/register.js', 'apps/api/src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilUp(url, child, () => output);
  } catch (error) {
    child.kill('SIGKILL'); // a boot that timed out must not leave the process behind
    throw error;
  }

  const identity: DataSource = await createIdentityDataSource({ url: databaseUrl, schema: schemas.IDENTITY_SCHEMA, poolSize: 2 }).initialize();
  const accounts = new AccountService(identity, new PasswordHasher({ N: 1024, r: 8, p: 1 }));

  const post = async (body: unknown, token?: string | null, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as unknown };
  };

  return {
    url,
    setClock: (instant) => writeFileSync(clockFile, instant),
    post,
    async gql<T>(query: string, variables: Record<string, unknown> = {}, token?: string | null, headers?: Record<string, string>) {
      const { status, json } = await post({ query, variables }, token, headers);
      return { status, ...(json as Omit<GraphqlResponse<T>, 'status'>) };
    },
    async createUser(username, tenantCode, roles, displayName = username) {
      await accounts.create({ username, displayName, password: PASSWORD, tenantCode, roles }, null);
    },
    async login(username) {
      const { json } = await post({ query: 'mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }', variables: { u: username, p: PASSWORD } });
      const token = (json as { data?: { login?: { token?: string } } }).data?.login?.token;
      if (!token) throw new Error(`login failed for ${username}: ${JSON.stringify(json)}`);
      return token;
    },
    async close() {
      const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
      child.kill('SIGTERM');
      await exited;
      await identity.destroy();
      const admin = new Pool({ connectionString: databaseUrl, max: 1 });
      for (const schema of Object.values(schemas)) await dropSchema(admin, schema);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
