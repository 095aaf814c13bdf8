import type { ValidationError } from 'class-validator';

export interface FieldProblem {
  readonly field: string;
  readonly problems: string[];
}

/** What the global ValidationPipe throws: BAD_USER_INPUT with one entry per bad field. */
export class InputValidationError extends Error {
  override readonly name = 'InputValidationError';
  readonly code = 'BAD_USER_INPUT';
  constructor(readonly fields: FieldProblem[]) {
    super('输入内容有误，请检查后重试');
  }

  static fromValidationErrors(errors: ValidationError[]): InputValidationError {
    const fields: FieldProblem[] = [];
    const walk = (list: ValidationError[], prefix: string): void => {
      for (const e of list) {
        const field = prefix ? `${prefix}.${e.property}` : e.property;
        if (e.constraints) fields.push({ field, problems: Object.values(e.constraints) });
        if (e.children && e.children.length > 0) walk(e.children, field);
      }
    };
    walk(errors, '');
    return new InputValidationError(fields);
  }
}
