import type { ChecklistItemSeed } from './checklist-item-seed';
import { diffChecklists, xuchangToYuzhouDifferences } from './checklist-differences';

function item(itemNo: number, text: string, responsibleUnits: string[]): ChecklistItemSeed {
  return { itemNo, categoryNo: 1, categoryName: '责任落实', subAreaNo: 1, subAreaName: '党委政府责任落实', text, responsibleUnits };
}

describe('diffChecklists', () => {
  it('reports changed texts and units, and leaves unchanged items out', () => {
    const issued = [item(1, '甲。', ['市教育局', '各县（市、区）党委政府']), item(2, '乙。', ['市民政局']), item(3, '丙。', ['市残联'])];
    const forwarded = [item(1, '甲。', ['市教体局', '各县（市、区）党委政府']), item(2, '乙改。', ['市民政局']), item(3, '丙。', ['市残联'])];
    expect(diffChecklists(issued, forwarded)).toEqual([
      { itemNo: 1, textChanged: false, unitsChanged: true, unitsRemoved: ['市教育局'], unitsAdded: ['市教体局'], issuedText: '甲。', forwardedText: '甲。' },
      { itemNo: 2, textChanged: true, unitsChanged: false, unitsRemoved: [], unitsAdded: [], issuedText: '乙。', forwardedText: '乙改。' },
    ]);
  });

  it('does not count a different order of the same units as a change', () => {
    expect(diffChecklists([item(1, '甲。', ['市财政局', '市乡村振兴局'])], [item(1, '甲。', ['市乡村振兴局', '市财政局'])])).toEqual([]);
  });

  it('refuses two versions with different item numbers', () => {
    expect(() => diffChecklists([item(1, '甲。', ['市民政局'])], [item(2, '甲。', ['市民政局'])])).toThrow(/item 1/);
    expect(() => diffChecklists([item(1, '甲。', ['市民政局'])], [])).toThrow(/same item numbers/);
  });
});

describe('the 许昌市 → 禹州市 differences', () => {
  const byNo = new Map(xuchangToYuzhouDifferences.map((difference) => [difference.itemNo, difference]));

  it('replaces the city units by county units when forwarding (市教育局 → 市教体局, counties → townships)', () => {
    expect(byNo.get(4)).toMatchObject({
      textChanged: false,
      unitsRemoved: ['市教育局', '各县（市、区）党委政府'],
      unitsAdded: ['市教体局', '各乡镇（褚河街道）'],
    });
    expect(byNo.get(54)).toMatchObject({ unitsRemoved: ['市金融工作局', '各县（市、区）党委政府'], unitsAdded: ['市金融事务中心', '各乡镇（褚河街道）'] });
    expect(byNo.get(48)).toMatchObject({ unitsAdded: ['市农业农村局', '各乡镇（褚河街道）'] });
  });

  it('changes every item but item 2 in its units (item 2 names only the member units in both)', () => {
    expect(xuchangToYuzhouDifferences.filter((difference) => !difference.unitsChanged).map((difference) => difference.itemNo)).toEqual([2]);
  });

  it('records the county wording where it differs (item 3: 驻村干部 → 帮扶干部)', () => {
    expect(byNo.get(3)).toMatchObject({ textChanged: true });
    expect(byNo.get(3)?.issuedText.startsWith('驻村干部')).toBe(true);
    expect(byNo.get(3)?.forwardedText.startsWith('帮扶干部')).toBe(true);
  });

  it('has the same text where the city list was read from the ledger (15–29) or the ledger from the city list (45, 53)', () => {
    for (const itemNo of [15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 45, 53]) {
      expect({ itemNo, textChanged: byNo.get(itemNo)?.textChanged }).toEqual({ itemNo, textChanged: false });
    }
  });
});
