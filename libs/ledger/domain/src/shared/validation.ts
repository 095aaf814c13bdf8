import { isCalendarDate } from './calendar';
import { isValidId } from './command-metadata';
import { DomainError } from './domain-error';

/** Field checks shared by the deciders. Each throws a DomainError naming the field. */

export function requireId(value: string, field: string): string {
  if (!isValidId(value)) {
    throw new DomainError('LEDGER_INVALID_ID', `${field} 不能为空或含空白字符`, { field });
  }
  return value;
}

/** A non-blank text, returned trimmed. */
export function requireText(value: string, field: string, label: string): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed.length === 0) {
    throw new DomainError('LEDGER_INVALID_INPUT', `${label}不能为空`, { field });
  }
  return trimmed;
}

/** A trimmed text or null when blank or absent. */
export function optionalText(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed.length === 0 ? null : trimmed;
}

export function requireDate(value: string, field: string, label: string): string {
  if (!isCalendarDate(value)) {
    throw new DomainError('LEDGER_INVALID_DATE', `${label}必须是有效的日期（YYYY-MM-DD）`, {
      field,
      value: typeof value === 'string' ? value : null,
    });
  }
  return value;
}

export function requirePositiveInteger(value: number, field: string, label: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new DomainError('LEDGER_INVALID_INPUT', `${label}必须是正整数`, { field });
  }
  return value;
}

/** Non-blank, trimmed, de-duplicated texts, in their first order. */
export function requireTextList(values: readonly string[], field: string, label: string): string[] {
  if (!Array.isArray(values)) {
    throw new DomainError('LEDGER_INVALID_INPUT', `${label}必须是列表`, { field });
  }
  const result: string[] = [];
  values.forEach((value, index) => {
    const text = requireText(value, `${field}[${index}]`, label);
    if (!result.includes(text)) result.push(text);
  });
  return result;
}
