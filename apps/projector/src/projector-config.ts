import { ObservabilityConfigError, loadProcessObservabilityConfig, type ProcessObservabilityConfig } from '@rectify/observability';
import { readEventStoreSelection, type EventStoreSelection } from '@rectify/event-store-selection';

/** The projector's whole configuration; `loadProjectorConfig` is the only reader of the environment. */
export interface ProjectorConfig {
  readonly databaseUrl: string;
  /** EVENT_STORE_ADAPTER (postgres | eventstoredb) and, for EventStoreDB, EVENTSTOREDB_URL. */
  readonly eventStore: EventStoreSelection;
  /** The PostgreSQL adapter's schema (unused on EventStoreDB). */
  readonly eventStoreSchema: string;
  readonly readModelSchema: string;
  /** Events per transaction. */
  readonly batchSize: number;
  /** LOG_LEVEL, METRICS_PORT/METRICS_HOST (listener off when unset), HEALTH_FILE/HEALTH_INTERVAL_SECONDS (heartbeat off when unset). */
  readonly observability: ProcessObservabilityConfig;
}

export class ProjectorConfigError extends Error {
  override readonly name = 'ProjectorConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

function schema(env: Readonly<Record<string, string | undefined>>, variable: string, fallback: string): string {
  const value = env[variable] || fallback;
  if (!SCHEMA.test(value)) throw new ProjectorConfigError(variable, `must be a lower-case schema name, got ${JSON.stringify(value)}`);
  return value;
}

/** Validates the environment at boot and fails naming the variable at fault. */
export function loadProjectorConfig(env: Readonly<Record<string, string | undefined>>): ProjectorConfig {
  const databaseUrl = env['DATABASE_URL'];
  if (!databaseUrl) throw new ProjectorConfigError('DATABASE_URL', 'is not set; it names the PostgreSQL database (postgres://…)');
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ProjectorConfigError('DATABASE_URL', 'must be a postgres:// URL');
  const batch = env['PROJECTOR_BATCH_SIZE'];
  const batchSize = batch === undefined || batch === '' ? 500 : Number(batch);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new ProjectorConfigError('PROJECTOR_BATCH_SIZE', 'must be an integer from 1 to 10000');
  }
  return {
    databaseUrl,
    eventStore: readEventStoreSelection(env, (variable, problem) => new ProjectorConfigError(variable, problem)),
    eventStoreSchema: schema(env, 'EVENT_STORE_SCHEMA', 'event_store'),
    readModelSchema: schema(env, 'READ_MODEL_SCHEMA', 'read_model'),
    batchSize,
    observability: observability(env),
  };
}

function observability(env: Readonly<Record<string, string | undefined>>): ProcessObservabilityConfig {
  try {
    return loadProcessObservabilityConfig(env);
  } catch (error) {
    if (error instanceof ObservabilityConfigError) throw new ProjectorConfigError(error.variable, error.problem);
    throw error;
  }
}
