import type { DataSource } from 'typeorm';
import { schemaOf } from '../read-model-schema';
import { ReadModelInitialMigration } from './read-model-initial.migration';
import { ReadModelReportsEscalationMigration } from './read-model-reports-escalation.migration';
import { ReadModelEscalationPolicyMigration } from './read-model-escalation-policy.migration';
import { ReadModelLedgerPageOrderMigration } from './read-model-ledger-page-order.migration';
import { ReadModelLedgerItemPageOrderMigration } from './read-model-ledger-item-page-order.migration';

export const READ_MODEL_MIGRATIONS = [
  ReadModelInitialMigration, ReadModelReportsEscalationMigration, ReadModelEscalationPolicyMigration, ReadModelLedgerPageOrderMigration,
  ReadModelLedgerItemPageOrderMigration,
];

/**
 * Applies the read model's pending migrations to the DataSource's schema, each in its own
 * transaction. The schema is created first (TypeORM keeps its migrations table in it); a session
 * advisory lock per schema lets several processes (parallel test workers, two deploy jobs) call this
 * at once without applying a step twice. Returns the names of the migrations applied.
 *
 * The lock is held on one pooled connection while TypeORM migrates on another: the DataSource needs
 * a pool of at least 2 (`createReadModelDataSource({ poolSize })`).
 */
export async function runReadModelMigrations(dataSource: DataSource): Promise<string[]> {
  const schema = schemaOf(dataSource);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const key = `rectify:read-model:migrate:${schema}`;
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [key]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [key]);
    }
  } finally {
    await runner.release();
  }
}
