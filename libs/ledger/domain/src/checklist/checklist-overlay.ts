import { DomainError } from '../shared/domain-error';
import { type ChecklistItem, normaliseChecklistItem, normaliseChecklistItems, normaliseUnits } from './checklist-item';

/**
 * A forwarding tenant's local adaptation of its parent's checklist (转发时的本地化调整):
 * - `changedItems`: new text (e.g. 鄢陵县's item 5 says 400元 instead of 600元) and/or new
 *   responsible units (the county names its own 市教体局 where the city named 市教育局);
 * - `addedItems`: local items with item numbers the parent does not use.
 * An overlay cannot drop a parent item: every level inspects against the whole list
 * (对照72项排查清单). A revision of a campaign's own checklist (ReviseChecklist) can.
 */
export type ChecklistItemChange = { itemNo: number; text?: string; responsibleUnits?: string[] };

export type ChecklistOverlay = { changedItems: ChecklistItemChange[]; addedItems: ChecklistItem[] };

export const EMPTY_OVERLAY: ChecklistOverlay = { changedItems: [], addedItems: [] };

function fail(message: string, field: string): never {
  throw new DomainError('LEDGER_OVERLAY_INVALID', message, { field });
}

/** A checked copy of the overlay as plain JSON (no undefined keys); throws LEDGER_OVERLAY_INVALID. */
export function normaliseOverlay(overlay: ChecklistOverlay, parentItems: readonly ChecklistItem[]): ChecklistOverlay {
  if (!Array.isArray(overlay.changedItems) || !Array.isArray(overlay.addedItems)) {
    fail('调整内容必须包含 changedItems 和 addedItems 两个列表', 'overlay');
  }
  const parentNos = new Set(parentItems.map((item) => item.itemNo));
  const changedNos = new Set<number>();
  const changedItems = overlay.changedItems.map((change, index): ChecklistItemChange => {
    const field = `overlay.changedItems[${index}]`;
    if (!parentNos.has(change.itemNo)) fail(`上级清单中没有序号 ${change.itemNo}`, `${field}.itemNo`);
    if (changedNos.has(change.itemNo)) fail(`序号 ${change.itemNo} 被调整了两次`, `${field}.itemNo`);
    changedNos.add(change.itemNo);
    if (change.text === undefined && change.responsibleUnits === undefined) {
      fail(`序号 ${change.itemNo} 的调整既没有改内容也没有改责任单位`, field);
    }
    if (change.text !== undefined && (typeof change.text !== 'string' || change.text.trim().length === 0)) {
      fail('调整后的排查项目内容不能为空', `${field}.text`);
    }
    let units: string[] | undefined;
    try {
      units = change.responsibleUnits === undefined ? undefined : normaliseUnits(change.responsibleUnits, `${field}.responsibleUnits`, change.itemNo);
    } catch {
      fail('调整后的责任单位至少一个且不能为空', `${field}.responsibleUnits`);
    }
    return {
      itemNo: change.itemNo,
      ...(change.text === undefined ? {} : { text: change.text.trim() }),
      ...(units === undefined ? {} : { responsibleUnits: units }),
    };
  });
  const addedNos = new Set<number>();
  const addedItems = overlay.addedItems.map((item, index) => {
    const field = `overlay.addedItems[${index}]`;
    let normalised: ChecklistItem;
    try {
      normalised = normaliseChecklistItem(item, field);
    } catch (error) {
      fail(error instanceof DomainError ? error.message : '新增项目格式不正确', field);
    }
    if (parentNos.has(normalised.itemNo) || addedNos.has(normalised.itemNo)) {
      fail(`新增项目的序号 ${normalised.itemNo} 已被使用`, `${field}.itemNo`);
    }
    addedNos.add(normalised.itemNo);
    return normalised;
  });
  return { changedItems: changedItems.sort((a, b) => a.itemNo - b.itemNo), addedItems: addedItems.sort((a, b) => a.itemNo - b.itemNo) };
}

/** The child version's items: the parent's items with the overlay applied, sorted by item number. */
export function applyOverlay(parentItems: readonly ChecklistItem[], overlay: ChecklistOverlay): ChecklistItem[] {
  const parent = normaliseChecklistItems(parentItems);
  const checked = normaliseOverlay(overlay, parent);
  const changes = new Map(checked.changedItems.map((change) => [change.itemNo, change]));
  const adapted = parent.map((item): ChecklistItem => {
    const change = changes.get(item.itemNo);
    if (!change) return item;
    return {
      ...item,
      text: change.text ?? item.text,
      responsibleUnits: change.responsibleUnits ?? item.responsibleUnits,
    };
  });
  return [...adapted, ...checked.addedItems].sort((a, b) => a.itemNo - b.itemNo);
}
