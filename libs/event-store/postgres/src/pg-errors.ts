import {
  EventIdConflictError,
  EventStoreError,
  EventStoreUnavailableError,
  WrongExpectedVersionError,
  type ExpectedVersion,
} from '@rectify/event-store-core';

interface PgLikeError {
  code?: string;
  constraint?: string;
  detail?: string;
  message?: string;
}

/** SQLSTATE classes and socket errors that mean "not reached / not now", never "rejected". */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', 'EAI_AGAIN']);
const UNAVAILABLE_SQLSTATE = /^(08|53|57P|40001|40P01|57014)/;
const UNAVAILABLE_MESSAGE = /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|Cannot use a pool after calling end/i;

export function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as PgLikeError;
  if (e.code && (UNAVAILABLE_CODES.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code))) return true;
  return typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message);
}

/** Turns what PostgreSQL or the driver threw during an append into the port's errors. */
export function mapAppendError(error: unknown, streamId: string, expected: ExpectedVersion, eventIds: readonly string[]): unknown {
  if (error instanceof EventStoreError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as PgLikeError;
  if (e.code === 'RX001') return new WrongExpectedVersionError(streamId, expected, Number(e.detail));
  // On a partitioned table the violated index is the partition's, named after its columns.
  if (e.code === 'RX002' || (e.code === '23505' && e.constraint?.includes('event_id'))) {
    return new EventIdConflictError(streamId, eventIds);
  }
  if (e.code === '23505' && e.constraint?.includes('stream_version')) {
    return new WrongExpectedVersionError(streamId, expected, Number.NaN);
  }
  return mapReadError(error);
}

export function mapReadError(error: unknown): unknown {
  if (error instanceof EventStoreError) return error;
  return isUnavailable(error) ? new EventStoreUnavailableError(error) : error;
}
