import { Column, Entity, PrimaryColumn } from 'typeorm';

export type EntryStatusValue = 'recorded' | 'planned' | 'in_progress' | 'submitted' | 'signed_off' | 'voided';
export type DeadlineClassValue = 'immediate' | 'fixed_term' | 'long_term';
export type EscalationLevelValue = 'county' | 'city';

/** One row per ledger entry (整改台账条目), as the official ledger and its filters need it. */
@Entity({ name: 'ledger_entry' })
export class LedgerEntryEntity {
  @PrimaryColumn({ name: 'entry_id', type: 'text' }) entryId!: string;
  @Column({ name: 'campaign_id', type: 'text' }) campaignId!: string;
  /** The top of the campaign's forwarding chain: roll-ups add up entries of the whole chain. */
  @Column({ name: 'root_campaign_id', type: 'text' }) rootCampaignId!: string;
  @Column({ name: 'checklist_version_id', type: 'text', nullable: true }) checklistVersionId!: string | null;
  @Column({ name: 'tenant_path', type: 'text' }) tenantPath!: string;
  @Column({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  @Column({ name: 'city_code', type: 'text', nullable: true }) cityCode!: string | null;
  @Column({ name: 'county_code', type: 'text', nullable: true }) countyCode!: string | null;
  @Column({ name: 'township_code', type: 'text', nullable: true }) townshipCode!: string | null;
  @Column({ name: 'village_code', type: 'text' }) villageCode!: string;
  @Column({ name: 'item_no', type: 'integer' }) itemNo!: number;
  @Column({ name: 'sub_area_no', type: 'integer', nullable: true }) subAreaNo!: number | null;
  @Column({ name: 'sub_area_name', type: 'text', nullable: true }) subAreaName!: string | null;
  @Column({ name: 'category_no', type: 'integer', nullable: true }) categoryNo!: number | null;
  @Column({ name: 'category_name', type: 'text', nullable: true }) categoryName!: string | null;
  @Column({ name: 'description', type: 'text' }) description!: string;
  @Column({ name: 'measures', type: 'text', nullable: true }) measures!: string | null;
  @Column({ name: 'responsible_unit', type: 'text', nullable: true }) responsibleUnit!: string | null;
  @Column({ name: 'responsible_person', type: 'text', nullable: true }) responsiblePerson!: string | null;
  @Column({ name: 'deadline_class', type: 'text', nullable: true }) deadlineClass!: DeadlineClassValue | null;
  /** YYYY-MM-DD (Asia/Shanghai), moved by approved extensions. */
  @Column({ name: 'due_date', type: 'date', nullable: true }) dueDate!: string | null;
  @Column({ name: 'original_due_date', type: 'date', nullable: true }) originalDueDate!: string | null;
  @Column({ name: 'pending_extension_date', type: 'date', nullable: true }) pendingExtensionDate!: string | null;
  @Column({ name: 'status', type: 'text' }) status!: EntryStatusValue;
  @Column({ name: 'escalation_level', type: 'text', nullable: true }) escalationLevel!: EscalationLevelValue | null;
  @Column({ name: 'is_recurrence', type: 'boolean' }) isRecurrence!: boolean;
  @Column({ name: 'previous_entry_id', type: 'text', nullable: true }) previousEntryId!: string | null;
  /** How many earlier signed-off entries the same village × item had (屡改屡犯). */
  @Column({ name: 'recurrence_count', type: 'integer' }) recurrenceCount!: number;
  @Column({ name: 'found_by', type: 'text' }) foundBy!: string;
  @Column({ name: 'found_at', type: 'timestamptz' }) foundAt!: Date;
  @Column({ name: 'result', type: 'text', nullable: true }) result!: string | null;
  @Column({ name: 'signed_off_at', type: 'timestamptz', nullable: true }) signedOffAt!: Date | null;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
  /** Shanghai date the entry was recorded: it is open from then (动态清零 series). */
  @Column({ name: 'opened_on', type: 'date' }) openedOn!: string;
  /** Shanghai date of sign-off or voiding. */
  @Column({ name: 'closed_on', type: 'date', nullable: true }) closedOn!: string | null;
  /** Shanghai date of the plan (RectificationPlanned). */
  @Column({ name: 'planned_on', type: 'date', nullable: true }) plannedOn!: string | null;
  /** Shanghai date of the latest activity: recorded, planned, progress reported or result submitted. */
  @Column({ name: 'last_activity_on', type: 'date', nullable: true }) lastActivityOn!: string | null;
  /** Shanghai date the pending extension was requested (it pauses escalation). */
  @Column({ name: 'pending_extension_on', type: 'date', nullable: true }) pendingExtensionOn!: string | null;
  /** Shanghai date of the county escalation, and the county's tenant path (its 督办 inbox). */
  @Column({ name: 'county_escalated_on', type: 'date', nullable: true }) countyEscalatedOn!: string | null;
  @Column({ name: 'county_escalated_to', type: 'text', nullable: true }) countyEscalatedTo!: string | null;
  @Column({ name: 'city_escalated_on', type: 'date', nullable: true }) cityEscalatedOn!: string | null;
  @Column({ name: 'city_escalated_to', type: 'text', nullable: true }) cityEscalatedTo!: string | null;
  @Column({ name: 'last_event_version', type: 'integer' }) lastEventVersion!: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
