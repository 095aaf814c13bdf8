import type { ExpectedVersion } from './types';

/** Stable codes: clients and the GraphQL layer switch on these, never on messages. */
export const EventStoreErrorCode = {
  ConcurrencyConflict: 'CONCURRENCY_CONFLICT',
  EventIdConflict: 'EVENT_ID_CONFLICT',
  InvalidArgument: 'EVENT_STORE_INVALID_ARGUMENT',
  Unavailable: 'EVENT_STORE_UNAVAILABLE',
} as const;
export type EventStoreErrorCode = (typeof EventStoreErrorCode)[keyof typeof EventStoreErrorCode];

export abstract class EventStoreError extends Error {
  abstract readonly code: EventStoreErrorCode;
  /** Whether the same call may succeed if retried unchanged. */
  abstract readonly retryable: boolean;
}

/** The stream was not at the expected version: reload it, decide again, and retry. */
export class WrongExpectedVersionError extends EventStoreError {
  override readonly name = 'WrongExpectedVersionError';
  readonly code = EventStoreErrorCode.ConcurrencyConflict;
  readonly retryable = false;
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** The stream's current version; -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`并发冲突：流 ${streamId} 期望版本为 ${String(expected)}，实际版本为 ${actual}`);
  }
}

/**
 * Some of the event ids are already recorded, but not as exactly this append (another stream, other
 * positions, or only part of the batch). A true retry of the same append is not an error.
 */
export class EventIdConflictError extends EventStoreError {
  override readonly name = 'EventIdConflictError';
  readonly code = EventStoreErrorCode.EventIdConflict;
  readonly retryable = false;
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super(`事件编号冲突：${eventIds.join(', ')} 已以其他方式写入，不能追加到流 ${streamId}`);
  }
}

export class InvalidArgumentError extends EventStoreError {
  override readonly name = 'InvalidArgumentError';
  readonly code = EventStoreErrorCode.InvalidArgument;
  readonly retryable = false;
  constructor(
    /** Where the problem is, e.g. `events[2].data.title`. */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`参数无效：${field}：${reason}`);
  }
}

/** The store could not be reached or did not answer in time. Nothing was acknowledged. */
export class EventStoreUnavailableError extends EventStoreError {
  override readonly name = 'EventStoreUnavailableError';
  readonly code = EventStoreErrorCode.Unavailable;
  readonly retryable = true;
  constructor(override readonly cause: unknown) {
    super(`事件存储暂时不可用，请稍后重试（${cause instanceof Error ? cause.message : String(cause)}）`);
  }
}
