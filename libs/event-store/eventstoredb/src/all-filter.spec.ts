import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { SCHEMA_VERSION_KEY } from './event-mapping';
import { selectEvent, selectPage, serverFilterFor } from './all-filter';
import { decodePosition, encodePosition } from './position';

const county = { tenantId: '411081', tenantPath: '411000/411081' };
const township = { tenantId: '411081005', tenantPath: '411000/411081/411081005' };
const otherCounty = { tenantId: '4110810', tenantPath: '411000/4110810' };

let nextId = 0;
function at(log: number, streamId: string, type: string, tenant: object = county): AllStreamResolvedEvent {
  const id = `00000000-0000-4000-8000-${String(nextId++).padStart(12, '0')}`;
  return {
    event: {
      streamId,
      id,
      isJson: true,
      revision: 0n,
      type,
      created: new Date(0),
      data: {},
      metadata: { ...tenant, [SCHEMA_VERSION_KEY]: 1 },
      position: { commit: BigInt(log), prepare: BigInt(log) },
    },
  } as AllStreamResolvedEvent;
}

const pos = (log: number) => ({ commit: BigInt(log), prepare: BigInt(log) });

describe('server-side filters for $all subscriptions', () => {
  it('filters by stream prefix when there are stream prefixes', () => {
    expect(serverFilterFor({ streamPrefixes: ['a-', 'b-'], eventTypes: ['A'] })).toMatchObject({ filterOn: 'streamName', prefixes: ['a-', 'b-'] });
  });

  it('filters by event type prefix when there are only event types', () => {
    expect(serverFilterFor({ eventTypes: ['A'], tenantPath: '411000' })).toMatchObject({ filterOn: 'eventType', prefixes: ['A'] });
  });

  it('drops only system events when nothing else can run on the server', () => {
    expect(serverFilterFor({})).toMatchObject({ filterOn: 'eventType', regex: expect.any(String) });
    expect(serverFilterFor({ tenantPath: '411000' })).toMatchObject({ filterOn: 'eventType', regex: expect.any(String) });
  });
});

describe('selecting events read from $all', () => {
  it('skips the event at the checkpoint itself and everything before it', () => {
    const batch = [at(10, 's-1', 'A'), at(20, 's-1', 'A'), at(30, 's-1', 'A')];
    const page = selectPage(batch, pos(20), {}, 100);
    expect(page.events.map((e) => e.position)).toEqual([encodePosition(pos(30))]);
    expect(page.lastScanned).toEqual(pos(30));
  });

  it('skips system events and events of other writers', () => {
    const foreign = at(3, 'orders-1', 'OrderPlaced');
    if (foreign.event) foreign.event.metadata = { some: 'thing' };
    const batch = [at(1, '$stats-1', 'A'), at(2, 's-1', '$>'), foreign, at(4, 's-1', 'A')];
    expect(selectPage(batch, null, {}, 100).events.map((e) => e.streamId)).toEqual(['s-1']);
  });

  it('applies stream prefixes literally, exact event types and the tenant subtree on the client', () => {
    const batch = [
      at(1, 'p-a', 'A', county),
      at(2, 'p-a', 'AB', township),
      at(3, 'p-b', 'A', otherCounty),
      at(4, 'p-a_b%c', 'A', county),
      at(5, 'q-a', 'A', county),
    ];
    const pick = (filter: object) => selectPage(batch, null, filter, 100).events.map((e) => Number(decodePosition(e.position).commit));
    expect(pick({ streamPrefixes: ['p-'] })).toEqual([1, 2, 3, 4]);
    expect(pick({ eventTypes: ['A'] })).toEqual([1, 3, 4, 5]);
    expect(pick({ tenantPath: '411000/411081' })).toEqual([1, 2, 4, 5]);
    expect(pick({ tenantPath: '411000/411081/411081005' })).toEqual([2]);
    expect(pick({ streamPrefixes: ['p-a_b%'] })).toEqual([4]);
  });

  it('stops at the limit and reports how far it looked', () => {
    const batch = [at(1, 's', 'A'), at(2, 's', 'B'), at(3, 's', 'A'), at(4, 's', 'A')];
    const page = selectPage(batch, null, { eventTypes: ['A'] }, 2);
    expect(page.events.map((e) => e.position)).toEqual([encodePosition(pos(1)), encodePosition(pos(3))]);
    expect(page.lastScanned).toEqual(pos(3));
  });

  it('reports the last event looked at even when none was kept', () => {
    const page = selectPage([at(7, 's', 'B'), at(8, '$x', 'B')], null, { eventTypes: ['A'] }, 10);
    expect(page).toEqual({ events: [], lastScanned: pos(8) });
    expect(selectPage([at(7, 's', 'A')], pos(7), {}, 10)).toEqual({ events: [], lastScanned: null });
  });

  it('selectEvent applies the checkpoint and the filter to a single event', () => {
    expect(selectEvent(at(5, 's', 'A'), pos(5), {})).toBeNull();
    expect(selectEvent(at(6, 's', 'A'), pos(5), { eventTypes: ['B'] })).toBeNull();
    expect(selectEvent(at(7, 's', 'A'), pos(5), {})).toMatchObject({ streamId: 's', type: 'A' });
    expect(selectEvent({}, null, {})).toBeNull();
  });
});
