import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A checklist version (清单版本) with its forwarding link to the parent version. */
@Entity({ name: 'checklist_version' })
export class ChecklistVersionEntity {
  @PrimaryColumn({ name: 'version_id', type: 'text' }) versionId!: string;
  @Column({ name: 'tenant_path', type: 'text' }) tenantPath!: string;
  @Column({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  @Column({ name: 'label', type: 'text', nullable: true }) label!: string | null;
  @Column({ name: 'parent_version_id', type: 'text', nullable: true }) parentVersionId!: string | null;
  /** The overlay (changed and added items) that turned the parent's items into these. */
  @Column({ name: 'overlay', type: 'jsonb', nullable: true }) overlay!: object | null;
  @Column({ name: 'item_count', type: 'integer' }) itemCount!: number;
  @Column({ name: 'defined_at', type: 'timestamptz' }) definedAt!: Date;
}
