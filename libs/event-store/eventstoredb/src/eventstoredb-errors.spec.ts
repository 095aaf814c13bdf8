import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  TimeoutError,
  UnavailableError,
  UnknownError,
} from '@eventstore/db-client';
import { EventStoreErrorCode, EventStoreUnavailableError, InvalidArgumentError, WrongExpectedVersionError } from '@rectify/event-store-core';
import { isUnavailable, mapError } from './eventstoredb-errors';

describe('error mapping', () => {
  it.each([
    ['UnavailableError', new UnavailableError()],
    ['DeadlineExceededError', new DeadlineExceededError()],
    ['TimeoutError', new TimeoutError()],
    ['CancelledError', new CancelledError()],
    ['a raw gRPC UNAVAILABLE', Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 })],
    ['a raw gRPC DEADLINE_EXCEEDED', Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 })],
    ['failed discovery', new Error('Failed to discover after 10 attempts.')],
    ['a refused socket', new Error('connect ECONNREFUSED 127.0.0.1:2113')],
  ])('maps %s to EventStoreUnavailableError (retryable)', (_label, error) => {
    expect(isUnavailable(error)).toBe(true);
    const mapped = mapError(error);
    expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
    expect(mapped).toMatchObject({ code: EventStoreErrorCode.Unavailable, retryable: true, cause: error });
  });

  it('maps an append over the server limit to InvalidArgumentError', () => {
    const mapped = mapError(MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576));
    expect(mapped).toBeInstanceOf(InvalidArgumentError);
    expect((mapped as InvalidArgumentError).message).toContain('1048576');
  });

  it.each([
    ['AccessDeniedError', new AccessDeniedError()],
    ['StreamDeletedError', StreamDeletedError.fromStreamName('s')],
    ['UnknownError', new UnknownError()],
    ['a plain Error', new Error('boom')],
    ['a string', 'boom'],
  ])('passes %s through unchanged', (_label, error) => {
    expect(isUnavailable(error)).toBe(false);
    expect(mapError(error)).toBe(error);
  });

  it("passes the port's own errors through", () => {
    const error = new WrongExpectedVersionError('s', 0, 3);
    expect(mapError(error)).toBe(error);
  });
});
