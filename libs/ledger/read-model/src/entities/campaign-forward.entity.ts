import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One forwarding (转发) of a campaign to a child tenant, seen from the parent's side. */
@Entity({ name: 'campaign_forward' })
export class CampaignForwardEntity {
  @PrimaryColumn({ name: 'child_campaign_id', type: 'text' }) childCampaignId!: string;
  @Column({ name: 'campaign_id', type: 'text' }) campaignId!: string;
  /** The forwarding (parent) tenant. */
  @Column({ name: 'tenant_path', type: 'text' }) tenantPath!: string;
  @Column({ name: 'child_tenant_id', type: 'text' }) childTenantId!: string;
  @Column({ name: 'child_tenant_path', type: 'text' }) childTenantPath!: string;
  @Column({ name: 'parent_checklist_version_id', type: 'text' }) parentChecklistVersionId!: string;
  @Column({ name: 'child_checklist_version_id', type: 'text' }) childChecklistVersionId!: string;
  @Column({ name: 'overlay', type: 'jsonb' }) overlay!: object;
  @Column({ name: 'title', type: 'text' }) title!: string;
  @Column({ name: 'doc_number', type: 'text', nullable: true }) docNumber!: string | null;
  @Column({ name: 'issued_on', type: 'date' }) issuedOn!: string;
  @Column({ name: 'report_due_date', type: 'date' }) reportDueDate!: string;
  @Column({ name: 'immediate_deadline', type: 'date' }) immediateDeadline!: string;
  @Column({ name: 'fixed_term_deadline', type: 'date' }) fixedTermDeadline!: string;
  @Column({ name: 'forwarded_at', type: 'timestamptz' }) forwardedAt!: Date;
}
