export const REPORT_ERROR_CODES = ['REPORT_ROWS_NOT_SORTED', 'REPORT_UNKNOWN_ITEM', 'REPORT_INVALID_INPUT'] as const;

export type ReportErrorCode = (typeof REPORT_ERROR_CODES)[number];

/** Input a report writer cannot lay out; `message` is Chinese, `code` stable. */
export class ReportError extends Error {
  override readonly name = 'ReportError';

  constructor(
    readonly code: ReportErrorCode,
    message: string,
    readonly details: { [key: string]: string | number | null } = {},
  ) {
    super(message);
  }
}
