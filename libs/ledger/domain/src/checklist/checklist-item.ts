import { DomainError } from '../shared/domain-error';

/**
 * One row of a 排查清单 (checklist): 类别 category → 分项 sub-area → 序号 item, with the item text
 * (排查项目) and the responsible units (责任单位). The seeds produce exactly this shape.
 */
export type ChecklistItem = {
  itemNo: number;
  categoryNo: number;
  categoryName: string;
  subAreaNo: number;
  subAreaName: string;
  text: string;
  responsibleUnits: string[];
};

function fail(message: string, field: string, itemNo: number | null): never {
  throw new DomainError('LEDGER_CHECKLIST_ITEMS_INVALID', message, { field, itemNo });
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

function isNonBlank(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** A copy of the item as plain JSON, with trimmed texts; throws LEDGER_CHECKLIST_ITEMS_INVALID. */
export function normaliseChecklistItem(item: ChecklistItem, field: string): ChecklistItem {
  const itemNo = isPositiveInteger(item.itemNo) ? item.itemNo : fail('序号必须是正整数', `${field}.itemNo`, null);
  if (!isPositiveInteger(item.categoryNo)) fail('类别序号必须是正整数', `${field}.categoryNo`, itemNo);
  if (!isPositiveInteger(item.subAreaNo)) fail('分项序号必须是正整数', `${field}.subAreaNo`, itemNo);
  if (!isNonBlank(item.categoryName)) fail('类别名称不能为空', `${field}.categoryName`, itemNo);
  if (!isNonBlank(item.subAreaName)) fail('分项名称不能为空', `${field}.subAreaName`, itemNo);
  if (!isNonBlank(item.text)) fail('排查项目内容不能为空', `${field}.text`, itemNo);
  return {
    itemNo,
    categoryNo: item.categoryNo,
    categoryName: item.categoryName.trim(),
    subAreaNo: item.subAreaNo,
    subAreaName: item.subAreaName.trim(),
    text: item.text.trim(),
    responsibleUnits: normaliseUnits(item.responsibleUnits, `${field}.responsibleUnits`, itemNo),
  };
}

/** Responsible units: at least one, none blank, duplicates dropped. */
export function normaliseUnits(units: readonly string[], field: string, itemNo: number): string[] {
  if (!Array.isArray(units) || units.length === 0) fail('每个排查项目至少要有一个责任单位', field, itemNo);
  const result: string[] = [];
  for (const unit of units) {
    if (!isNonBlank(unit)) fail('责任单位不能为空', field, itemNo);
    const trimmed = unit.trim();
    if (!result.includes(trimmed)) result.push(trimmed);
  }
  return result;
}

/** A whole list: at least one item, item numbers unique; returned sorted by item number. */
export function normaliseChecklistItems(items: readonly ChecklistItem[]): ChecklistItem[] {
  if (!Array.isArray(items) || items.length === 0) fail('排查清单至少要有一个项目', 'items', null);
  const seen = new Set<number>();
  const result = items.map((item, index) => {
    const normalised = normaliseChecklistItem(item, `items[${index}]`);
    if (seen.has(normalised.itemNo)) fail(`序号 ${normalised.itemNo} 重复`, `items[${index}].itemNo`, normalised.itemNo);
    seen.add(normalised.itemNo);
    return normalised;
  });
  return result.sort((a, b) => a.itemNo - b.itemNo);
}
