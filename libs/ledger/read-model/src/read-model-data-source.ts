import { DataSource } from 'typeorm';
import { READ_MODEL_ENTITIES } from './entities';
import { READ_MODEL_MIGRATIONS } from './migrations';
import { DEFAULT_READ_MODEL_SCHEMA, assertReadModelSchema } from './read-model-schema';

export interface ReadModelDataSourceOptions {
  readonly url: string;
  /** Defaults to `read_model`. */
  readonly schema?: string;
  /** Pool size. */
  readonly poolSize?: number;
  readonly applicationName?: string;
}

/**
 * A DataSource for the read model's schema. It never synchronises and never runs migrations on its
 * own: call `runReadModelMigrations` (or the CLI) explicitly. Not yet initialised.
 */
export function createReadModelDataSource(options: ReadModelDataSourceOptions): DataSource {
  const schema = assertReadModelSchema(options.schema ?? DEFAULT_READ_MODEL_SCHEMA);
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema,
    entities: READ_MODEL_ENTITIES,
    migrations: READ_MODEL_MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsRun: false,
    synchronize: false,
    logging: false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'rectify-read-model',
  });
}
