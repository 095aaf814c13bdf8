import { createHash } from 'node:crypto';
import { canonicalJson } from '@rectify/shared-util';

/**
 * Tamper evidence. Every event's hash is
 *
 *   hash = SM3(previous hash in its stream ‖ UTF-8(envelope))
 *
 * with 32 zero bytes as the previous hash of a stream's first event, and
 *
 *   envelope = {"event":<body>,"recordedAt":"<ISO-8601, ms, UTC>","streamVersion":<n>}
 *   body     = canonical JSON of {data, eventId, metadata, schemaVersion, streamId, type}
 *
 * Canonical JSON sorts keys by UTF-16 code units and writes values as JSON.stringify does (RFC 8785
 * shape), so anyone can rebuild the bytes from an exported event and check the chain.
 */
export const GENESIS_HASH = Buffer.alloc(32);

export interface HashableEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recordedAt: Date;
}

export function envelopeText(body: string, streamVersion: number, recordedAt: Date): string {
  return `{"event":${body},"recordedAt":"${recordedAt.toISOString()}","streamVersion":${streamVersion}}`;
}

export function chainHash(previous: Buffer, envelope: string): Buffer {
  return createHash('sm3').update(previous).update(envelope, 'utf8').digest();
}

/** The canonical body of an event: the part of its envelope that the writer supplies. */
export function eventBody(event: Omit<HashableEvent, 'streamVersion' | 'recordedAt'>): string {
  return canonicalJson({
    data: event.data,
    eventId: event.eventId,
    metadata: event.metadata,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    type: event.type,
  });
}

/** The hash of `event` given the hash of the event before it in its stream. */
export function eventHash(previous: Buffer, event: HashableEvent): Buffer {
  return chainHash(previous, envelopeText(eventBody(event), event.streamVersion, event.recordedAt));
}

export interface ChainBreak {
  readonly streamVersion: number;
  readonly eventId: string;
  readonly reason: 'hash_mismatch' | 'version_gap' | 'missing_hash';
}

/**
 * Recomputes the chain of one stream's events, read in stream order from version 0, and returns the
 * first event where it breaks (null when the whole chain holds).
 */
export function findChainBreak(events: readonly (HashableEvent & { readonly hash?: string })[]): ChainBreak | null {
  let previous: Buffer = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    if (event.streamVersion !== index) return { streamVersion: event.streamVersion, eventId: event.eventId, reason: 'version_gap' };
    if (event.hash === undefined) return { streamVersion: event.streamVersion, eventId: event.eventId, reason: 'missing_hash' };
    const expected = eventHash(previous, event);
    if (expected.toString('hex') !== event.hash) {
      return { streamVersion: event.streamVersion, eventId: event.eventId, reason: 'hash_mismatch' };
    }
    previous = expected;
  }
  return null;
}
