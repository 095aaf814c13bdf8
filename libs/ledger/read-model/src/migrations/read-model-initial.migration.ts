import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '../read-model-schema';

/** Advisory lock key taken while pg_trgm is enabled: CREATE EXTENSION races between sessions. */
export const PG_TRGM_LOCK_KEY = 'rectify:read-model:pg_trgm';

/**
 * The read model's first schema. Hand-written: TypeORM never synchronises. Every table carries
 * `tenant_path`, and the indexes that serve scoped queries lead with it (`text_pattern_ops`, so
 * `tenant_path LIKE '411000/411081/%'` can use them).
 */
export class ReadModelInitialMigration implements MigrationInterface {
  readonly name = 'ReadModelInitial1733100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner.connection);
    await queryRunner.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [PG_TRGM_LOCK_KEY]);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    const rows: { nspname: string }[] = await queryRunner.query(
      `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`,
    );
    const trgm = rows[0]?.nspname;
    if (trgm === undefined) throw new Error('pg_trgm is not installed');
    const ops = `"${trgm}".gin_trgm_ops`;

    await queryRunner.query(`
      CREATE TABLE ${s}.projection_checkpoint (
        projection_name  text PRIMARY KEY,
        position         text NULL,
        events_applied   bigint NOT NULL DEFAULT 0,
        last_recorded_at timestamptz NULL,
        updated_at       timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE ${s}.checklist_version (
        version_id        text PRIMARY KEY,
        tenant_path       text NOT NULL,
        tenant_id         text NOT NULL,
        label             text NULL,
        parent_version_id text NULL,
        overlay           jsonb NULL,
        item_count        integer NOT NULL,
        defined_at        timestamptz NOT NULL
      );
      CREATE INDEX checklist_version_tenant_path_idx ON ${s}.checklist_version (tenant_path text_pattern_ops);
      CREATE INDEX checklist_version_parent_idx ON ${s}.checklist_version (parent_version_id);

      CREATE TABLE ${s}.checklist_item (
        version_id        text NOT NULL,
        item_no           integer NOT NULL,
        tenant_path       text NOT NULL,
        category_no       integer NOT NULL,
        category_name     text NOT NULL,
        sub_area_no       integer NOT NULL,
        sub_area_name     text NOT NULL,
        text              text NOT NULL,
        responsible_units text[] NOT NULL,
        PRIMARY KEY (version_id, item_no)
      );
      CREATE INDEX checklist_item_tenant_path_idx ON ${s}.checklist_item (tenant_path text_pattern_ops, version_id);

      CREATE TABLE ${s}.campaign (
        campaign_id                 text PRIMARY KEY,
        tenant_path                 text NOT NULL,
        tenant_id                   text NOT NULL,
        root_campaign_id            text NOT NULL,
        origin                      text NOT NULL CHECK (origin IN ('issued', 'received')),
        parent_campaign_id          text NULL,
        parent_tenant_path          text NULL,
        parent_checklist_version_id text NULL,
        parent_report_due_date      date NULL,
        title                       text NOT NULL,
        doc_number                  text NULL,
        issued_on                   date NOT NULL,
        phases                      jsonb NOT NULL,
        immediate_deadline          date NOT NULL,
        fixed_term_deadline         date NOT NULL,
        report_due_date             date NOT NULL,
        checklist_version_id        text NOT NULL,
        status                      text NOT NULL CHECK (status IN ('open', 'closed')),
        closed_at                   timestamptz NULL,
        summary                     text NULL,
        created_at                  timestamptz NOT NULL,
        updated_at                  timestamptz NOT NULL,
        last_event_version          integer NOT NULL
      );
      CREATE INDEX campaign_tenant_path_idx ON ${s}.campaign (tenant_path text_pattern_ops, issued_on);
      CREATE INDEX campaign_parent_idx ON ${s}.campaign (parent_campaign_id);
      CREATE INDEX campaign_root_idx ON ${s}.campaign (root_campaign_id);

      CREATE TABLE ${s}.campaign_forward (
        child_campaign_id           text PRIMARY KEY,
        campaign_id                 text NOT NULL,
        tenant_path                 text NOT NULL,
        child_tenant_id             text NOT NULL,
        child_tenant_path           text NOT NULL,
        parent_checklist_version_id text NOT NULL,
        child_checklist_version_id  text NOT NULL,
        overlay                     jsonb NOT NULL,
        title                       text NOT NULL,
        doc_number                  text NULL,
        issued_on                   date NOT NULL,
        report_due_date             date NOT NULL,
        immediate_deadline          date NOT NULL,
        fixed_term_deadline         date NOT NULL,
        forwarded_at                timestamptz NOT NULL
      );
      CREATE INDEX campaign_forward_tenant_path_idx ON ${s}.campaign_forward (tenant_path text_pattern_ops);
      CREATE INDEX campaign_forward_campaign_idx ON ${s}.campaign_forward (campaign_id);

      CREATE TABLE ${s}.village (
        village_code  text PRIMARY KEY,
        name          text NOT NULL,
        township_code text NOT NULL,
        tenant_path   text NOT NULL
      );
      CREATE INDEX village_tenant_path_idx ON ${s}.village (tenant_path text_pattern_ops, village_code);

      CREATE TABLE ${s}.inspection_check (
        campaign_id         text NOT NULL,
        village_code        text NOT NULL,
        item_no             integer NOT NULL,
        root_campaign_id    text NOT NULL,
        tenant_path         text NOT NULL,
        problems_found      boolean NOT NULL,
        problem_entry_ids   text[] NOT NULL,
        checks              integer NOT NULL,
        first_checked_at    timestamptz NOT NULL,
        last_checked_at     timestamptz NOT NULL,
        last_stream_version integer NOT NULL,
        PRIMARY KEY (campaign_id, village_code, item_no)
      );
      CREATE INDEX inspection_check_tenant_path_idx ON ${s}.inspection_check (tenant_path text_pattern_ops, root_campaign_id);
      CREATE INDEX inspection_check_root_idx ON ${s}.inspection_check (root_campaign_id, village_code, item_no);

      CREATE TABLE ${s}.ledger_entry (
        entry_id               text PRIMARY KEY,
        campaign_id            text NOT NULL,
        root_campaign_id       text NOT NULL,
        checklist_version_id   text NULL,
        tenant_path            text NOT NULL,
        tenant_id              text NOT NULL,
        city_code              text NULL,
        county_code            text NULL,
        township_code          text NULL,
        village_code           text NOT NULL,
        item_no                integer NOT NULL,
        sub_area_no            integer NULL,
        sub_area_name          text NULL,
        category_no            integer NULL,
        category_name          text NULL,
        description            text NOT NULL,
        measures               text NULL,
        responsible_unit       text NULL,
        responsible_person     text NULL,
        deadline_class         text NULL CHECK (deadline_class IN ('immediate', 'fixed_term', 'long_term')),
        due_date               date NULL,
        original_due_date      date NULL,
        pending_extension_date date NULL,
        status                 text NOT NULL
          CHECK (status IN ('recorded', 'planned', 'in_progress', 'submitted', 'signed_off', 'voided')),
        escalation_level       text NULL CHECK (escalation_level IN ('county', 'city')),
        is_recurrence          boolean NOT NULL,
        previous_entry_id      text NULL,
        recurrence_count       integer NOT NULL,
        found_by               text NOT NULL,
        found_at               timestamptz NOT NULL,
        result                 text NULL,
        signed_off_at          timestamptz NULL,
        recorded_at            timestamptz NOT NULL,
        opened_on              date NOT NULL,
        closed_on              date NULL,
        last_event_version     integer NOT NULL,
        updated_at             timestamptz NOT NULL
      );
      CREATE INDEX ledger_entry_path_due_idx ON ${s}.ledger_entry (tenant_path text_pattern_ops, due_date, entry_id);
      CREATE INDEX ledger_entry_path_updated_idx ON ${s}.ledger_entry (tenant_path text_pattern_ops, updated_at, entry_id);
      CREATE INDEX ledger_entry_path_item_idx ON ${s}.ledger_entry (tenant_path text_pattern_ops, item_no, entry_id);
      CREATE INDEX ledger_entry_path_status_idx ON ${s}.ledger_entry (tenant_path text_pattern_ops, status, due_date);
      CREATE INDEX ledger_entry_village_idx ON ${s}.ledger_entry (village_code, item_no);
      CREATE INDEX ledger_entry_campaign_idx ON ${s}.ledger_entry (campaign_id);
      CREATE INDEX ledger_entry_description_trgm_idx ON ${s}.ledger_entry USING gin (description ${ops});
      CREATE INDEX ledger_entry_measures_trgm_idx ON ${s}.ledger_entry USING gin (measures ${ops});

      CREATE TABLE ${s}.recurrence_index (
        village_code  text NOT NULL,
        item_no       integer NOT NULL,
        entry_id      text NOT NULL,
        campaign_id   text NOT NULL,
        tenant_path   text NOT NULL,
        signed_off_at timestamptz NOT NULL,
        PRIMARY KEY (village_code, item_no, entry_id)
      );
      CREATE INDEX recurrence_index_tenant_path_idx ON ${s}.recurrence_index (tenant_path text_pattern_ops);

      CREATE TABLE ${s}.rollup_counter (
        tenant_path      text NOT NULL,
        root_campaign_id text NOT NULL,
        dimension        text NOT NULL,
        key              text NOT NULL,
        value            bigint NOT NULL,
        PRIMARY KEY (tenant_path, root_campaign_id, dimension, key)
      );
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner.connection);
    await queryRunner.query(`
      DROP TABLE ${s}.rollup_counter;
      DROP TABLE ${s}.recurrence_index;
      DROP TABLE ${s}.ledger_entry;
      DROP TABLE ${s}.inspection_check;
      DROP TABLE ${s}.village;
      DROP TABLE ${s}.campaign_forward;
      DROP TABLE ${s}.campaign;
      DROP TABLE ${s}.checklist_item;
      DROP TABLE ${s}.checklist_version;
      DROP TABLE ${s}.projection_checkpoint;
    `);
  }
}
