import type { Position } from '@rectify/event-store-core';
import { decodePosition } from '@rectify/event-store-postgres';

/** Orders two PostgreSQL store positions (transaction id, then sequence), as bigints. */
export function comparePgPositions(a: Position, b: Position): number {
  const pa = decodePosition(a);
  const pb = decodePosition(b);
  const tx = BigInt(pa.txId) - BigInt(pb.txId);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  const seq = BigInt(pa.seq) - BigInt(pb.seq);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}
