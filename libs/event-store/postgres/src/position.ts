import { InvalidArgumentError, type Position } from '@rectify/event-store-core';

/** A PostgreSQL position: the writing transaction's id and the event's sequence number. */
export interface PgPosition {
  readonly txId: string;
  readonly seq: string;
}

const FORMAT = /^(\d{1,20})-(\d{1,20})$/;

export function encodePosition(txId: string, seq: string): Position {
  return `${txId}-${seq}` as Position;
}

export function decodePosition(position: unknown, field = 'after'): PgPosition {
  const match = typeof position === 'string' ? FORMAT.exec(position) : null;
  if (!match) throw new InvalidArgumentError(field, `无法识别的检查点 ${JSON.stringify(position) ?? String(position)}`);
  return { txId: match[1], seq: match[2] };
}

/** The store's checkpoint order: writing transaction id, then sequence, both compared as numbers. */
export function comparePositions(a: Position, b: Position): number {
  const x = decodePosition(a);
  const y = decodePosition(b);
  const tx = BigInt(x.txId) - BigInt(y.txId);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  const seq = BigInt(x.seq) - BigInt(y.seq);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}
