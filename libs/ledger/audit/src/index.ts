export { AuditError, AuditErrorCode, isAuditError } from './audit-error';
export { diffStates, toJson, type FieldChange } from './diff/state-diff';
export {
  type StoredEvent,
  type EventUpcaster,
  type EventReading,
  NO_UPCASTERS,
  eventReading,
  toDomainEvent,
} from './events/stored-event';
export { EventLogQuery } from './events/event-log.query';
export { entryStream, campaignStream, checklistStream, isVisibleTo, type AuditedStream } from './events/audited-streams';
export {
  StreamHistoryService,
  type HistoryActor,
  type HistoryItem,
  type HistoryPage,
  type HistoryPageRequest,
} from './history/stream-history.service';
export { MAX_PAGE_SIZE } from './history/cursor';
export {
  TimeTravelService,
  type EntryAsOf,
  type EntryDiff,
  type LedgerAsOfFilter,
  type LedgerAsOfPage,
  type LedgerAsOfRequest,
  type LedgerDiffPage,
} from './time-travel/time-travel.service';
export { RollupAccumulator, type RollupAsOf } from './time-travel/rollup-as-of';
