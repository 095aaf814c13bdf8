import { DataSource } from 'typeorm';
import { IDENTITY_ENTITIES } from './entities';
import { DEFAULT_IDENTITY_SCHEMA, assertIdentitySchema } from './identity-schema';
import { IDENTITY_MIGRATIONS } from './migrations';

export interface IdentityDataSourceOptions {
  readonly url: string;
  /** Defaults to `identity`. */
  readonly schema?: string;
  readonly poolSize?: number;
}

/**
 * A DataSource for the identity schema. It never synchronises and never migrates on its own:
 * call `runIdentityMigrations` explicitly. Not yet initialised.
 */
export function createIdentityDataSource(options: IdentityDataSourceOptions): DataSource {
  const schema = assertIdentitySchema(options.schema ?? DEFAULT_IDENTITY_SCHEMA);
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema,
    entities: IDENTITY_ENTITIES,
    migrations: IDENTITY_MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsRun: false,
    synchronize: false,
    logging: false,
    poolSize: options.poolSize ?? 5,
    applicationName: 'rectify-identity',
  });
}
