import type { DataSource } from 'typeorm';
import { schemaOf } from '../read-model-schema';

/** Tables the ledger projection writes (the village reference table is loaded, not projected). */
export const LEDGER_PROJECTED_TABLES = [
  'ledger_entry',
  'rollup_counter',
  'recurrence_index',
  'inspection_check',
  'campaign_forward',
  'campaign',
  'checklist_item',
  'checklist_version',
  'report',
] as const;

/**
 * Empties the projected tables and forgets the projection's checkpoint, in one transaction, so the
 * next run rebuilds everything from the first event. Stop the runner first.
 */
export async function resetLedgerReadModel(dataSource: DataSource, projectionName = 'ledger'): Promise<void> {
  const s = schemaOf(dataSource);
  await dataSource.transaction(async (manager) => {
    await manager.query(`TRUNCATE ${LEDGER_PROJECTED_TABLES.map((t) => `${s}.${t}`).join(', ')}`);
    await manager.query(`DELETE FROM ${s}.projection_checkpoint WHERE projection_name = $1`, [projectionName]);
  });
}
