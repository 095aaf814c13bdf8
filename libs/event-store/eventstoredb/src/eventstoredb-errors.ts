import {
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
} from '@eventstore/db-client';
import {
  EventStoreError,
  EventStoreUnavailableError,
  InvalidArgumentError,
} from '@rectify/event-store-core';

/** gRPC status codes for errors that reach us without the client's conversion. */
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;
/** What the client and Node's sockets say when the server is not there. */
const UNAVAILABLE_MESSAGE =
  /Failed to discover after \d+ attempts|No connection established|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|write after end/i;

/**
 * Whether an error means "not reached / not now" rather than "rejected": the server is down or
 * unreachable, did not answer in time, is no longer the leader, or cancelled the call (shutdown).
 * A timed-out append may still have been written; retrying it with the same event ids is safe
 * within EventStoreDB's idempotence (see the README).
 */
export function isUnavailable(error: unknown): boolean {
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof NotLeaderError ||
    error instanceof CancelledError
  ) {
    return true;
  }
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message);
}

/**
 * Turns what the client threw into the port's errors where one fits; anything else (access
 * denied, a deleted stream, a server bug) is rethrown as it came.
 */
export function mapError(error: unknown): unknown {
  if (error instanceof EventStoreError) return error;
  if (error instanceof MaxAppendSizeExceededError) {
    return new InvalidArgumentError('events', `一次追加超过了服务器允许的最大大小（${error.maxAppendSize} 字节）`);
  }
  return isUnavailable(error) ? new EventStoreUnavailableError(error) : error;
}
