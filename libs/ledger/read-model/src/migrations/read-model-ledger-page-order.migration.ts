import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '../read-model-schema';

/**
 * Ledger pages in their default order (due date, undated last, then entry id) for a whole city,
 * county or township: one index per level that returns the rows already in that order, so a page
 * reads about `first + 1` index entries instead of sorting every entry in scope. Measured with
 * `npm run bench:api` over 1M entries (docs/benchmarks.md): a county's page sorted ≈86k rows,
 * 480 ms per query. `LedgerEntryQueryService.list` adds the level's code equality that lets the
 * planner use them.
 */
export class ReadModelLedgerPageOrderMigration implements MigrationInterface {
  readonly name = 'ReadModelLedgerPageOrder1764288000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner.connection);
    await queryRunner.query(`
      CREATE INDEX ledger_entry_city_due_idx ON ${s}.ledger_entry (city_code, (COALESCE(due_date, DATE '9999-12-31')), entry_id);
      CREATE INDEX ledger_entry_county_due_idx ON ${s}.ledger_entry (county_code, (COALESCE(due_date, DATE '9999-12-31')), entry_id);
      CREATE INDEX ledger_entry_township_due_idx ON ${s}.ledger_entry (township_code, (COALESCE(due_date, DATE '9999-12-31')), entry_id);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner.connection);
    await queryRunner.query(`DROP INDEX IF EXISTS ${s}.ledger_entry_city_due_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS ${s}.ledger_entry_county_due_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS ${s}.ledger_entry_township_due_idx`);
  }
}
