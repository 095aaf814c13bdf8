import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface RunningWorker {
  output(): string;
  close(): Promise<void>;
}

/**
 * Runs the worker as its own process (`node -r ./tools/register.js apps/worker/src/main.ts`) with
 * the given environment (DATABASE_URL, REDIS_URL, schemas, QUEUE_PREFIX, REPORT_STORAGE_DIR) and
 * waits for its boot line. close() sends SIGTERM and waits for the process to exit.
 */
export async function startWorker(env: Readonly<Record<string, string>>): Promise<RunningWorker> {
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['-r', './tools/register.js', 'apps/worker/src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'], NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const close = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 30_000;
  while (!output.includes('reports in ')) {
    if (child.exitCode !== null) throw new Error(`the worker exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      await close();
      throw new Error(`the worker did not come up:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { output: () => output, close };
}
