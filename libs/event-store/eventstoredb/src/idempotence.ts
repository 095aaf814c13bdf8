import type { Position } from '@rectify/event-store-core';

/** What an append that EventStoreDB refused finds in the stream. */
export type RetryVerdict =
  /** The whole batch is already there, in order, at consecutive versions: a retry of it. */
  | { readonly kind: 'retry'; readonly nextExpectedVersion: number; readonly position: Position }
  /** Some of the ids are there, but not as exactly this batch. */
  | { readonly kind: 'conflict'; readonly eventIds: readonly string[] }
  /** None of the ids are there: a plain concurrency conflict. */
  | { readonly kind: 'absent' };

export interface StoredId {
  readonly eventId: string;
  readonly streamVersion: number;
  readonly position: Position;
}

/**
 * Classifies a refused append from the events it could collide with (`stored`, in stream order,
 * without duplicates). EventStoreDB answers a retry with success only when it is made with the
 * same expected revision (checked against the stream) or, for `any`, while its in-memory event-id
 * cache remembers the batch; everything else comes back as a wrong expected version, and this
 * tells a late retry from a partial overlap and from a real conflict.
 */
export function classifyRetry(batchIds: readonly string[], stored: readonly StoredId[]): RetryVerdict {
  const wanted = new Set(batchIds);
  const found = stored.filter((e) => wanted.has(e.eventId));
  if (found.length === 0) return { kind: 'absent' };
  const start = stored.findIndex((e) => e.eventId === batchIds[0]);
  if (start >= 0 && start + batchIds.length <= stored.length) {
    const run = stored.slice(start, start + batchIds.length);
    const exact = run.every((e, i) => e.eventId === batchIds[i] && e.streamVersion === run[0].streamVersion + i);
    if (exact && found.length === batchIds.length) {
      const last = run[run.length - 1];
      return { kind: 'retry', nextExpectedVersion: last.streamVersion, position: last.position };
    }
  }
  const present = new Set(found.map((e) => e.eventId));
  return { kind: 'conflict', eventIds: batchIds.filter((id) => present.has(id)) };
}

/** Merges reads of a stream (possibly overlapping) into stream order without duplicates. */
export function mergeByVersion<T extends { readonly streamVersion: number }>(...reads: readonly (readonly T[])[]): T[] {
  const byVersion = new Map<number, T>();
  for (const read of reads) for (const e of read) byVersion.set(e.streamVersion, e);
  return [...byVersion.values()].sort((a, b) => a.streamVersion - b.streamVersion);
}
