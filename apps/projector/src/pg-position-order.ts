import type { Position } from '@rectify/event-store-core';
import { decodePosition } from '@rectify/event-store-postgres';

/** Orders the PostgreSQL adapter's positions (transaction id, then sequence), for `waitFor`. */
export function comparePgPositions(a: Position, b: Position): number {
  const x = decodePosition(a);
  const y = decodePosition(b);
  const tx = BigInt(x.txId) - BigInt(y.txId);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  const seq = BigInt(x.seq) - BigInt(y.seq);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}
