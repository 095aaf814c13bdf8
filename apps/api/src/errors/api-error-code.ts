/** The codes the API itself adds to those of the domain, the store and identity. */
export const ApiErrorCode = {
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  BadUserInput: 'BAD_USER_INPUT',
  QueryTooDeep: 'QUERY_TOO_DEEP',
  QueryTooComplex: 'QUERY_TOO_COMPLEX',
  BatchTooLarge: 'BATCH_TOO_LARGE',
  RateLimited: 'RATE_LIMITED',
  /** PostgreSQL (read model, identity) cannot be reached: retry later; nothing was written. */
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  Internal: 'INTERNAL_SERVER_ERROR',
} as const;
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];

export const MESSAGES = {
  UNAUTHENTICATED: '未登录或登录已失效，请重新登录',
  FORBIDDEN: '当前角色无权执行此操作',
  NOT_FOUND: '未找到该记录，或无权访问',
  BAD_USER_INPUT: '输入内容有误，请检查后重试',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  SERVICE_UNAVAILABLE: '数据库暂时不可用，请稍后重试',
  INTERNAL_SERVER_ERROR: '服务器内部错误，请稍后重试',
} as const;
