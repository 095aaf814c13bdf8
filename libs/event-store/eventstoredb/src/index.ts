export {
  EventStoreDbEventStore,
  type EventStoreDbClientLike,
  type EventStoreDbConnectOptions,
  type EventStoreDbEventStoreOptions,
} from './eventstoredb-event-store';
export { EventStoreDbSubscription, type SubscriptionSource } from './eventstoredb-subscription';
export { encodePosition, decodePosition, comparePositions, isAfter, type EsdbPosition } from './position';
export { toExpectedRevision, toActualVersion } from './expected-revision';
export { SCHEMA_VERSION_KEY, toEventData, toEsdbMetadata, fromEsdbMetadata, toRecordedEvent, positionOf, isSystemEvent } from './event-mapping';
export { serverFilterFor, selectEvent, selectPage, type ScannedPage } from './all-filter';
export { classifyRetry, mergeByVersion, type RetryVerdict, type StoredId } from './idempotence';
export { isUnavailable, mapError } from './eventstoredb-errors';
