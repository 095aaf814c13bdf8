import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '../read-model-schema';

/**
 * A campaign's own escalation policy (issue 5, part 6), projected from `CampaignEscalationPolicySet`:
 * - `escalation_policy`: the five values as JSON, null when the campaign sets none and inherits
 *   (from the nearest campaign up its forwarding chain that sets one, else the defaults);
 * - when, by whom and why it was set.
 *
 * Existing rows get nulls: no campaign had a policy of its own before this event existed.
 * The partial index lets the sweep's policy source list the campaigns that set one without a scan.
 */
export class ReadModelEscalationPolicyMigration implements MigrationInterface {
  readonly name = 'ReadModelEscalationPolicy1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner.connection);
    await queryRunner.query(`
      ALTER TABLE ${s}.campaign
        ADD COLUMN escalation_policy         jsonb NULL,
        ADD COLUMN escalation_policy_reason  text NULL,
        ADD COLUMN escalation_policy_set_at  timestamptz NULL,
        ADD COLUMN escalation_policy_set_by  text NULL
    `);
    await queryRunner.query(`CREATE INDEX campaign_escalation_policy_idx ON ${s}.campaign (campaign_id) WHERE escalation_policy IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner.connection);
    await queryRunner.query(`DROP INDEX IF EXISTS ${s}.campaign_escalation_policy_idx`);
    await queryRunner.query(`
      ALTER TABLE ${s}.campaign
        DROP COLUMN escalation_policy,
        DROP COLUMN escalation_policy_reason,
        DROP COLUMN escalation_policy_set_at,
        DROP COLUMN escalation_policy_set_by
    `);
  }
}
