import type { Position } from '@rectify/event-store-core';
import type { DataSource, EntityManager } from 'typeorm';
import { ProjectionCheckpointEntity } from '../entities';
import { ReadModelError, ReadModelErrorCode } from '../errors';
import type { PositionComparator } from '../runner/projection-runner';

/**
 * Read-your-writes for processes other than the projector (the API): after an append returned
 * position P, `waitFor(name, P)` polls the committed checkpoint until it reaches P. Since rows and
 * checkpoint commit together, a checkpoint at or after P means the rows show the write.
 */
export class ProjectionCheckpointService {
  constructor(
    private readonly db: DataSource | EntityManager,
    private readonly comparePositions: PositionComparator,
  ) {}

  async position(projectionName: string): Promise<Position | null> {
    const row = await this.db.getRepository(ProjectionCheckpointEntity).findOne({ where: { projectionName } });
    return (row?.position ?? null) as Position | null;
  }

  async hasReached(projectionName: string, position: Position): Promise<boolean> {
    const current = await this.position(projectionName);
    return current !== null && this.comparePositions(current, position) >= 0;
  }

  async waitFor(projectionName: string, position: Position, options: { timeoutMs?: number; pollMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? 5_000);
    for (;;) {
      if (await this.hasReached(projectionName, position)) return;
      if (Date.now() >= deadline) {
        throw new ReadModelError(ReadModelErrorCode.Timeout, `等待投影 ${projectionName} 追上位置 ${position} 超时`, { position });
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 50));
    }
  }
}
