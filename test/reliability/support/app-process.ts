import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { FatalWaitError, waitFor } from './wait';

const ROOT = join(__dirname, '..', '..', '..');
/** Output kept per process (the tail): enough to explain a failure, bounded over many restarts. */
const KEEP_OUTPUT = 400_000;

export type AppName = 'api' | 'projector' | 'worker';

export interface AppProcessOptions {
  readonly name: AppName;
  readonly env: NodeJS.ProcessEnv;
  /** Resolves true once the process serves (an HTTP probe, a boot line in its output). */
  readonly ready: (app: AppProcess) => Promise<boolean> | boolean;
}

/**
 * One app (`node -r ./tools/register.js apps/<name>/src/main.ts`) as a child process that a test can
 * SIGKILL and start again. Counts its starts and kills; keeps the tail of its output across restarts.
 */
export class AppProcess {
  private child: ChildProcess | null = null;
  private log = '';
  private current = '';
  starts = 0;
  kills = 0;

  constructor(private readonly options: AppProcessOptions) {}

  get name(): AppName {
    return this.options.name;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  output(): string {
    return this.log;
  }

  /** The output since the latest start. */
  currentOutput(): string {
    return this.current;
  }

  /** Starts the process and waits until `ready` says it serves; returns the milliseconds that took. */
  async start(timeoutMs = 120_000): Promise<number> {
    if (this.running) throw new Error(`${this.name} is already running`);
    const child = spawn(process.execPath, ['-r', './tools/register.js', `apps/${this.name}/src/main.ts`], {
      cwd: ROOT,
      env: this.options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.current = '';
    const append = (chunk: Buffer): void => {
      const text = chunk.toString();
      this.log += text;
      if (this.current.length < KEEP_OUTPUT) this.current += text;
      if (this.log.length > KEEP_OUTPUT * 1.5) this.log = this.log.slice(-KEEP_OUTPUT);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    this.child = child;
    this.starts++;
    this.log += `\n--- ${this.name} start #${this.starts} (pid ${child.pid}) ---\n`;
    return waitFor(`${this.name} ready`, timeoutMs, async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new FatalWaitError(`${this.name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${this.log.slice(-4000)}`);
      }
      return this.options.ready(this);
    });
  }

  /** SIGKILL: no shutdown hook runs, the batch or job in hand is cut off wherever it is. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
    this.kills++;
  }

  /** SIGTERM and wait (SIGKILL after 15 s). */
  async stop(): Promise<void> {
    await this.signal('SIGTERM', 15_000);
  }

  private async signal(signal: NodeJS.Signals, escalateAfterMs?: number): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = escalateAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), escalateAfterMs);
    await exited;
    clearTimeout(timer);
  }
}
