import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One item of one checklist version: 类别 → 分项 → 序号, with text and responsible units. */
@Entity({ name: 'checklist_item' })
export class ChecklistItemEntity {
  @PrimaryColumn({ name: 'version_id', type: 'text' }) versionId!: string;
  @PrimaryColumn({ name: 'item_no', type: 'integer' }) itemNo!: number;
  @Column({ name: 'tenant_path', type: 'text' }) tenantPath!: string;
  @Column({ name: 'category_no', type: 'integer' }) categoryNo!: number;
  @Column({ name: 'category_name', type: 'text' }) categoryName!: string;
  @Column({ name: 'sub_area_no', type: 'integer' }) subAreaNo!: number;
  @Column({ name: 'sub_area_name', type: 'text' }) subAreaName!: string;
  @Column({ name: 'text', type: 'text' }) text!: string;
  @Column({ name: 'responsible_units', type: 'text', array: true }) responsibleUnits!: string[];
}
