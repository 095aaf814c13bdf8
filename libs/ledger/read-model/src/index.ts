// Data source and migrations
export { createReadModelDataSource, type ReadModelDataSourceOptions } from './read-model-data-source';
export { runReadModelMigrations, READ_MODEL_MIGRATIONS } from './migrations';
export { assertReadModelSchema, DEFAULT_READ_MODEL_SCHEMA } from './read-model-schema';
export { ReadModelError, ReadModelErrorCode } from './errors';
export * from './entities';

// Reference data
export { loadVillages, type VillageInput } from './villages/load-villages';

// Projections
export { type Projection, type ProjectionHandler } from './projections/projection';
export { LedgerProjection } from './projections/ledger.projection';
export { LedgerBatchProjection, BATCHED_EVENT_TYPES } from './projections/batch/ledger-batch.projection';
export { RollupDimension, OPEN_STATUSES } from './projections/rollup-contributions';

// Runner
export {
  ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionRunnerState,
  type ProjectionLag,
  type PositionComparator,
} from './runner/projection-runner';
export { ProjectionBatchApplier } from './runner/projection-batch';
export { ProjectionCheckpointStore } from './runner/projection-checkpoint.store';
export { ProjectionLock } from './runner/projection-lock';
export { resetLedgerReadModel, LEDGER_PROJECTED_TABLES } from './runner/rebuild';

// Queries
export {
  LedgerEntryQueryService,
  type LedgerEntryFilter,
  type LedgerEntryPage,
  type LedgerEntryPageRequest,
} from './queries/ledger-entry-query.service';
export { type EntrySort, type EntrySortField, type SortDirection } from './queries/entry-cursor';
export { CoverageQueryService, type InspectionCoverageResult } from './queries/coverage-query.service';
export { RollupQueryService, type TenantRollup, type RollupRequest, type CountByKey } from './queries/rollup-query.service';
export { CampaignQueryService } from './queries/campaign-query.service';
export { RecurrenceIndexService } from './queries/recurrence-index.service';
export { ProjectionCheckpointService } from './queries/projection-checkpoint.service';
export { ReportQueryService, type ReportFilter, type ReportPage, type ChildReportStatus } from './queries/report-query.service';
export { EscalationQueryService, type EntryKeysetPage } from './queries/escalation-query.service';
export {
  EscalationPolicyQueryService,
  type EffectiveEscalationPolicy,
  type EscalationPolicyOrigin,
  type EscalationPolicyTable,
} from './queries/escalation-policy-query.service';

// Zero-downtime rebuild into a new schema, and the pointer to the active schema
export { ReadModelRebuild, dropReadModelSchema, type RebuildProgress, type ReadModelRebuildOptions } from './rebuild/read-model-rebuild';
export { ReadModelPointer, resolveActiveReadModelSchema, bootReadModelSchema, READ_MODEL_CONTROL_SCHEMA, type ActiveReadModel } from './rebuild/read-model-pointer';
export { compareReadModels, PROJECTION_TIMESTAMP_COLUMNS, type TableComparison } from './rebuild/compare-read-models';
