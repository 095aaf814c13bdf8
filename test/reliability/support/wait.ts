import { createServer } from 'node:net';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port nobody listens on right now (127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` every `everyMs` until it returns true; throws naming `what` after `timeoutMs`. Returns the time it took. */
export async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean, everyMs = 100): Promise<number> {
  const started = Date.now();
  let lastError: unknown = null;
  for (;;) {
    try {
      if (await check()) return Date.now() - started;
      lastError = null;
    } catch (error) {
      lastError = error;
      // a check may throw to say "fatal": rethrow those marked so, else keep polling
      if (error instanceof FatalWaitError) throw error;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`${what}: not reached within ${timeoutMs} ms${lastError ? ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})` : ''}`);
    }
    await sleep(everyMs);
  }
}

/** Thrown from a waitFor check to stop waiting at once (e.g. the process being waited for exited). */
export class FatalWaitError extends Error {
  override readonly name = 'FatalWaitError';
}
