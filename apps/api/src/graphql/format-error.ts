import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ApiErrorCode, MESSAGES } from '../errors/api-error-code';
import { toClientError } from '../errors/to-graphql-error';

/** Codes Apollo and graphql-js produce for a bad request, kept as they are, with a Chinese lead. */
const REQUEST_ERRORS: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: '查询语句语法错误',
  GRAPHQL_VALIDATION_FAILED: '查询语句与接口定义不符',
  BAD_USER_INPUT: '输入内容有误',
  BAD_REQUEST: '请求格式错误',
  OPERATION_RESOLUTION_FAILURE: '无法确定要执行的操作',
  PERSISTED_QUERY_NOT_FOUND: '未找到持久化查询',
  PERSISTED_QUERY_NOT_SUPPORTED: '不支持持久化查询',
};

/**
 * Apollo's formatError: every error leaves with a stable `extensions.code` and a Chinese message.
 * Unexpected errors are logged and answered with INTERNAL_SERVER_ERROR; no stack trace ever
 * reaches a client in production, and none of an expected error anywhere.
 */
export function createFormatError(production: boolean, logUnexpected: (error: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    const mapped = toClientError(original);
    if (mapped) return { ...base, message: mapped.message, extensions: { ...mapped.extensions } };

    if (original instanceof GraphQLError) {
      // graphql-js stops coercing variables after 50 errors with a bare GraphQLError (no code, no node)
      if (original.extensions['code'] === undefined && original.message.startsWith('Too many errors processing variables')) {
        return { ...base, message: `${REQUEST_ERRORS['BAD_USER_INPUT']}：变量错误过多，已停止处理`, extensions: { code: ApiErrorCode.BadUserInput } };
      }
      const code = typeof original.extensions['code'] === 'string' ? original.extensions['code'] : undefined;
      const fromApi = code !== undefined && (Object.values(ApiErrorCode) as string[]).includes(code) && original.originalError === undefined;
      if (fromApi) return { ...base, message: original.message, extensions: { ...original.extensions, http: undefined } };
      const requestError = code === undefined ? undefined : REQUEST_ERRORS[code];
      if (code !== undefined && requestError !== undefined) {
        return { ...base, message: `${requestError}：${original.message}`, extensions: { code } };
      }
    }
    logUnexpected(original);
    const debug = !production && original instanceof Error ? { debug: original.message, stacktrace: original.stack?.split('\n') } : {};
    return { ...base, message: MESSAGES.INTERNAL_SERVER_ERROR, extensions: { code: ApiErrorCode.Internal, ...debug } };
  };
}
