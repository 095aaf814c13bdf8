import type { EscalationPolicy } from '@rectify/ledger-domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A campaign (专项行动) as issued or received, with its link to the parent campaign. */
@Entity({ name: 'campaign' })
export class CampaignEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'text' }) campaignId!: string;
  @Column({ name: 'tenant_path', type: 'text' }) tenantPath!: string;
  @Column({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  @Column({ name: 'root_campaign_id', type: 'text' }) rootCampaignId!: string;
  @Column({ name: 'origin', type: 'text' }) origin!: 'issued' | 'received';
  @Column({ name: 'parent_campaign_id', type: 'text', nullable: true }) parentCampaignId!: string | null;
  @Column({ name: 'parent_tenant_path', type: 'text', nullable: true }) parentTenantPath!: string | null;
  @Column({ name: 'parent_checklist_version_id', type: 'text', nullable: true }) parentChecklistVersionId!: string | null;
  @Column({ name: 'parent_report_due_date', type: 'date', nullable: true }) parentReportDueDate!: string | null;
  @Column({ name: 'title', type: 'text' }) title!: string;
  @Column({ name: 'doc_number', type: 'text', nullable: true }) docNumber!: string | null;
  @Column({ name: 'issued_on', type: 'date' }) issuedOn!: string;
  @Column({ name: 'phases', type: 'jsonb' }) phases!: { name: string; startDate: string | null; endDate: string }[];
  @Column({ name: 'immediate_deadline', type: 'date' }) immediateDeadline!: string;
  @Column({ name: 'fixed_term_deadline', type: 'date' }) fixedTermDeadline!: string;
  @Column({ name: 'report_due_date', type: 'date' }) reportDueDate!: string;
  @Column({ name: 'checklist_version_id', type: 'text' }) checklistVersionId!: string;
  @Column({ name: 'status', type: 'text' }) status!: 'open' | 'closed';
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ name: 'summary', type: 'text', nullable: true }) summary!: string | null;
  /** The campaign's own escalation policy; null: it inherits from its forwarding chain (or the defaults). */
  @Column({ name: 'escalation_policy', type: 'jsonb', nullable: true }) escalationPolicy?: EscalationPolicy | null;
  @Column({ name: 'escalation_policy_reason', type: 'text', nullable: true }) escalationPolicyReason?: string | null;
  @Column({ name: 'escalation_policy_set_at', type: 'timestamptz', nullable: true }) escalationPolicySetAt?: Date | null;
  @Column({ name: 'escalation_policy_set_by', type: 'text', nullable: true }) escalationPolicySetBy?: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'last_event_version', type: 'integer' }) lastEventVersion!: number;
}
