import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '../read-model-schema';

/**
 * What the API and the worker asked for (issue 5):
 * - `ledger_entry`: the dates the escalation sweep and the lights need without reading streams
 *   (planned, last activity, pending extension requested, county/city escalation and their targets);
 * - `report`: one row per report stream (`report-{reportId}`), for lists, 上报 status and the
 *   parent's "who has not reported" view.
 *
 * Rows projected before this migration get `last_activity_on = opened_on` (never later than the
 * truth, so the sweep's filter stays a superset) and null escalation dates; a rebuild fills them
 * exactly (`resetLedgerReadModel`).
 */
export class ReadModelReportsEscalationMigration implements MigrationInterface {
  readonly name = 'ReadModelReportsEscalation1733200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner.connection);
    await queryRunner.query(`
      ALTER TABLE ${s}.ledger_entry
        ADD COLUMN planned_on            date NULL,
        ADD COLUMN last_activity_on      date NULL,
        ADD COLUMN pending_extension_on  date NULL,
        ADD COLUMN county_escalated_on   date NULL,
        ADD COLUMN county_escalated_to   text NULL,
        ADD COLUMN city_escalated_on     date NULL,
        ADD COLUMN city_escalated_to     text NULL
    `);
    await queryRunner.query(`UPDATE ${s}.ledger_entry SET last_activity_on = opened_on WHERE last_activity_on IS NULL`);
    await queryRunner.query(`
      CREATE INDEX ledger_entry_county_inbox_idx ON ${s}.ledger_entry (county_escalated_to, entry_id) WHERE county_escalated_to IS NOT NULL;
      CREATE INDEX ledger_entry_city_inbox_idx ON ${s}.ledger_entry (city_escalated_to, entry_id) WHERE city_escalated_to IS NOT NULL;
    `);
    await queryRunner.query(`
      CREATE TABLE ${s}.report (
        report_id                 text PRIMARY KEY,
        kind                      text NOT NULL,
        tenant_path               text NOT NULL,
        tenant_id                 text NOT NULL,
        campaign_id               text NOT NULL,
        status                    text NOT NULL,
        parent_tenant_path        text NULL,
        parent_tenant_id          text NULL,
        file_count                integer NOT NULL DEFAULT 0,
        latest_file_id            text NULL,
        latest_file_format        text NULL,
        latest_file_size          bigint NULL,
        latest_file_checksum      text NULL,
        latest_file_algorithm     text NULL,
        submission_count          integer NOT NULL DEFAULT 0,
        submitted_file_id         text NULL,
        submitted_checksum        text NULL,
        submitted_at              timestamptz NULL,
        submitted_by              text NULL,
        submitted_by_name         text NULL,
        due_date                  date NULL,
        late                      boolean NOT NULL DEFAULT false,
        days_late                 integer NOT NULL DEFAULT 0,
        reviewed_at               timestamptz NULL,
        reviewed_by               text NULL,
        comments                  text NULL,
        requested_at              timestamptz NOT NULL,
        requested_by              text NOT NULL,
        last_event_version        integer NOT NULL,
        updated_at                timestamptz NOT NULL
      );
      CREATE INDEX report_path_idx ON ${s}.report (tenant_path text_pattern_ops, requested_at, report_id);
      CREATE INDEX report_campaign_idx ON ${s}.report (campaign_id, status);
      CREATE INDEX report_parent_idx ON ${s}.report (parent_tenant_path, status);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner.connection);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}.report`);
    await queryRunner.query(`DROP INDEX IF EXISTS ${s}.ledger_entry_county_inbox_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS ${s}.ledger_entry_city_inbox_idx`);
    await queryRunner.query(`
      ALTER TABLE ${s}.ledger_entry
        DROP COLUMN planned_on, DROP COLUMN last_activity_on, DROP COLUMN pending_extension_on,
        DROP COLUMN county_escalated_on, DROP COLUMN county_escalated_to, DROP COLUMN city_escalated_on, DROP COLUMN city_escalated_to
    `);
  }
}
