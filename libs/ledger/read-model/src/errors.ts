/** Stable codes of the read model's own errors; the API maps them to GraphQL errors. */
export const ReadModelErrorCode = {
  InvalidCursor: 'READ_MODEL_INVALID_CURSOR',
  InvalidArgument: 'READ_MODEL_INVALID_ARGUMENT',
  UnsupportedEvent: 'READ_MODEL_UNSUPPORTED_EVENT',
  LockLost: 'READ_MODEL_PROJECTION_LOCK_LOST',
  CheckpointMoved: 'READ_MODEL_CHECKPOINT_MOVED',
  Timeout: 'READ_MODEL_WAIT_TIMEOUT',
  /** A row a scoped query returned lies outside the scope: the read model is corrupt; nothing is answered. */
  ScopeInvariant: 'READ_MODEL_SCOPE_INVARIANT',
} as const;
export type ReadModelErrorCode = (typeof ReadModelErrorCode)[keyof typeof ReadModelErrorCode];

export class ReadModelError extends Error {
  override readonly name = 'ReadModelError';
  constructor(
    readonly code: ReadModelErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
