import { assertNever } from '../shared/assert-never';
import { type Actor, type CommandMetadata, type TenantRef, actorOf, tenantOf, validateMetadata } from '../shared/command-metadata';
import { DomainError } from '../shared/domain-error';
import { optionalText, requireId, requirePositiveInteger } from '../shared/validation';

/**
 * Stream `inspection-{campaignId}-{villageCode}`: 逐村逐项 — one village checked against the
 * campaign's items, one cell (village × item) at a time.
 *
 * The application checks that `itemNo` belongs to the campaign's checklist version and that the
 * village lies in the caller's tenant; the decider cannot look either up.
 */

/** "No problem found" (未发现问题), or the problems found, as the ids of their ledger entries. */
export type InspectionOutcome = { kind: 'no_problem' } | { kind: 'problems_found'; entryIds: string[] };

export type RecordVillageCheck = {
  type: 'RecordVillageCheck';
  metadata: CommandMetadata;
  campaignId: string;
  villageCode: string;
  itemNo: number;
  outcome: InspectionOutcome;
  note?: string;
};

export type InspectionCommand = RecordVillageCheck;

export type VillageItemChecked = {
  type: 'VillageItemChecked';
  schemaVersion: 1;
  data: {
    campaignId: string;
    villageCode: string;
    itemNo: number;
    outcome: InspectionOutcome;
    note: string | null;
    /** The inspecting tenant (usually the township). */
    tenant: TenantRef;
    at: string;
    by: Actor;
  };
};

export type InspectionEvent = VillageItemChecked;

export type InspectionCell = {
  itemNo: number;
  /** How many checks were recorded for this cell (a later check may add problems: 举一反三). */
  checks: number;
  /** Entries of the problems found in this cell; empty when none were found. */
  problemEntryIds: string[];
  firstCheckedAt: string;
  lastCheckedAt: string;
};

export type VillageInspection = {
  campaignId: string;
  villageCode: string;
  tenant: TenantRef;
  /** Checked cells, sorted by item number. */
  cells: InspectionCell[];
};

export type VillageInspectionState = VillageInspection | null;

export const initialVillageInspectionState: VillageInspectionState = null;

function normaliseOutcome(outcome: InspectionOutcome): InspectionOutcome {
  switch (outcome.kind) {
    case 'no_problem':
      return { kind: 'no_problem' };
    case 'problems_found': {
      if (!Array.isArray(outcome.entryIds) || outcome.entryIds.length === 0) {
        throw new DomainError('LEDGER_INVALID_INPUT', '发现问题时必须列出对应的台账条目', { field: 'outcome.entryIds' });
      }
      const entryIds = outcome.entryIds.map((id, index) => requireId(id, `outcome.entryIds[${index}]`));
      if (new Set(entryIds).size !== entryIds.length) {
        throw new DomainError('LEDGER_INVALID_INPUT', '台账条目 id 重复', { field: 'outcome.entryIds' });
      }
      return { kind: 'problems_found', entryIds };
    }
    default:
      return assertNever(outcome, '排查结果');
  }
}

export function decideInspection(command: InspectionCommand, state: VillageInspectionState): InspectionEvent[] {
  validateMetadata(command.metadata);
  switch (command.type) {
    case 'RecordVillageCheck': {
      const campaignId = requireId(command.campaignId, 'campaignId');
      const villageCode = requireId(command.villageCode, 'villageCode');
      const itemNo = requirePositiveInteger(command.itemNo, 'itemNo', '排查项目序号');
      if (state !== null && (state.campaignId !== campaignId || state.villageCode !== villageCode)) {
        throw new DomainError('LEDGER_ID_MISMATCH', '命令中的专项行动或村与所读取的流不一致', { campaignId, villageCode });
      }
      const outcome = normaliseOutcome(command.outcome);
      const cell = state?.cells.find((c) => c.itemNo === itemNo);
      if (cell && outcome.kind === 'no_problem') {
        throw new DomainError('LEDGER_INSPECTION_CELL_ALREADY_CHECKED', `该村第 ${itemNo} 项已排查过`, { villageCode, itemNo });
      }
      if (cell && outcome.kind === 'problems_found') {
        const linked = outcome.entryIds.filter((id) => cell.problemEntryIds.includes(id));
        if (linked.length > 0) {
          throw new DomainError('LEDGER_INSPECTION_ENTRY_ALREADY_LINKED', '这些台账条目已记入该村该项', { entryIds: linked });
        }
      }
      return [
        {
          type: 'VillageItemChecked',
          schemaVersion: 1,
          data: {
            campaignId,
            villageCode,
            itemNo,
            outcome,
            note: optionalText(command.note),
            tenant: tenantOf(command.metadata.tenant),
            at: command.metadata.now,
            by: actorOf(command.metadata),
          },
        },
      ];
    }
    default:
      return assertNever(command.type, '排查命令');
  }
}

export function evolveInspection(state: VillageInspectionState, event: InspectionEvent): VillageInspectionState {
  switch (event.type) {
    case 'VillageItemChecked': {
      const d = event.data;
      const found = d.outcome.kind === 'problems_found' ? d.outcome.entryIds : [];
      const base: VillageInspection = state ?? { campaignId: d.campaignId, villageCode: d.villageCode, tenant: d.tenant, cells: [] };
      const existing = base.cells.find((c) => c.itemNo === d.itemNo);
      const cell: InspectionCell = existing
        ? { ...existing, checks: existing.checks + 1, problemEntryIds: [...existing.problemEntryIds, ...found], lastCheckedAt: d.at }
        : { itemNo: d.itemNo, checks: 1, problemEntryIds: [...found], firstCheckedAt: d.at, lastCheckedAt: d.at };
      const cells = [...base.cells.filter((c) => c.itemNo !== d.itemNo), cell].sort((a, b) => a.itemNo - b.itemNo);
      return { ...base, cells };
    }
    default:
      return assertNever(event.type, '排查事件');
  }
}
