import { type VillageInspection } from './village-inspection';

/** One cell of the 逐村逐项 grid. */
export type InspectionCellRef = { villageCode: string; itemNo: number };

export type InspectionCoverage = {
  /** villages × items */
  total: number;
  /** cells of the grid with at least one recorded check (checks outside the grid are ignored) */
  checked: number;
  /** the cells still to check, village by village in the given order, items in the given order */
  unchecked: InspectionCellRef[];
};

function key(villageCode: string, itemNo: number): string {
  return `${villageCode}\u0000${itemNo}`;
}

/**
 * Which village × item cells of a campaign are not checked yet. Linear in villages × items plus
 * the checks, so a county's grid (hundreds of villages × 72 items) is cheap; duplicates in the
 * inputs count once.
 */
export function inspectionCoverage(input: {
  itemNos: readonly number[];
  villageCodes: readonly string[];
  checked: Iterable<InspectionCellRef>;
}): InspectionCoverage {
  const itemNos = [...new Set(input.itemNos)];
  const villageCodes = [...new Set(input.villageCodes)];
  const done = new Set<string>();
  for (const cell of input.checked) done.add(key(cell.villageCode, cell.itemNo));
  const unchecked: InspectionCellRef[] = [];
  let checked = 0;
  for (const villageCode of villageCodes) {
    for (const itemNo of itemNos) {
      if (done.has(key(villageCode, itemNo))) checked++;
      else unchecked.push({ villageCode, itemNo });
    }
  }
  return { total: itemNos.length * villageCodes.length, checked, unchecked };
}

/** Shorthand for the unchecked cells only. */
export function uncheckedCells(input: {
  itemNos: readonly number[];
  villageCodes: readonly string[];
  checked: Iterable<InspectionCellRef>;
}): InspectionCellRef[] {
  return inspectionCoverage(input).unchecked;
}

/** The checked cells of folded village inspections, as input for inspectionCoverage. */
export function checkedCellsOf(inspections: Iterable<VillageInspection>): InspectionCellRef[] {
  const cells: InspectionCellRef[] = [];
  for (const inspection of inspections) {
    for (const cell of inspection.cells) cells.push({ villageCode: inspection.villageCode, itemNo: cell.itemNo });
  }
  return cells;
}
