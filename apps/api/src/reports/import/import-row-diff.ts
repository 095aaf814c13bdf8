import type { LedgerEntry, RectificationDeadline } from '@rectify/ledger-domain';
import type { ImportRow } from '@rectify/reports';

function deadlineText(deadline: RectificationDeadline | null): string {
  if (deadline === null) return '';
  if (deadline.kind === 'long_term') return `long_term:${deadline.milestones.map((m) => `${m.date}=${m.description.trim()}`).join(';')}`;
  return `${deadline.kind}:${deadline.date}`;
}

/**
 * The columns (official header names) in which a row of an import file differs from the ledger
 * entry an earlier import made of it (same sheet, item and problem text: the same row key). An
 * import never overwrites an entry: such rows are reported, and the entry is revised through the
 * ledger's own commands. Empty when the row matches.
 */
export function changedColumns(row: ImportRow, entry: LedgerEntry): string[] {
  const changed: string[] = [];
  const plan = entry.plan;
  if ((plan?.responsibleUnit ?? '').trim() !== row.responsibleUnit.trim()) changed.push('责任单位');
  if ((plan?.measures ?? '').trim() !== row.measures.trim()) changed.push('整改措施');
  if (deadlineText(entry.originalDeadline ?? plan?.deadline ?? null) !== deadlineText(row.deadline)) changed.push('整改时限');
  if (row.signedOff && (entry.result?.text ?? '').trim() !== (row.result ?? '').trim()) changed.push('整改结果');
  if (row.signedOff !== (entry.status === 'signed_off')) changed.push('是否销号');
  return changed;
}
