import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A checked village × item cell of a campaign (逐村逐项); absent rows are the blind spots. */
@Entity({ name: 'inspection_check' })
export class InspectionCheckEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'text' }) campaignId!: string;
  @PrimaryColumn({ name: 'village_code', type: 'text' }) villageCode!: string;
  @PrimaryColumn({ name: 'item_no', type: 'integer' }) itemNo!: number;
  @Column({ name: 'root_campaign_id', type: 'text' }) rootCampaignId!: string;
  @Column({ name: 'tenant_path', type: 'text' }) tenantPath!: string;
  @Column({ name: 'problems_found', type: 'boolean' }) problemsFound!: boolean;
  @Column({ name: 'problem_entry_ids', type: 'text', array: true }) problemEntryIds!: string[];
  @Column({ name: 'checks', type: 'integer' }) checks!: number;
  @Column({ name: 'first_checked_at', type: 'timestamptz' }) firstCheckedAt!: Date;
  @Column({ name: 'last_checked_at', type: 'timestamptz' }) lastCheckedAt!: Date;
  @Column({ name: 'last_stream_version', type: 'integer' }) lastStreamVersion!: number;
}
