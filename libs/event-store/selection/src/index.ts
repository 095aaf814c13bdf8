export {
  EVENT_STORE_ADAPTERS,
  compareEsdbPositionStrings,
  comparePgPositions,
  connectEventStore,
  positionComparator,
  readEventStoreSelection,
  type EventStoreSelection,
} from './event-store-selection';
