import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line written inside a request or a job carries besides its message. */
export interface LogContext {
  readonly correlationId?: string;
  readonly tenantId?: string;
  readonly tenantPath?: string;
  readonly queue?: string;
  readonly jobId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `context` attached to every log line written from it, synchronously or later. */
export function runWithLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The context of the request or job in hand, if any. */
export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}

/** The HTTP header that carries a correlation id in and out of the API. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

const VALID_CORRELATION_ID = /^[A-Za-z0-9._:/-]{1,128}$/;

/**
 * The caller's correlation id when it is a sane token (1–128 of `A-Z a-z 0-9 . _ : / -`), else a
 * new UUID: a client cannot inject newlines or megabytes into the logs and the event metadata.
 */
export function resolveCorrelationId(header: string | readonly string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return typeof value === 'string' && VALID_CORRELATION_ID.test(value) ? value : randomUUID();
}
