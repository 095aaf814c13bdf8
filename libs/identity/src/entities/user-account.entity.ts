import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A local account (本地账号) of one tenant. The password is kept only as a scrypt hash. */
@Entity({ name: 'user_account' })
export class UserAccountEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId!: string;
  /** Lower-case, unique across the platform. */
  @Column({ name: 'username', type: 'text' }) username!: string;
  @Column({ name: 'display_name', type: 'text' }) displayName!: string;
  @Column({ name: 'tenant_code', type: 'text' }) tenantCode!: string;
  @Column({ name: 'tenant_path', type: 'text' }) tenantPath!: string;
  @Column({ name: 'roles', type: 'text', array: true }) roles!: string[];
  @Column({ name: 'password_hash', type: 'text' }) passwordHash!: string;
  @Column({ name: 'disabled', type: 'boolean' }) disabled!: boolean;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'created_by', type: 'text', nullable: true }) createdBy!: string | null;
}
