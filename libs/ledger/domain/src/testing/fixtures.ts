import { type CommandMetadata, type TenantRef } from '../shared/command-metadata';
import { type ChecklistItem } from '../checklist/checklist-item';

/** Real tenants (GB/T 2260 codes): 许昌市 → 禹州市 → 褚河街道; 鄢陵县 as a sibling county. */
export const XUCHANG: TenantRef = { id: 'tenant-411000', path: '411000' };
export const YUZHOU: TenantRef = { id: 'tenant-411081', path: '411000/411081' };
export const YANLING: TenantRef = { id: 'tenant-411024', path: '411000/411024' };
export const CHUHE: TenantRef = { id: 'tenant-411081005', path: '411000/411081/411081005' };
export const VILLAGE = '411081005201';

export function meta(overrides: Partial<CommandMetadata> = {}): CommandMetadata {
  return {
    now: '2023-08-02T02:00:00Z',
    actor: { userId: 'user-inspector', name: '王排查', role: 'township_officer' },
    tenant: CHUHE,
    ...overrides,
  };
}

export const asUser = (userId: string, now = '2023-08-02T02:00:00Z', tenant: TenantRef = CHUHE): CommandMetadata =>
  meta({ now, actor: { userId }, tenant });

/** A few real items of the city's checklist (许巩固脱贫组〔2023〕4号 附件). */
export const CITY_ITEMS: ChecklistItem[] = [
  {
    itemNo: 1,
    categoryNo: 1,
    categoryName: '责任落实',
    subAreaNo: 1,
    subAreaName: '党委政府责任落实',
    text: '是否存在落实巩固脱贫攻坚成效主体责任不到位等问题。',
    responsibleUnits: ['各县（市、区）党委政府'],
  },
  {
    itemNo: 4,
    categoryNo: 2,
    categoryName: '政策落实',
    subAreaNo: 4,
    subAreaName: '教育帮扶',
    text: '域内所有家庭义务教育阶段适龄儿童是否全部上学(因自身条件不能上学的除外)。',
    responsibleUnits: ['市教育局', '各县（市、区）党委政府'],
  },
  {
    itemNo: 5,
    categoryNo: 2,
    categoryName: '政策落实',
    subAreaNo: 4,
    subAreaName: '教育帮扶',
    text: '脱贫人口和监测对象家中的(在籍在园)幼儿是否享受到低保生活补助600元/年，保教费600元/年。',
    responsibleUnits: ['市教育局', '各县（市、区）党委政府'],
  },
  {
    itemNo: 70,
    categoryNo: 3,
    categoryName: '工作落实',
    subAreaNo: 15,
    subAreaName: '问题整改',
    text: '整改台账建立是否规范，是否缺少整改时限、责任单位或责任人等要素，整改结果是否具体。',
    responsibleUnits: ['市乡村振兴局', '各县（市、区）党委政府'],
  },
];
