import { AccountError, InvalidTokenError } from '@rectify/identity';
import { EventStoreError } from '@rectify/event-store-core';
import { isUnavailable } from '@rectify/event-store-postgres';
import { ForbiddenError, NotFoundError } from '@rectify/ledger-application';
import { isDomainError } from '@rectify/ledger-domain';
import { GraphQLError } from 'graphql';
import { ApiErrorCode, MESSAGES } from './api-error-code';
import { InputValidationError } from './input-validation.error';

export interface ErrorExtensions {
  readonly code: string;
  readonly details?: unknown;
  readonly retryable?: boolean;
}

/** An error the API answers with on purpose: code and message are final. */
export function apiError(code: ApiErrorCode, message?: string, details?: unknown): GraphQLError {
  const fallback = (MESSAGES as Record<string, string>)[code] ?? MESSAGES.INTERNAL_SERVER_ERROR;
  return new GraphQLError(message ?? fallback, { extensions: { code, ...(details === undefined ? {} : { details }) } });
}

function hasStringCode(error: unknown): error is Error & { code: string; details?: unknown } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/**
 * The one mapping from what the layers below throw to what clients see: a stable
 * `extensions.code`, a Chinese message, optional `details`; null for an unexpected error (the
 * formatter logs it and answers INTERNAL_SERVER_ERROR without the message or a stack).
 */
export function toClientError(error: unknown): { message: string; extensions: ErrorExtensions } | null {
  if (error instanceof InputValidationError) return { message: error.message, extensions: { code: ApiErrorCode.BadUserInput, details: { fields: error.fields } } };
  if (isDomainError(error)) return { message: error.message, extensions: { code: error.code, ...(error.details ? { details: error.details } : {}) } };
  if (error instanceof NotFoundError) return { message: MESSAGES.NOT_FOUND, extensions: { code: ApiErrorCode.NotFound } };
  if (error instanceof ForbiddenError) return { message: MESSAGES.FORBIDDEN, extensions: { code: ApiErrorCode.Forbidden } };
  if (error instanceof InvalidTokenError) return { message: MESSAGES.UNAUTHENTICATED, extensions: { code: ApiErrorCode.Unauthenticated } };
  if (error instanceof AccountError) {
    if (error.code === 'NOT_FOUND') return { message: MESSAGES.NOT_FOUND, extensions: { code: ApiErrorCode.NotFound } };
    if (error.code === 'FORBIDDEN') return { message: MESSAGES.FORBIDDEN, extensions: { code: ApiErrorCode.Forbidden } };
    return { message: error.message, extensions: { code: error.code, details: error.details } };
  }
  if (error instanceof EventStoreError) {
    if (error.code === 'EVENT_STORE_UNAVAILABLE') return { message: '数据存储暂时不可用，请稍后重试', extensions: { code: error.code, retryable: true } };
    if (error.code === 'CONCURRENCY_CONFLICT') return { message: '记录已被他人修改，请刷新后重试', extensions: { code: error.code, retryable: false } };
    if (error.code === 'EVENT_STORE_INVALID_ARGUMENT') return { message: '输入内容有误，请检查后重试', extensions: { code: ApiErrorCode.BadUserInput } };
    return { message: '操作与已有记录冲突（幂等键已用于其他操作）', extensions: { code: error.code, retryable: false } };
  }
  // The read model's argument errors (a malformed cursor, an unknown filter value).
  if (hasStringCode(error) && (error.code === 'READ_MODEL_INVALID_CURSOR' || error.code === 'READ_MODEL_INVALID_ARGUMENT')) {
    return { message: error.message, extensions: { code: ApiErrorCode.BadUserInput, details: { reason: error.code } } };
  }
  // PostgreSQL unreachable outside the event store (the read model a command consults, identity):
  // refused, connection lost, pool timeout. Nothing was written; the same request can be retried.
  if (isUnavailable(error) || isUnavailable((error as { driverError?: unknown } | null)?.driverError)) {
    return { message: MESSAGES.SERVICE_UNAVAILABLE, extensions: { code: ApiErrorCode.ServiceUnavailable, retryable: true } };
  }
  return null;
}
