import { InvalidArgumentError, type Position } from '@rectify/event-store-core';
import { EventStoreDbEventStore, encodePosition as encodeEsdbPosition } from '@rectify/event-store-eventstoredb';
import { PostgresEventStore, encodePosition as encodePgPosition } from '@rectify/event-store-postgres';
import { comparePgPositions, compareEsdbPositionStrings, connectEventStore, positionComparator, readEventStoreSelection } from './event-store-selection';

class TestConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`${variable} ${problem}`);
  }
}
const fail = (variable: string, problem: string): Error => new TestConfigError(variable, problem);
const esdb = (commit: bigint, prepare: bigint): Position => encodeEsdbPosition({ commit, prepare });

describe('readEventStoreSelection', () => {
  it('defaults to PostgreSQL, also when the variable is empty', () => {
    expect(readEventStoreSelection({}, fail)).toEqual({ adapter: 'postgres' });
    expect(readEventStoreSelection({ EVENT_STORE_ADAPTER: '' }, fail)).toEqual({ adapter: 'postgres' });
  });

  it('takes an esdb:// or esdb+discover:// URL for EventStoreDB', () => {
    expect(readEventStoreSelection({ EVENT_STORE_ADAPTER: 'eventstoredb', EVENTSTOREDB_URL: 'esdb://localhost:2113?tls=false' }, fail)).toEqual({
      adapter: 'eventstoredb',
      url: 'esdb://localhost:2113?tls=false',
    });
    expect(readEventStoreSelection({ EVENT_STORE_ADAPTER: 'eventstoredb', EVENTSTOREDB_URL: 'esdb+discover://a:2113,b:2113,c:2113' }, fail)).toMatchObject({ adapter: 'eventstoredb' });
  });

  it.each([
    [{ EVENT_STORE_ADAPTER: 'Postgres' }, 'EVENT_STORE_ADAPTER', /postgres or eventstoredb/],
    [{ EVENT_STORE_ADAPTER: 'esdb' }, 'EVENT_STORE_ADAPTER', /"esdb"/],
    [{ EVENT_STORE_ADAPTER: 'eventstoredb' }, 'EVENTSTOREDB_URL', /is required when EVENT_STORE_ADAPTER=eventstoredb/],
    [{ EVENT_STORE_ADAPTER: 'eventstoredb', EVENTSTOREDB_URL: 'postgres://db/rectify' }, 'EVENTSTOREDB_URL', /esdb:\/\//],
    [{ EVENT_STORE_ADAPTER: 'eventstoredb', EVENTSTOREDB_URL: 'esdb://' }, 'EVENTSTOREDB_URL', /esdb:\/\//],
  ])('refuses %j naming %s', (env, variable, message) => {
    let thrown: unknown;
    try {
      readEventStoreSelection(env, fail);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TestConfigError);
    expect(thrown).toMatchObject({ variable });
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('connectEventStore', () => {
  it('opens the PostgreSQL adapter on the app database and schema (lazily: no connection yet)', async () => {
    const store = connectEventStore({ adapter: 'postgres' }, { databaseUrl: 'postgres://nobody@127.0.0.1:1/none', schema: 'es_test', max: 2 });
    expect(store).toBeInstanceOf(PostgresEventStore);
    expect((store as PostgresEventStore).schema).toBe('es_test');
    await store.close();
  });

  it('opens the EventStoreDB adapter on EVENTSTOREDB_URL (the gRPC client connects on first use)', async () => {
    const store = connectEventStore({ adapter: 'eventstoredb', url: 'esdb://127.0.0.1:1?tls=false' }, { databaseUrl: 'postgres://unused', schema: 'unused', max: 2 });
    expect(store).toBeInstanceOf(EventStoreDbEventStore);
    await store.close();
  });
});

describe('positionComparator', () => {
  it('orders PostgreSQL positions by transaction id, then sequence, numerically', () => {
    const compare = positionComparator({ adapter: 'postgres' });
    expect(compare).toBe(comparePgPositions);
    expect(compare(encodePgPosition('9', '5'), encodePgPosition('10', '0'))).toBe(-1);
    expect(compare(encodePgPosition('10', '2'), encodePgPosition('10', '10'))).toBe(-1);
    expect(compare(encodePgPosition('18446744073709551615', '1'), encodePgPosition('18446744073709551614', '9'))).toBe(1);
    expect(compare(encodePgPosition('7', '3'), encodePgPosition('7', '3'))).toBe(0);
  });

  it('orders EventStoreDB positions by commit position first, then prepare position', () => {
    const compare = positionComparator({ adapter: 'eventstoredb', url: 'esdb://x:2113' });
    expect(compare).toBe(compareEsdbPositionStrings);
    // a later commit wins even when its prepare position is lower (a transaction's events share a commit)
    expect(compare(esdb(2_000n, 100n), esdb(1_000n, 1_500n))).toBe(1);
    expect(compare(esdb(1_000n, 900n), esdb(1_000n, 950n))).toBe(-1);
    expect(compare(esdb(1_000n, 950n), esdb(1_000n, 950n))).toBe(0);
    expect(compare(esdb(2n ** 64n - 1n, 0n), esdb(2n ** 63n, 2n ** 64n - 1n))).toBe(1);
  });

  it("refuses the other adapter's checkpoint instead of misordering it (switching stores needs a rebuild)", () => {
    expect(() => compareEsdbPositionStrings(encodePgPosition('10', '1'), esdb(1n, 1n))).toThrow(InvalidArgumentError);
    expect(() => comparePgPositions(esdb(1n, 1n), encodePgPosition('10', '1'))).toThrow(InvalidArgumentError);
  });
});
