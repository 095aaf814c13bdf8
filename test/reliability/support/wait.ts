import { freePort } from '@rectify/shared-testing';

export { freePort };
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
