import type { Position, RecordedEvent } from '@rectify/event-store-core';
import type { DataSource } from 'typeorm';
import type { Projection } from '../projections/projection';
import { ProjectionCheckpointStore } from './projection-checkpoint.store';

/**
 * Applies a batch of events and moves the checkpoint in ONE transaction: either every row change of
 * the batch and the new checkpoint are committed, or none of them.
 */
export class ProjectionBatchApplier {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: Projection,
    private readonly checkpoints = new ProjectionCheckpointStore(),
  ) {}

  async readCheckpoint(): Promise<Position | null> {
    return this.checkpoints.read(this.dataSource.manager, this.projection.name);
  }

  /** Returns the new checkpoint: the position of the batch's last event. */
  async apply(events: readonly RecordedEvent[], expected: Position | null): Promise<Position | null> {
    const last = events[events.length - 1];
    if (last === undefined) return expected;
    await this.dataSource.transaction(async (manager) => {
      if (this.projection.applyMany) await this.projection.applyMany(manager, events);
      else for (const event of events) await this.projection.apply(manager, event);
      await this.checkpoints.advance(manager, this.projection.name, expected, last.position, events.length, last.recordedAt);
    });
    return last.position;
  }
}
