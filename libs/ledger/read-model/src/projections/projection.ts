import type { RecordedEvent } from '@rectify/event-store-core';
import type { EntityManager } from 'typeorm';

/** Applies one event to the read model inside the caller's transaction. Must be idempotent,
 * and must skip (not fail on) event types it does not know. */
export type ProjectionHandler = (manager: EntityManager, event: RecordedEvent) => Promise<void>;

/** A named group of handlers; the name keys its checkpoint and its advisory lock. */
export interface Projection {
  readonly name: string;
  apply(manager: EntityManager, event: RecordedEvent): Promise<void>;
  /**
   * Optional: applies a whole page in order, inside the caller's transaction, with exactly the
   * effect of `apply` on each event in turn (a set-based projection folds the page and writes it in
   * a few statements). The batch applier prefers it when present.
   */
  applyMany?(manager: EntityManager, events: readonly RecordedEvent[]): Promise<void>;
}
