import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';

/**
 * The database tests use: DATABASE_URL (`.ci/run` creates a fresh one per run), or the local
 * `test` database.
 */
export function testDatabaseUrl(): string {
  return process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/** A name no other test uses: tests never share tables, schemas or streams. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export async function dropSchema(pool: Pool, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Invalid schema name ${schema}`);
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}
