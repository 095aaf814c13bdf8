import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Signed-off entries by (village, item): what `RecordProblem` needs to spot a recurrence. */
@Entity({ name: 'recurrence_index' })
export class RecurrenceIndexEntity {
  @PrimaryColumn({ name: 'village_code', type: 'text' }) villageCode!: string;
  @PrimaryColumn({ name: 'item_no', type: 'integer' }) itemNo!: number;
  @PrimaryColumn({ name: 'entry_id', type: 'text' }) entryId!: string;
  @Column({ name: 'campaign_id', type: 'text' }) campaignId!: string;
  @Column({ name: 'tenant_path', type: 'text' }) tenantPath!: string;
  @Column({ name: 'signed_off_at', type: 'timestamptz' }) signedOffAt!: Date;
}
