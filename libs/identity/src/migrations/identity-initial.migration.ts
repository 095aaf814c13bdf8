import type { MigrationInterface, QueryRunner } from 'typeorm';
import { identitySchemaOf } from '../identity-schema';

/**
 * The identity schema: the tenant directory and local accounts. Hand-written (TypeORM never
 * synchronises). Paths are indexed with `text_pattern_ops` so `path LIKE '411000/411081/%'`
 * (a tenant admin's subtree) uses the index.
 */
export class IdentityInitialMigration implements MigrationInterface {
  readonly name = 'IdentityInitial1733200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = identitySchemaOf(queryRunner.connection);
    await queryRunner.query(`
      CREATE TABLE ${s}.tenant (
        code        text PRIMARY KEY,
        name        text NOT NULL,
        level       text NOT NULL CHECK (level IN ('province', 'city', 'county', 'township')),
        parent_code text NULL REFERENCES ${s}.tenant (code),
        path        text NOT NULL UNIQUE
      );
      CREATE INDEX tenant_path_prefix_idx ON ${s}.tenant (path text_pattern_ops);
      CREATE INDEX tenant_parent_idx ON ${s}.tenant (parent_code);

      CREATE TABLE ${s}.user_account (
        user_id       uuid PRIMARY KEY,
        username      text NOT NULL CHECK (username = lower(username) AND length(username) BETWEEN 3 AND 64),
        display_name  text NOT NULL,
        tenant_code   text NOT NULL REFERENCES ${s}.tenant (code),
        tenant_path   text NOT NULL,
        roles         text[] NOT NULL CHECK (cardinality(roles) > 0),
        password_hash text NOT NULL,
        disabled      boolean NOT NULL DEFAULT false,
        created_at    timestamptz NOT NULL DEFAULT now(),
        created_by    text NULL
      );
      CREATE UNIQUE INDEX user_account_username_idx ON ${s}.user_account (username);
      CREATE INDEX user_account_tenant_path_idx ON ${s}.user_account (tenant_path text_pattern_ops);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = identitySchemaOf(queryRunner.connection);
    await queryRunner.query(`DROP TABLE ${s}.user_account; DROP TABLE ${s}.tenant;`);
  }
}
