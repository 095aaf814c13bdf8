import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Reference data: a village (村/社区) and the township tenant it belongs to. Loaded from seeds. */
@Entity({ name: 'village' })
export class VillageEntity {
  @PrimaryColumn({ name: 'village_code', type: 'text' }) villageCode!: string;
  @Column({ name: 'name', type: 'text' }) name!: string;
  @Column({ name: 'township_code', type: 'text' }) townshipCode!: string;
  /** The township's tenant path. */
  @Column({ name: 'tenant_path', type: 'text' }) tenantPath!: string;
}
