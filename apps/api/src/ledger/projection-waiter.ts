import type { Position } from '@rectify/event-store-core';

/** Read-your-writes: waits until the read model shows everything up to a position. */
export interface ProjectionWaiter {
  /** True once the projector passed `position`; false when `timeoutMs` ran out first. */
  waitFor(position: Position, timeoutMs: number): Promise<boolean>;
}

export const PROJECTION_WAITER = Symbol('PROJECTION_WAITER');
