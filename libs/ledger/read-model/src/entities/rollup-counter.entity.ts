import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One precomputed count for one tenant (at every level: township, county, city, …) and one
 * campaign chain, e.g. (`411000/411081`, root campaign, `status`, `submitted`) = 17.
 */
@Entity({ name: 'rollup_counter' })
export class RollupCounterEntity {
  @PrimaryColumn({ name: 'tenant_path', type: 'text' }) tenantPath!: string;
  @PrimaryColumn({ name: 'root_campaign_id', type: 'text' }) rootCampaignId!: string;
  @PrimaryColumn({ name: 'dimension', type: 'text' }) dimension!: string;
  @PrimaryColumn({ name: 'key', type: 'text' }) key!: string;
  @Column({ name: 'value', type: 'bigint' }) value!: string;
}
