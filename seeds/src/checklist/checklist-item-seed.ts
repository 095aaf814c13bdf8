/**
 * One item of an inspection checklist (排查清单), as a campaign document lists it.
 * The domain lib declares a structurally identical `ChecklistItem`.
 */
export type ChecklistItemSeed = {
  /** 序号, 1–72. */
  itemNo: number;
  /** 类别: 1 责任落实, 2 政策落实, 3 工作落实. */
  categoryNo: number;
  categoryName: string;
  /** 分项, 1–16. */
  subAreaNo: number;
  subAreaName: string;
  /** 排查项目, the Chinese text of the item. */
  text: string;
  /** 责任单位, one entry per unit named in the cell. */
  responsibleUnits: string[];
};
