import { type ArgumentsHost, Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { GqlContextType } from '@nestjs/graphql';
import { MESSAGES } from './api-error-code';

/** What an HTTP status means to a client when the route did not say more (codes are stable). */
const HTTP_ERRORS: Record<number, { code: string; message: string }> = {
  [HttpStatus.BAD_REQUEST]: { code: 'BAD_REQUEST', message: '请求格式错误（请求体须为有效的 JSON）' },
  [HttpStatus.UNAUTHORIZED]: { code: 'UNAUTHENTICATED', message: MESSAGES.UNAUTHENTICATED },
  [HttpStatus.FORBIDDEN]: { code: 'FORBIDDEN', message: MESSAGES.FORBIDDEN },
  [HttpStatus.NOT_FOUND]: { code: 'NOT_FOUND', message: MESSAGES.NOT_FOUND },
  [HttpStatus.METHOD_NOT_ALLOWED]: { code: 'METHOD_NOT_ALLOWED', message: '不支持该请求方法' },
  [HttpStatus.PAYLOAD_TOO_LARGE]: { code: 'PAYLOAD_TOO_LARGE', message: '请求体过大' },
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型（Content-Type）' },
  [HttpStatus.TOO_MANY_REQUESTS]: { code: 'RATE_LIMITED', message: MESSAGES.RATE_LIMITED },
  [HttpStatus.SERVICE_UNAVAILABLE]: { code: 'SERVICE_UNAVAILABLE', message: '服务暂不可用（数据库或事件存储未就绪），请稍后重试' },
};

function objectOf(response: unknown): Record<string, unknown> {
  return typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
}

function hasStableCode(response: unknown): boolean {
  return typeof response === 'object' && response !== null && typeof (response as { code?: unknown }).code === 'string';
}

/**
 * GraphQL errors go back to Apollo untouched (its formatError maps and, for unexpected ones, logs
 * them); Nest would otherwise log every refused login as a crash. HTTP errors leave as
 * `{ code, message }` with a stable code and a Chinese message: the routes' own (downloads,
 * imports) as they are; Nest's and Fastify's (unknown route, malformed JSON, body too large, wrong
 * content type) mapped by status; anything else is logged and answered 500 INTERNAL_SERVER_ERROR
 * without its message.
 */
@Catch()
export class GraphqlExceptionFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Http');

  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') return exception;
    super.catch(this.toClientHttpException(exception), host);
    return undefined;
  }

  private toClientHttpException(exception: unknown): HttpException {
    if (exception instanceof HttpException) {
      if (hasStableCode(exception.getResponse())) return exception;
      const status = exception.getStatus();
      // readiness (terminus) answers 503 naming the checks that failed: kept, with a stable code
      if (status === HttpStatus.SERVICE_UNAVAILABLE) return new HttpException({ ...objectOf(exception.getResponse()), ...HTTP_ERRORS[status] }, status);
      const known = HTTP_ERRORS[status] ?? (status < 500 ? HTTP_ERRORS[HttpStatus.BAD_REQUEST] : undefined);
      if (known) return new HttpException(known, status);
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return new HttpException({ code: 'INTERNAL_SERVER_ERROR', message: MESSAGES.INTERNAL_SERVER_ERROR }, HttpStatus.INTERNAL_SERVER_ERROR);
  }
}
