import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ReportStatusValue = 'requested' | 'file_recorded' | 'submitted' | 'accepted' | 'returned';

/** One row per report stream (`report-{reportId}`): its latest file, its latest submission and review. */
@Entity({ name: 'report' })
export class ReportEntity {
  @PrimaryColumn({ name: 'report_id', type: 'text' }) reportId!: string;
  @Column({ name: 'kind', type: 'text' }) kind!: 'ledger' | 'work';
  /** The tenant the report covers (its `scope`). */
  @Column({ name: 'tenant_path', type: 'text' }) tenantPath!: string;
  @Column({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  @Column({ name: 'campaign_id', type: 'text' }) campaignId!: string;
  @Column({ name: 'status', type: 'text' }) status!: ReportStatusValue;
  /** The tenant it is submitted to: the direct parent (from the request; the submission's `to` once submitted). */
  @Column({ name: 'parent_tenant_path', type: 'text', nullable: true }) parentTenantPath!: string | null;
  @Column({ name: 'parent_tenant_id', type: 'text', nullable: true }) parentTenantId!: string | null;
  /** Files recorded so far (the latest file's `fileVersion`). */
  @Column({ name: 'file_count', type: 'integer' }) fileCount!: number;
  @Column({ name: 'latest_file_id', type: 'text', nullable: true }) latestFileId!: string | null;
  @Column({ name: 'latest_file_format', type: 'text', nullable: true }) latestFileFormat!: string | null;
  @Column({ name: 'latest_file_size', type: 'bigint', nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  latestFileSize!: number | null;
  @Column({ name: 'latest_file_checksum', type: 'text', nullable: true }) latestFileChecksum!: string | null;
  @Column({ name: 'latest_file_algorithm', type: 'text', nullable: true }) latestFileAlgorithm!: string | null;
  @Column({ name: 'submission_count', type: 'integer' }) submissionCount!: number;
  /** The file frozen by the latest submission. */
  @Column({ name: 'submitted_file_id', type: 'text', nullable: true }) submittedFileId!: string | null;
  @Column({ name: 'submitted_checksum', type: 'text', nullable: true }) submittedChecksum!: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  @Column({ name: 'submitted_by', type: 'text', nullable: true }) submittedBy!: string | null;
  @Column({ name: 'submitted_by_name', type: 'text', nullable: true }) submittedByName!: string | null;
  @Column({ name: 'due_date', type: 'date', nullable: true }) dueDate!: string | null;
  @Column({ name: 'late', type: 'boolean' }) late!: boolean;
  @Column({ name: 'days_late', type: 'integer' }) daysLate!: number;
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true }) reviewedAt!: Date | null;
  @Column({ name: 'reviewed_by', type: 'text', nullable: true }) reviewedBy!: string | null;
  /** The latest review's comments (退回 comments, or the acceptance comment). */
  @Column({ name: 'comments', type: 'text', nullable: true }) comments!: string | null;
  @Column({ name: 'requested_at', type: 'timestamptz' }) requestedAt!: Date;
  @Column({ name: 'requested_by', type: 'text' }) requestedBy!: string;
  @Column({ name: 'last_event_version', type: 'integer' }) lastEventVersion!: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
