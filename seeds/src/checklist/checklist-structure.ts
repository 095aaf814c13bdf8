/** 类别: the three categories of the 72-item checklist. */
export type ChecklistCategorySeed = {
  categoryNo: number;
  categoryName: string;
};

/** 分项: one of the 16 sub-areas, with the contiguous range of item numbers it holds. */
export type ChecklistSubAreaSeed = {
  subAreaNo: number;
  subAreaName: string;
  categoryNo: number;
  firstItemNo: number;
  lastItemNo: number;
};

export const checklistCategories: readonly ChecklistCategorySeed[] = [
  { categoryNo: 1, categoryName: '责任落实' },
  { categoryNo: 2, categoryName: '政策落实' },
  { categoryNo: 3, categoryName: '工作落实' },
];

/** Checked against the plan's section texts (实施方案 三、重点任务 1–16); see seeds/README.md. */
export const checklistSubAreas: readonly ChecklistSubAreaSeed[] = [
  { subAreaNo: 1, subAreaName: '党委政府责任落实', categoryNo: 1, firstItemNo: 1, lastItemNo: 1 },
  { subAreaNo: 2, subAreaName: '行业部门责任落实', categoryNo: 1, firstItemNo: 2, lastItemNo: 2 },
  { subAreaNo: 3, subAreaName: '驻村帮扶责任落实', categoryNo: 1, firstItemNo: 3, lastItemNo: 3 },
  { subAreaNo: 4, subAreaName: '教育帮扶', categoryNo: 2, firstItemNo: 4, lastItemNo: 10 },
  { subAreaNo: 5, subAreaName: '健康帮扶', categoryNo: 2, firstItemNo: 11, lastItemNo: 16 },
  { subAreaNo: 6, subAreaName: '住房安全', categoryNo: 2, firstItemNo: 17, lastItemNo: 20 },
  { subAreaNo: 7, subAreaName: '饮水安全', categoryNo: 2, firstItemNo: 21, lastItemNo: 23 },
  { subAreaNo: 8, subAreaName: '综合保障', categoryNo: 2, firstItemNo: 24, lastItemNo: 31 },
  { subAreaNo: 9, subAreaName: '监测帮扶', categoryNo: 3, firstItemNo: 32, lastItemNo: 47 },
  { subAreaNo: 10, subAreaName: '产业帮扶', categoryNo: 3, firstItemNo: 48, lastItemNo: 49 },
  { subAreaNo: 11, subAreaName: '就业帮扶', categoryNo: 3, firstItemNo: 50, lastItemNo: 53 },
  { subAreaNo: 12, subAreaName: '金融帮扶', categoryNo: 3, firstItemNo: 54, lastItemNo: 58 },
  { subAreaNo: 13, subAreaName: '资金项目', categoryNo: 3, firstItemNo: 59, lastItemNo: 65 },
  { subAreaNo: 14, subAreaName: '乡村建设', categoryNo: 3, firstItemNo: 66, lastItemNo: 67 },
  { subAreaNo: 15, subAreaName: '问题整改', categoryNo: 3, firstItemNo: 68, lastItemNo: 70 },
  { subAreaNo: 16, subAreaName: '信访舆情', categoryNo: 3, firstItemNo: 71, lastItemNo: 72 },
];
