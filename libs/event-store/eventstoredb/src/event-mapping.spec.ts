import type { RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { InvalidArgumentError, prepareAppend, type NewEvent } from '@rectify/event-store-core';
import { SCHEMA_VERSION_KEY, fromEsdbMetadata, isSystemEvent, toEventData, toRecordedEvent } from './event-mapping';

const EVENT_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const tenant = { tenantId: '411081005', tenantPath: '411000/411081/411081005', actor: '张三', correlationId: 'c1', causationId: 'k1' };

function prepared(overrides: Partial<NewEvent> = {}) {
  const event: NewEvent = { eventId: EVENT_ID.toUpperCase(), type: 'ProblemRecorded', schemaVersion: 3, data: { a: 1 }, metadata: tenant, ...overrides };
  return prepareAppend('entry-1', [event], 'any').events[0];
}

/** What the client hands back for an event this adapter wrote. */
function stored(data: unknown, metadata: unknown, extra: Partial<EsdbRecordedEvent> = {}): EsdbRecordedEvent {
  return {
    streamId: 'entry-1',
    id: EVENT_ID,
    isJson: true,
    revision: 4n,
    type: 'ProblemRecorded',
    created: new Date('2024-05-01T08:00:00.123Z'),
    data: JSON.parse(JSON.stringify(data)),
    metadata: JSON.parse(JSON.stringify(metadata)),
    position: { commit: 700n, prepare: 700n },
    ...extra,
  } as EsdbRecordedEvent;
}

describe('event mapping', () => {
  it('writes the event id as the EventStoreDB id and JSON data', () => {
    const data = toEventData(prepared(), 'events[0]');
    expect(data).toMatchObject({ id: EVENT_ID, contentType: 'application/json', type: 'ProblemRecorded', data: { a: 1 } });
  });

  it('carries tenant, actor, correlation and causation in metadata, and the schema version under the reserved key', () => {
    expect(toEventData(prepared(), 'events[0]').metadata).toEqual({ ...tenant, [SCHEMA_VERSION_KEY]: 3 });
  });

  it('round-trips the schema version and strips the reserved key on read', () => {
    const written = toEventData(prepared(), 'events[0]');
    const read = toRecordedEvent(stored(written.data, written.metadata));
    expect(read).toEqual({
      eventId: EVENT_ID,
      streamId: 'entry-1',
      streamVersion: 4,
      type: 'ProblemRecorded',
      schemaVersion: 3,
      data: { a: 1 },
      metadata: tenant,
      recordedAt: new Date('2024-05-01T08:00:00.123Z'),
      position: '00000000000000000700:00000000000000000700',
    });
    expect(read?.metadata).not.toHaveProperty(SCHEMA_VERSION_KEY);
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['a string', '整改'],
    ['an array', [1, '二', { 三: true }]],
  ])('round-trips %s as data', (_label, value) => {
    const written = toEventData(prepared({ data: value }), 'events[0]');
    expect(JSON.parse(JSON.stringify(written.data))).toEqual(value);
    expect(toRecordedEvent(stored(written.data, written.metadata))?.data).toEqual(value);
  });

  it('rejects metadata that uses the reserved key', () => {
    const event = prepared({ metadata: { ...tenant, [SCHEMA_VERSION_KEY]: 9 } });
    expect(() => toEventData(event, 'events[2]')).toThrow(InvalidArgumentError);
    expect(() => toEventData(event, 'events[2]')).toThrow(expect.objectContaining({ field: `events[2].metadata.${SCHEMA_VERSION_KEY}` }));
  });

  it('does not treat foreign events as its own', () => {
    expect(fromEsdbMetadata(undefined)).toBeNull();
    expect(fromEsdbMetadata(new Uint8Array([1]))).toBeNull();
    expect(fromEsdbMetadata({ tenantId: 'x', tenantPath: 'x' })).toBeNull(); // no schema version
    expect(fromEsdbMetadata({ [SCHEMA_VERSION_KEY]: 1, tenantId: 'x' })).toBeNull(); // no tenant path
    expect(fromEsdbMetadata({ [SCHEMA_VERSION_KEY]: 0, tenantId: 'x', tenantPath: 'x' })).toBeNull();
    expect(toRecordedEvent(stored({}, { [SCHEMA_VERSION_KEY]: 1, ...tenant }, { isJson: false } as Partial<EsdbRecordedEvent>))).toBeNull();
    expect(toRecordedEvent(stored({}, { [SCHEMA_VERSION_KEY]: 1, ...tenant }, { type: '$metadata' }))).toBeNull();
  });

  it('fails loudly, rather than dropping events, when the server sends no position', () => {
    expect(() => toRecordedEvent(stored({}, { [SCHEMA_VERSION_KEY]: 1, ...tenant }, { position: undefined }))).toThrow(/22\.6/);
  });

  it('recognises system events by type or stream', () => {
    expect(isSystemEvent({ streamId: '$stats-127.0.0.1:2113', type: 'x' })).toBe(true);
    expect(isSystemEvent({ streamId: 'entry-1', type: '$>' })).toBe(true);
    expect(isSystemEvent({ streamId: 'entry-1', type: 'ProblemRecorded' })).toBe(false);
  });
});
