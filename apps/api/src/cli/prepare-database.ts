import 'reflect-metadata';
import { migrateEventStore } from '@rectify/event-store-postgres';
import { createIdentityDataSource } from '@rectify/identity';
import { createReadModelDataSource, runReadModelMigrations } from '@rectify/ledger-read-model';
import { Pool } from 'pg';
import { loadApiConfig } from '../config/api-config';
import { loadSeedVillages, prepareIdentity } from './reference-data';

/**
 * The explicit migration command for everything the API reads and writes:
 *   node -r ./tools/register.js apps/api/src/cli/prepare-database.ts
 * Event store, read model and identity schemas (each idempotent), then the tenant directory and
 * the villages from the seeds. Nothing migrates on its own at boot.
 */
async function main(): Promise<void> {
  const { config } = loadApiConfig(process.env);
  const pool = new Pool({ connectionString: config.databaseUrl, max: 1 });
  const identity = createIdentityDataSource({ url: config.databaseUrl, schema: config.schemas.identity, poolSize: 2 });
  const readModel = createReadModelDataSource({ url: config.databaseUrl, schema: config.schemas.readModel, poolSize: 2 });
  try {
    await migrateEventStore(pool, { schema: config.schemas.eventStore });
    await Promise.all([identity.initialize(), readModel.initialize()]);
    const applied = await runReadModelMigrations(readModel);
    const { migrations, tenants } = await prepareIdentity(identity);
    const villages = await loadSeedVillages(readModel);
    process.stdout.write(`event store ready; read model migrations ${JSON.stringify(applied)}; identity migrations ${JSON.stringify(migrations)}; ${tenants} tenants, ${villages} villages loaded\n`);
  } finally {
    await Promise.allSettled([identity.isInitialized ? identity.destroy() : undefined, readModel.isInitialized ? readModel.destroy() : undefined, pool.end()]);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
