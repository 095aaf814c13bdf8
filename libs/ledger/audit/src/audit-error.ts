/** Stable codes of the audit library's own errors (bad arguments); messages are in Chinese. */
export const AuditErrorCode = {
  InvalidArgument: 'AUDIT_INVALID_ARGUMENT',
  InvalidCursor: 'AUDIT_INVALID_CURSOR',
  /** An event of a stream could not be folded (an unknown type or a version with no upcaster). */
  UnreadableEvent: 'AUDIT_UNREADABLE_EVENT',
} as const;
export type AuditErrorCode = (typeof AuditErrorCode)[keyof typeof AuditErrorCode];

export class AuditError extends Error {
  override readonly name = 'AuditError';
  constructor(
    readonly code: AuditErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function isAuditError(error: unknown): error is AuditError {
  return error instanceof AuditError;
}
