import fc from 'fast-check';
import { CITY_ITEMS } from '../testing/fixtures';
import { errorOf } from '../testing/decider-spec';
import { type ChecklistItem } from './checklist-item';
import { type ChecklistOverlay, applyOverlay } from './checklist-overlay';
import { diffChecklists } from './diff-checklists';

const YANLING_ITEM_5 = '脱贫人口和监测对象家中的(在籍在园)幼儿是否享受到低保生活补助400元/年，保教费600元/年。';

const localItem: ChecklistItem = {
  itemNo: 73,
  categoryNo: 3,
  categoryName: '工作落实',
  subAreaNo: 15,
  subAreaName: '问题整改',
  text: '是否将2022年度考核评估通报问题纳入本次台账一体整改。',
  responsibleUnits: ['市乡村振兴局'],
};

describe('applyOverlay', () => {
  it('adapts item 5 for 鄢陵县 (400元 instead of 600元), renames units and adds a local item', () => {
    const overlay: ChecklistOverlay = {
      changedItems: [
        { itemNo: 5, text: YANLING_ITEM_5 },
        { itemNo: 4, responsibleUnits: ['县教体局', '各乡镇（街道）'] },
      ],
      addedItems: [localItem],
    };
    const child = applyOverlay(CITY_ITEMS, overlay);
    expect(child.map((i) => i.itemNo)).toEqual([1, 4, 5, 70, 73]);
    expect(child.find((i) => i.itemNo === 5)?.text).toBe(YANLING_ITEM_5);
    expect(child.find((i) => i.itemNo === 5)?.responsibleUnits).toEqual(CITY_ITEMS[2]?.responsibleUnits);
    expect(child.find((i) => i.itemNo === 4)?.responsibleUnits).toEqual(['县教体局', '各乡镇（街道）']);
    expect(child.find((i) => i.itemNo === 4)?.text).toBe(CITY_ITEMS[1]?.text);
  });

  it('leaves the parent items untouched', () => {
    const before = JSON.stringify(CITY_ITEMS);
    applyOverlay(CITY_ITEMS, { changedItems: [{ itemNo: 5, text: YANLING_ITEM_5 }], addedItems: [] });
    expect(JSON.stringify(CITY_ITEMS)).toBe(before);
  });

  it.each<[string, ChecklistOverlay]>([
    ['an unknown item', { changedItems: [{ itemNo: 99, text: '某项' }], addedItems: [] }],
    ['an item changed twice', { changedItems: [{ itemNo: 5, text: 'a' }, { itemNo: 5, text: 'b' }], addedItems: [] }],
    ['a change that changes nothing', { changedItems: [{ itemNo: 5 }], addedItems: [] }],
    ['a blank text', { changedItems: [{ itemNo: 5, text: '  ' }], addedItems: [] }],
    ['no units', { changedItems: [{ itemNo: 5, responsibleUnits: [] }], addedItems: [] }],
    ['a blank unit', { changedItems: [{ itemNo: 5, responsibleUnits: ['县教体局', ' '] }], addedItems: [] }],
    ['an added item reusing a parent number', { changedItems: [], addedItems: [{ ...localItem, itemNo: 5 }] }],
    ['two added items with one number', { changedItems: [], addedItems: [localItem, localItem] }],
    ['an added item without units', { changedItems: [], addedItems: [{ ...localItem, responsibleUnits: [] }] }],
  ])('rejects %s with LEDGER_OVERLAY_INVALID', (_name, overlay) => {
    expect(errorOf(() => applyOverlay(CITY_ITEMS, overlay)).code).toBe('LEDGER_OVERLAY_INVALID');
  });
});

describe('diffChecklists', () => {
  it('reports a changed text, changed units, an added and a removed item', () => {
    const child = applyOverlay(CITY_ITEMS, {
      changedItems: [
        { itemNo: 5, text: YANLING_ITEM_5 },
        { itemNo: 4, responsibleUnits: ['县教体局', '各县（市、区）党委政府'] },
      ],
      addedItems: [localItem],
    }).filter((item) => item.itemNo !== 1);
    const diff = diffChecklists(CITY_ITEMS, child);
    expect(diff.added).toEqual([localItem]);
    expect(diff.removed.map((i) => i.itemNo)).toEqual([1]);
    expect(diff.changed).toEqual([
      {
        itemNo: 4,
        text: null,
        responsibleUnits: {
          before: ['市教育局', '各县（市、区）党委政府'],
          after: ['县教体局', '各县（市、区）党委政府'],
          added: ['县教体局'],
          removed: ['市教育局'],
        },
        classification: null,
      },
      { itemNo: 5, text: { before: CITY_ITEMS[2]?.text, after: YANLING_ITEM_5 }, responsibleUnits: null, classification: null },
    ]);
  });

  it('sees no change in a reordering of units', () => {
    const reordered = CITY_ITEMS.map((item) => ({ ...item, responsibleUnits: [...item.responsibleUnits].reverse() }));
    expect(diffChecklists(CITY_ITEMS, reordered)).toEqual({ added: [], removed: [], changed: [] });
  });

  it('reports a moved item as a classification change', () => {
    const moved = CITY_ITEMS.map((item) => (item.itemNo === 70 ? { ...item, subAreaNo: 16, subAreaName: '信访舆情' } : item));
    const [change] = diffChecklists(CITY_ITEMS, moved).changed;
    expect(change?.itemNo).toBe(70);
    expect(change?.classification?.after.subAreaName).toBe('信访舆情');
  });

  it('finds in the child exactly what the overlay changed (property)', () => {
    const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0);
    const overlayArb = fc.record({
      changes: fc.uniqueArray(
        fc.record({
          itemNo: fc.constantFrom(...CITY_ITEMS.map((i) => i.itemNo)),
          text: fc.option(text, { nil: undefined }),
          units: fc.option(fc.uniqueArray(text, { minLength: 1, maxLength: 3 }), { nil: undefined }),
        }),
        { selector: (c) => c.itemNo, maxLength: 4 },
      ),
      added: fc.uniqueArray(fc.integer({ min: 100, max: 200 }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(overlayArb, ({ changes, added }) => {
        const overlay: ChecklistOverlay = {
          changedItems: changes
            .filter((c) => c.text !== undefined || c.units !== undefined)
            .map((c) => ({
              itemNo: c.itemNo,
              ...(c.text === undefined ? {} : { text: c.text }),
              ...(c.units === undefined ? {} : { responsibleUnits: c.units }),
            })),
          addedItems: added.map((itemNo) => ({ ...localItem, itemNo })),
        };
        const child = applyOverlay(CITY_ITEMS, overlay);
        const diff = diffChecklists(CITY_ITEMS, child);
        expect(diff.removed).toEqual([]);
        expect(diff.added.map((i) => i.itemNo)).toEqual([...added].sort((a, b) => a - b));
        const touched = new Set(overlay.changedItems.map((c) => c.itemNo));
        for (const change of diff.changed) expect(touched.has(change.itemNo)).toBe(true);
        expect(diffChecklists(child, child)).toEqual({ added: [], removed: [], changed: [] });
        expect(diffChecklists(child, CITY_ITEMS).removed.map((i) => i.itemNo)).toEqual(diff.added.map((i) => i.itemNo));
      }),
    );
  });
});
