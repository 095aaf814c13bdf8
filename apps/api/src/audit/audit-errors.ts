import { isAuditError } from '@rectify/ledger-audit';
import { InputValidationError } from '../errors/input-validation.error';

/** The audit library's argument errors become BAD_USER_INPUT (with the field); the rest pass through. */
export async function mapAuditErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isAuditError(error) && error.code !== 'AUDIT_UNREADABLE_EVENT') {
      const field = typeof error.details?.['field'] === 'string' ? error.details['field'] : error.code === 'AUDIT_INVALID_CURSOR' ? 'after' : 'input';
      throw new InputValidationError([{ field, problems: [error.message] }]);
    }
    throw error;
  }
}

/** Parses an ISO-8601 instant argument. */
export function instantArg(value: string, field: string): Date {
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(d.getTime())) {
    throw new InputValidationError([{ field, problems: ['须为带时区的 ISO-8601 时间，如 2023-08-31T16:00:00Z'] }]);
  }
  return d;
}
