/**
 * Applies the read model's migrations:
 *   node -r ./tools/register.js libs/ledger/read-model/src/cli/migrate.ts
 * Reads DATABASE_URL and READ_MODEL_SCHEMA (default `read_model`).
 */
import 'reflect-metadata';
import { runReadModelMigrations } from '../migrations';
import { createReadModelDataSource } from '../read-model-data-source';
import { DEFAULT_READ_MODEL_SCHEMA } from '../read-model-schema';

async function main(): Promise<void> {
  const url = process.env['DATABASE_URL'];
  if (!url) {
    console.error('DATABASE_URL is not set: it names the PostgreSQL database to migrate.');
    process.exit(2);
  }
  const schema = process.env['READ_MODEL_SCHEMA'] || DEFAULT_READ_MODEL_SCHEMA;
  const dataSource = createReadModelDataSource({ url, schema, poolSize: 2, applicationName: 'rectify-read-model-migrate' });
  await dataSource.initialize();
  try {
    const applied = await runReadModelMigrations(dataSource);
    console.log(applied.length > 0 ? `read model (${schema}): applied ${applied.join(', ')}` : `read model (${schema}): up to date`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`read model migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
