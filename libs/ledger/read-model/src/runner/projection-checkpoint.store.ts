import type { Position } from '@rectify/event-store-core';
import type { EntityManager } from 'typeorm';
import { ReadModelError, ReadModelErrorCode } from '../errors';
import { schemaOf } from '../read-model-schema';

/** Reads and moves a projection's checkpoint; `advance` runs inside the batch's transaction. */
export class ProjectionCheckpointStore {
  async read(manager: EntityManager, projectionName: string): Promise<Position | null> {
    const s = schemaOf(manager.connection);
    await manager.query(
      `INSERT INTO ${s}.projection_checkpoint (projection_name, position) VALUES ($1, NULL) ON CONFLICT DO NOTHING`,
      [projectionName],
    );
    const rows: { position: string | null }[] = await manager.query(
      `SELECT position FROM ${s}.projection_checkpoint WHERE projection_name = $1`,
      [projectionName],
    );
    return (rows[0]?.position ?? null) as Position | null;
  }

  /**
   * Compare-and-set: moves the checkpoint from `expected` to `next`. If another process moved it
   * meanwhile (a runner that lost its lock without noticing), nothing is written and the caller's
   * transaction must roll back: the fence behind the advisory lock.
   */
  async advance(
    manager: EntityManager,
    projectionName: string,
    expected: Position | null,
    next: Position,
    eventsApplied: number,
    lastRecordedAt: Date,
  ): Promise<void> {
    const s = schemaOf(manager.connection);
    await manager.query(
      `INSERT INTO ${s}.projection_checkpoint (projection_name, position) VALUES ($1, NULL) ON CONFLICT DO NOTHING`,
      [projectionName],
    );
    // Wrapped in a SELECT: the driver then returns the updated rows themselves.
    const rows: { n: number }[] = await manager.query(
      `WITH moved AS (
         UPDATE ${s}.projection_checkpoint
            SET position = $3, events_applied = events_applied + $4, last_recorded_at = $5, updated_at = now()
          WHERE projection_name = $1 AND position IS NOT DISTINCT FROM $2
          RETURNING 1
       )
       SELECT count(*)::int AS n FROM moved`,
      [projectionName, expected, next, eventsApplied, lastRecordedAt],
    );
    if (rows[0]?.n !== 1) {
      throw new ReadModelError(ReadModelErrorCode.CheckpointMoved, `投影 ${projectionName} 的检查点已被其他进程移动`, {
        projectionName,
        expected,
      });
    }
  }
}
