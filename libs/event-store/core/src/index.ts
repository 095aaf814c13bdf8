export * from './types';
export * from './errors';
export {
  EventStoreLimits,
  prepareAppend,
  validateStreamId,
  validateExpected,
  validateReadStream,
  validateReadAll,
  validateFilter,
  validateTenantPath,
  matchesFilter,
  isWithinTenant,
  type PreparedAppend,
  type PreparedEvent,
} from './validation';
export {
  GENESIS_HASH,
  chainHash,
  envelopeText,
  eventBody,
  eventHash,
  findChainBreak,
  type ChainBreak,
  type HashableEvent,
} from './hash-chain';
export { PollingSubscription, type ChangeFeed, type ReadPage, type PollingSubscriptionOptions } from './polling-subscription';
export {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  verifyExport,
  type ExportHeader,
  type ExportedEvent,
  type ExportFooter,
  type ExportCheck,
} from './export-format';
export { ShardedAppender, type BulkAppend } from './sharded-appender';
