import type { DataSource } from 'typeorm';
import { identitySchemaOf } from '../identity-schema';
import { IdentityInitialMigration } from './identity-initial.migration';

export const IDENTITY_MIGRATIONS = [IdentityInitialMigration];

/**
 * Applies the identity schema's pending migrations, each in its own transaction, under a session
 * advisory lock per schema (two processes may call this at once). Returns the names applied.
 */
export async function runIdentityMigrations(dataSource: DataSource): Promise<string[]> {
  const schema = identitySchemaOf(dataSource);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const key = `rectify:identity:migrate:${schema}`;
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
