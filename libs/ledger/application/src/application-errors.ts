/**
 * Errors of the application layer, with stable codes. NOT_FOUND is also the answer for anything
 * outside the caller's scope: the two must be indistinguishable.
 */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  readonly code = 'NOT_FOUND';
  constructor(readonly what: string) {
    super('未找到该记录，或无权访问');
  }
}

export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
  readonly code = 'FORBIDDEN';
  constructor(readonly action: string) {
    super('当前角色无权执行此操作');
  }
}
