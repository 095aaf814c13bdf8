import type { ChecklistItemSeed } from './checklist-item-seed';
import { checklistCategories, checklistSubAreas } from './checklist-structure';
import { xuchangChecklist } from './xuchang-checklist';
import { yuzhouChecklist } from './yuzhou-checklist';

// The item → sub-area → category table of shared/seed/README.md, encoded here independently of the data:
// [category, sub-area no, sub-area name, first item, last item].
const table: [string, number, string, number, number][] = [
  ['责任落实', 1, '党委政府责任落实', 1, 1],
  ['责任落实', 2, '行业部门责任落实', 2, 2],
  ['责任落实', 3, '驻村帮扶责任落实', 3, 3],
  ['政策落实', 4, '教育帮扶', 4, 10],
  ['政策落实', 5, '健康帮扶', 11, 16],
  ['政策落实', 6, '住房安全', 17, 20],
  ['政策落实', 7, '饮水安全', 21, 23],
  ['政策落实', 8, '综合保障', 24, 31],
  ['工作落实', 9, '监测帮扶', 32, 47],
  ['工作落实', 10, '产业帮扶', 48, 49],
  ['工作落实', 11, '就业帮扶', 50, 53],
  ['工作落实', 12, '金融帮扶', 54, 58],
  ['工作落实', 13, '资金项目', 59, 65],
  ['工作落实', 14, '乡村建设', 66, 67],
  ['工作落实', 15, '问题整改', 68, 70],
  ['工作落实', 16, '信访舆情', 71, 72],
];
const categoryNos: Record<string, number> = { 责任落实: 1, 政策落实: 2, 工作落实: 3 };

function expectedPlacement(itemNo: number) {
  const row = table.find(([, , , first, last]) => first <= itemNo && itemNo <= last);
  if (!row) {
    throw new Error(`item ${itemNo} is not in the table`);
  }
  const [categoryName, subAreaNo, subAreaName] = row;
  return { categoryNo: categoryNos[categoryName], categoryName, subAreaNo, subAreaName };
}

const counties = '各县（市、区）党委政府';
const townships = '各乡镇（褚河街道）';
const members = '市巩固拓展脱贫攻坚成果成员单位';
const sharedBureaus = ['市卫健委', '市医保局', '市住建局', '市水利局', '市残联', '市民政局', '市人社局', '市乡村振兴局', '市财政局', '市农业农村局'];
const knownUnits: Record<string, string[]> = {
  许昌市: [counties, members, '市教育局', '市金融工作局', ...sharedBureaus],
  禹州市: [townships, members, '市教体局', '市金融事务中心', ...sharedBureaus],
};

/** Remove parenthesised parts, e.g. the 、 in 各县（市、区）. */
function outsideParentheses(text: string): string {
  return text.replace(/（[^（）]*）/g, '');
}

describe.each([
  ['许昌市', xuchangChecklist],
  ['禹州市', yuzhouChecklist],
] as [string, readonly ChecklistItemSeed[]][])('the %s checklist', (tenantName, checklist) => {
  it('has exactly 72 items, numbered 1..72 once each, in order', () => {
    expect(checklist).toHaveLength(72);
    expect(checklist.map((item) => item.itemNo)).toEqual(Array.from({ length: 72 }, (_, index) => index + 1));
  });

  it('uses 16 sub-areas and 3 categories', () => {
    expect(new Set(checklist.map((item) => item.subAreaNo)).size).toBe(16);
    expect(new Set(checklist.map((item) => item.subAreaName)).size).toBe(16);
    expect(new Set(checklist.map((item) => item.categoryNo)).size).toBe(3);
    expect(new Set(checklist.map((item) => item.categoryName)).size).toBe(3);
  });

  it.each(Array.from({ length: 72 }, (_, index) => index + 1))(
    'places item %i in the sub-area and category of the seed README',
    (itemNo) => {
      const item = checklist.find((candidate) => candidate.itemNo === itemNo);
      expect(item && { categoryNo: item.categoryNo, categoryName: item.categoryName, subAreaNo: item.subAreaNo, subAreaName: item.subAreaName }).toEqual(
        expectedPlacement(itemNo),
      );
    },
  );

  it('has a non-empty text ending in a full stop for every item', () => {
    for (const item of checklist) {
      expect(item.text.trim()).not.toBe('');
      expect(item.text).toMatch(/[。）]$/);
    }
  });

  it('names at least one known, non-empty responsible unit per item, split one unit per entry', () => {
    for (const item of checklist) {
      expect(item.responsibleUnits.length).toBeGreaterThan(0);
      for (const unit of item.responsibleUnits) {
        expect(unit.trim()).toBe(unit);
        expect(unit).not.toBe('');
        expect(outsideParentheses(unit)).not.toMatch(/[、，,；;]/);
        expect(knownUnits[tenantName]).toContain(unit);
      }
      expect(new Set(item.responsibleUnits).size).toBe(item.responsibleUnits.length);
    }
  });

  it('carries no OCR artefacts', () => {
    const artefacts = [/ /, /\s/, /[,;:()]/, /徽乡振/, /兴义市/, /郾陵/, /級/, /乡村振兴市/, /脱改户/];
    for (const item of checklist) {
      for (const value of [item.text, ...item.responsibleUnits]) {
        for (const artefact of artefacts) {
          expect({ itemNo: item.itemNo, value, artefact: String(artefact), found: artefact.test(value) }).toMatchObject({ found: false });
        }
      }
      // Balanced full-width parentheses.
      for (const value of [item.text, ...item.responsibleUnits]) {
        expect((value.match(/（/g) ?? []).length).toBe((value.match(/）/g) ?? []).length);
      }
    }
  });

  it('has no two items with the same text', () => {
    expect(new Set(checklist.map((item) => item.text)).size).toBe(72);
  });

  it('carries the county-specific figure of item 5: 600元/年, 鄢陵 400元', () => {
    const item5 = checklist.find((item) => item.itemNo === 5);
    expect(item5?.text).toContain('600元/年（鄢陵400元），保教费600元/年');
  });

  it('names the tenant level below in every item that is not only for member units', () => {
    const lower = tenantName === '许昌市' ? counties : townships;
    const itemsWithoutLower = checklist.filter((item) => !item.responsibleUnits.includes(lower)).map((item) => item.itemNo);
    expect(itemsWithoutLower).toEqual([2]);
  });
});

describe('the checklist structure', () => {
  it('matches the table of the seed README', () => {
    expect(checklistCategories.map((category) => [category.categoryNo, category.categoryName])).toEqual([
      [1, '责任落实'],
      [2, '政策落实'],
      [3, '工作落实'],
    ]);
    expect(
      checklistSubAreas.map((subArea) => [
        checklistCategories.find((category) => category.categoryNo === subArea.categoryNo)?.categoryName,
        subArea.subAreaNo,
        subArea.subAreaName,
        subArea.firstItemNo,
        subArea.lastItemNo,
      ]),
    ).toEqual(table);
  });
});
