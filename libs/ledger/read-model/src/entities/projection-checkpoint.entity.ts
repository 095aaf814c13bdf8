import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where a projection stands in the event store; written in the same transaction as its rows. */
@Entity({ name: 'projection_checkpoint' })
export class ProjectionCheckpointEntity {
  @PrimaryColumn({ name: 'projection_name', type: 'text' }) projectionName!: string;
  /** The event store's opaque position of the last applied event; null before the first. */
  @Column({ name: 'position', type: 'text', nullable: true }) position!: string | null;
  @Column({ name: 'events_applied', type: 'bigint' }) eventsApplied!: string;
  @Column({ name: 'last_recorded_at', type: 'timestamptz', nullable: true }) lastRecordedAt!: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
