import { Column, Entity, PrimaryColumn } from 'typeorm';

export type TenantLevelValue = 'province' | 'city' | 'county' | 'township';

/** The tenant directory (单位目录): one row per administrative unit that runs or receives campaigns. */
@Entity({ name: 'tenant' })
export class TenantEntity {
  /** GB/T 2260 code; also the tenant's id in events. */
  @PrimaryColumn({ name: 'code', type: 'text' }) code!: string;
  @Column({ name: 'name', type: 'text' }) name!: string;
  @Column({ name: 'level', type: 'text' }) level!: TenantLevelValue;
  @Column({ name: 'parent_code', type: 'text', nullable: true }) parentCode!: string | null;
  /** Codes from the root down: `411000/411081/411081005`. */
  @Column({ name: 'path', type: 'text' }) path!: string;
}
