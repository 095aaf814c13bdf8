export { PostgresEventStore, type PostgresEventStoreOptions, type ConnectOptions, type SqlExecutor } from './postgres-event-store';
export { migrateEventStore, EVENT_STORE_MIGRATIONS, assertSchemaName, type MigrateOptions } from './migrations';
export { encodePosition, decodePosition, comparePositions, type PgPosition } from './position';
export { isUnavailable } from './pg-errors';
export { EventExporter, type ExportOptions } from './event-exporter';
export { AnchorService, endOfShanghaiDay, keyIdOf, type AnchorRow, type AnchorCheck } from './anchors';
export { ChainVerifier, type ChainBreakReport, type VerificationResult, type VerifyOptions } from './chain-verifier';
