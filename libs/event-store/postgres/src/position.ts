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
