import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  type AppendExpectedRevision,
  type CurrentRevision,
} from '@eventstore/db-client';
import type { ExpectedVersion } from '@rectify/event-store-core';

/** The port's expected version as EventStoreDB's expected revision (the same four modes). */
export function toExpectedRevision(expected: ExpectedVersion): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

/** A stream's current revision as the port's version: -1 when the stream does not exist. */
export function toActualVersion(current: CurrentRevision): number {
  return current === NO_STREAM ? -1 : Number(current);
}
