import type { Position as EsdbPosition } from '@eventstore/db-client';
import { InvalidArgumentError, type Position } from '@rectify/event-store-core';

/**
 * An EventStoreDB position as the port's opaque checkpoint: `<commit>:<prepare>`, each part the
 * decimal log position zero-padded to 20 digits (the width of a u64), so that two encoded
 * positions compare as strings exactly as EventStoreDB orders them.
 */
const DIGITS = 20;
const FORMAT = /^(\d{20}):(\d{20})$/;
const MAX_U64 = 2n ** 64n - 1n;

export type { EsdbPosition };

export function encodePosition(position: EsdbPosition): Position {
  return `${pad(position.commit)}:${pad(position.prepare)}` as Position;
}

/** Decodes a checkpoint handed back by a consumer; anything malformed is bad input. */
export function decodePosition(position: unknown, field = 'after'): EsdbPosition {
  const match = typeof position === 'string' ? FORMAT.exec(position) : null;
  const commit = match ? BigInt(match[1]) : -1n;
  const prepare = match ? BigInt(match[2]) : -1n;
  if (!match || commit > MAX_U64 || prepare > MAX_U64) {
    throw new InvalidArgumentError(field, `无法识别的检查点 ${JSON.stringify(position) ?? String(position)}`);
  }
  return { commit, prepare };
}

/** Orders positions as the transaction log does: by commit position, then prepare position. */
export function comparePositions(a: EsdbPosition, b: EsdbPosition): -1 | 0 | 1 {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** Whether `position` comes strictly after `floor` (everything does when there is no floor). */
export function isAfter(position: EsdbPosition, floor: EsdbPosition | null): boolean {
  return floor === null || comparePositions(position, floor) > 0;
}

function pad(value: bigint): string {
  if (value < 0n || value > MAX_U64) throw new RangeError(`log position out of range: ${value}`);
  return value.toString(10).padStart(DIGITS, '0');
}
