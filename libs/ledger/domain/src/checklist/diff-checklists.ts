import { type ChecklistItem } from './checklist-item';

export type ChecklistClassification = Pick<ChecklistItem, 'categoryNo' | 'categoryName' | 'subAreaNo' | 'subAreaName'>;

export type ChecklistItemDiff = {
  itemNo: number;
  text: { before: string; after: string } | null;
  /** Units compared as sets: a new order alone is not a change. */
  responsibleUnits: { before: string[]; after: string[]; added: string[]; removed: string[] } | null;
  classification: { before: ChecklistClassification; after: ChecklistClassification } | null;
};

export type ChecklistDiff = {
  added: ChecklistItem[];
  removed: ChecklistItem[];
  changed: ChecklistItemDiff[];
};

function classificationOf(item: ChecklistItem): ChecklistClassification {
  return {
    categoryNo: item.categoryNo,
    categoryName: item.categoryName,
    subAreaNo: item.subAreaNo,
    subAreaName: item.subAreaName,
  };
}

function sameClassification(a: ChecklistItem, b: ChecklistItem): boolean {
  return (
    a.categoryNo === b.categoryNo &&
    a.categoryName === b.categoryName &&
    a.subAreaNo === b.subAreaNo &&
    a.subAreaName === b.subAreaName
  );
}

function diffItem(before: ChecklistItem, after: ChecklistItem): ChecklistItemDiff | null {
  const addedUnits = after.responsibleUnits.filter((unit) => !before.responsibleUnits.includes(unit));
  const removedUnits = before.responsibleUnits.filter((unit) => !after.responsibleUnits.includes(unit));
  const diff: ChecklistItemDiff = {
    itemNo: before.itemNo,
    text: before.text === after.text ? null : { before: before.text, after: after.text },
    responsibleUnits:
      addedUnits.length === 0 && removedUnits.length === 0
        ? null
        : { before: [...before.responsibleUnits], after: [...after.responsibleUnits], added: addedUnits, removed: removedUnits },
    classification: sameClassification(before, after)
      ? null
      : { before: classificationOf(before), after: classificationOf(after) },
  };
  return diff.text || diff.responsibleUnits || diff.classification ? diff : null;
}

/**
 * What a child (or revised) checklist changes against its parent, by item number: items only in
 * the child are `added`, items only in the parent `removed`, items in both with another text,
 * other units or another category/sub-area `changed`. Every list is sorted by item number.
 */
export function diffChecklists(parent: readonly ChecklistItem[], child: readonly ChecklistItem[]): ChecklistDiff {
  const parentByNo = new Map(parent.map((item) => [item.itemNo, item]));
  const childByNo = new Map(child.map((item) => [item.itemNo, item]));
  const byNo = (a: { itemNo: number }, b: { itemNo: number }): number => a.itemNo - b.itemNo;
  const changed: ChecklistItemDiff[] = [];
  for (const item of parent) {
    const other = childByNo.get(item.itemNo);
    const diff = other ? diffItem(item, other) : null;
    if (diff) changed.push(diff);
  }
  return {
    added: child.filter((item) => !parentByNo.has(item.itemNo)).sort(byNo),
    removed: parent.filter((item) => !childByNo.has(item.itemNo)).sort(byNo),
    changed: changed.sort(byNo),
  };
}
