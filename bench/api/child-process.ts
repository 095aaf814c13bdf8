import { type ChildProcess, spawn } from 'node:child_process';

/** A server the bench started as a child process, with its output kept for error messages. */
export interface RunningServer {
  readonly url: string;
  readonly pid: number;
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves when the process has exited. */
  stop(): Promise<void>;
}

/**
 * Spawns `node [nodeArgs] -r ./tools/register.js <entry>` in `cwd` with exactly `env` (nothing of the
 * bench's own environment leaks in), then waits until `POST /graphql { __typename }` answers 200.
 */
export async function startServer(options: {
  readonly name: string;
  readonly cwd: string;
  readonly entry: string;
  readonly env: NodeJS.ProcessEnv;
  readonly port: number;
  readonly nodeArgs?: readonly string[];
  readonly timeoutMs?: number;
}): Promise<RunningServer> {
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), '-r', './tools/register.js', options.entry], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer): void => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${options.port}`;
  const server: RunningServer = {
    url,
    pid: child.pid ?? -1,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${options.name} exited with code ${child.exitCode}:\n${output.slice(-4000)}`);
    try {
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      if (response.status === 200) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`${options.name} did not answer within ${options.timeoutMs ?? 60_000} ms:\n${output.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
