import type { ChecklistItemSeed } from './checklist-item-seed';
import { xuchangChecklist } from './xuchang-checklist';
import { yuzhouChecklist } from './yuzhou-checklist';

/** How one item changed between an issued checklist and its forwarded version. */
export type ChecklistItemDifference = {
  itemNo: number;
  textChanged: boolean;
  unitsChanged: boolean;
  /** Units of the issued item that the forwarded item does not name. */
  unitsRemoved: string[];
  /** Units of the forwarded item that the issued item does not name. */
  unitsAdded: string[];
  issuedText: string;
  forwardedText: string;
};

/**
 * Compares two versions of the same checklist item by item; returns only the items that changed.
 * Units compare as sets (order is not a change). Both versions must list the same item numbers.
 */
export function diffChecklists(
  issued: readonly ChecklistItemSeed[],
  forwarded: readonly ChecklistItemSeed[],
): ChecklistItemDifference[] {
  const forwardedByNo = new Map(forwarded.map((item) => [item.itemNo, item]));
  if (forwardedByNo.size !== issued.length) {
    throw new Error('diffChecklists: the two versions do not list the same item numbers');
  }
  const differences: ChecklistItemDifference[] = [];
  for (const before of [...issued].sort((a, b) => a.itemNo - b.itemNo)) {
    const after = forwardedByNo.get(before.itemNo);
    if (!after) {
      throw new Error(`diffChecklists: item ${before.itemNo} is missing from the forwarded version`);
    }
    const unitsRemoved = before.responsibleUnits.filter((unit) => !after.responsibleUnits.includes(unit));
    const unitsAdded = after.responsibleUnits.filter((unit) => !before.responsibleUnits.includes(unit));
    const textChanged = before.text !== after.text;
    const unitsChanged = unitsRemoved.length > 0 || unitsAdded.length > 0;
    if (textChanged || unitsChanged) {
      differences.push({
        itemNo: before.itemNo,
        textChanged,
        unitsChanged,
        unitsRemoved,
        unitsAdded,
        issuedText: before.text,
        forwardedText: after.text,
      });
    }
  }
  return differences;
}

/** 许昌市's checklist → 禹州市's ledger. */
export const xuchangToYuzhouDifferences: readonly ChecklistItemDifference[] = diffChecklists(
  xuchangChecklist,
  yuzhouChecklist,
);
