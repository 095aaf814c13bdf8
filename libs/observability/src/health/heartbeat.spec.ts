import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Heartbeat, checkHeartbeat } from './heartbeat';

const ROOT = join(__dirname, '..', '..', '..', '..');
const run = promisify(execFile);

/** Runs the probe CLI as a container would; resolves to its exit code and output. */
async function probe(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(process.execPath, ['-r', './tools/register.js', 'libs/observability/src/cli/check-heartbeat.ts', ...args], { cwd: ROOT });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, output: failed.stderr };
  }
}

describe('heartbeat', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rectify-heartbeat-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes its status on start and on every beat, and stops writing once stopped', async () => {
    const file = join(dir, 'writer.heartbeat');
    let status: 'ok' | 'down' = 'ok';
    const heartbeat = new Heartbeat({ app: 'projector', file, intervalMs: 60_000, probe: () => ({ status, details: { runner: 'running' } }) });
    await heartbeat.start();
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ app: 'projector', pid: process.pid, status: 'ok', details: { runner: 'running' } });
    status = 'down';
    await heartbeat.beat();
    expect((await checkHeartbeat(file, 30)).healthy).toBe(false);
    await heartbeat.stop();
    const before = await readFile(file, 'utf8');
    status = 'ok';
    await heartbeat.stop();
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('judges age against the limit', async () => {
    const file = join(dir, 'aged.heartbeat');
    await writeFile(file, JSON.stringify({ app: 'worker', pid: 1, status: 'degraded', time: '2024-01-01T00:00:00.000Z' }));
    expect(await checkHeartbeat(file, 60, new Date('2024-01-01T00:00:59Z'))).toMatchObject({ healthy: true });
    expect(await checkHeartbeat(file, 60, new Date('2024-01-01T00:01:01Z'))).toMatchObject({ healthy: false, reason: expect.stringContaining('61 s old') });
  });

  it('refuses a file that is not a heartbeat', async () => {
    const broken = join(dir, 'broken.heartbeat');
    await writeFile(broken, '{"app":');
    expect(await checkHeartbeat(broken, 30)).toMatchObject({ healthy: false, reason: expect.stringContaining('invalid JSON') });
  });

  it('the probe CLI exits 0 on a fresh file and 1 on a stale or missing one', async () => {
    const fresh = join(dir, 'fresh.heartbeat');
    const stale = join(dir, 'stale.heartbeat');
    await writeFile(fresh, JSON.stringify({ app: 'worker', pid: 1, status: 'ok', time: new Date().toISOString() }));
    await writeFile(stale, JSON.stringify({ app: 'worker', pid: 1, status: 'ok', time: new Date(Date.now() - 120_000).toISOString() }));
    const [ok, old, missing] = await Promise.all([probe(fresh, '30'), probe(stale, '30'), probe(join(dir, 'none'), '30')]);
    expect(ok).toMatchObject({ code: 0, output: expect.stringMatching(/^healthy: worker ok/) });
    expect(old).toMatchObject({ code: 1, output: expect.stringContaining('s old (limit 30 s)') });
    expect(missing).toMatchObject({ code: 1, output: expect.stringContaining('ENOENT') });
  }, 20_000);
});
