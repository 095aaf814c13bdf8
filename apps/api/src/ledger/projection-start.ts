import type { Position } from '@rectify/event-store-core';

/** Where a live subscription starts when the client names no position: the projector's checkpoint. */
export interface ProjectionStart {
  current(): Promise<Position | null>;
}

export const PROJECTION_START = Symbol('PROJECTION_START');
