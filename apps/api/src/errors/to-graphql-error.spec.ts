import { EventStoreUnavailableError } from '@rectify/event-store-core';
import { toClientError } from './to-graphql-error';

function pgError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

describe('toClientError: PostgreSQL out of reach', () => {
  it('answers the event store being unreachable with a retryable EVENT_STORE_UNAVAILABLE', () => {
    expect(toClientError(new EventStoreUnavailableError(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')))?.extensions).toEqual({
      code: 'EVENT_STORE_UNAVAILABLE',
      retryable: true,
    });
  });

  it.each([
    ['a refused connection (read model, identity)', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['the server shutting down (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
    ['a connection lost mid-query, wrapped by TypeORM', Object.assign(new Error('Query failed'), { driverError: new Error('Connection terminated unexpectedly') })],
    ['the pool timing out', new Error('timeout exceeded when trying to connect')],
  ])('answers %s with a retryable SERVICE_UNAVAILABLE, not an internal error', (_case, error) => {
    expect(toClientError(error)).toEqual({ message: '数据库暂时不可用，请稍后重试', extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true } });
  });

  it('leaves other errors unexpected (logged, INTERNAL_SERVER_ERROR)', () => {
    expect(toClientError(pgError('42P01', 'relation "x" does not exist'))).toBeNull();
    expect(toClientError(new TypeError('x is undefined'))).toBeNull();
  });
});
