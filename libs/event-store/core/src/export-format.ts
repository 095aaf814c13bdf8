import { createHash } from 'node:crypto';
import { GENESIS_HASH, eventHash } from './hash-chain';
import type { EventMetadata } from './types';

/**
 * The NDJSON export format, version 1: one JSON object per line.
 *
 * 1. A header: {"format":"rectify-events","version":1,"scope":{...},"exportedAt":"…"}
 * 2. One line per event, ordered by stream id, then stream version:
 *    {"streamId","streamVersion","eventId","type","schemaVersion","data","metadata","recordedAt",
 *     "hash","prevHash"} — hashes in lower-case hex; prevHash is the hash of the event before it in
 *    its stream (null for version 0), present even when that event lies outside the export.
 * 3. A footer: {"footer":true,"events":n,"streams":m,"digest":"<SM3 hex of every event line,
 *    each followed by \n, in file order>"}
 *
 * A third party re-verifies without our code: for each event, rebuild
 *   body     = canonical JSON of {data, eventId, metadata, schemaVersion, streamId, type}
 *   envelope = {"event":<body>,"recordedAt":"<recordedAt>","streamVersion":<n>}
 * check SM3(hex-decoded prevHash, or 32 zero bytes for version 0 ‖ UTF-8 envelope) == hash, that
 * consecutive lines of one stream have consecutive versions with prevHash == the previous line's
 * hash, and the footer's counts and digest.
 */
export const EXPORT_FORMAT = 'rectify-events';
export const EXPORT_VERSION = 1;

export interface ExportHeader {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_VERSION;
  readonly scope: { readonly tenantPath: string | null; readonly from: string | null; readonly to: string | null };
  readonly exportedAt: string;
}

export interface ExportedEvent {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly recordedAt: string;
  readonly hash: string;
  readonly prevHash: string | null;
}

export interface ExportFooter {
  readonly footer: true;
  readonly events: number;
  readonly streams: number;
  readonly digest: string;
}

export interface ExportCheck {
  readonly ok: boolean;
  readonly events: number;
  readonly streams: number;
  /** The first problem, with the 1-based line number it is on. */
  readonly firstProblem: { readonly line: number; readonly streamId: string | null; readonly streamVersion: number | null; readonly reason: string } | null;
}

/** Re-verifies an export, line by line, as a third party would. */
export async function verifyExport(lines: AsyncIterable<string> | Iterable<string>): Promise<ExportCheck> {
  const digest = createHash('sm3');
  let lineNo = 0;
  let events = 0;
  const streams = new Set<string>();
  let header = false;
  let footer: ExportFooter | null = null;
  let previous: ExportedEvent | null = null;
  const fail = (reason: string, e?: ExportedEvent): ExportCheck => ({
    ok: false,
    events,
    streams: streams.size,
    firstProblem: { line: lineNo, streamId: e?.streamId ?? null, streamVersion: e?.streamVersion ?? null, reason },
  });

  for await (const raw of lines) {
    lineNo++;
    if (raw.trim() === '') continue;
    if (footer) return fail('footer_not_last');
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return fail('not_json');
    }
    if (!header) {
      if (value['format'] !== EXPORT_FORMAT || value['version'] !== EXPORT_VERSION) return fail('bad_header');
      header = true;
      continue;
    }
    if (value['footer'] === true) {
      footer = asFooter(value);
      if (!footer) return fail('bad_footer');
      continue;
    }
    const e = asEvent(value);
    if (!e) return fail('bad_event');
    digest.update(raw).update('\n');
    const sameStream = previous?.streamId === e.streamId;
    if (previous && (previous.streamId > e.streamId || (sameStream && previous.streamVersion >= e.streamVersion))) return fail('out_of_order', e);
    if (sameStream && previous && (e.streamVersion !== previous.streamVersion + 1 || e.prevHash !== previous.hash)) return fail('chain_gap', e);
    if ((e.streamVersion === 0) !== (e.prevHash === null)) return fail('bad_prev_hash', e);
    const prev = e.prevHash === null ? GENESIS_HASH : Buffer.from(e.prevHash, 'hex');
    const computed = eventHash(prev, { ...e, recordedAt: new Date(e.recordedAt) }).toString('hex');
    if (new Date(e.recordedAt).toISOString() !== e.recordedAt || computed !== e.hash) return fail('hash_mismatch', e);
    events++;
    streams.add(e.streamId);
    previous = e;
  }
  if (!header) return fail('bad_header');
  if (!footer) return fail('footer_missing');
  if (footer.events !== events || footer.streams !== streams.size) return fail('footer_counts');
  if (footer.digest !== digest.digest('hex')) return fail('footer_digest');
  return { ok: true, events, streams: streams.size, firstProblem: null };
}

const HEX64 = /^[0-9a-f]{64}$/;

function asEvent(v: Record<string, unknown>): ExportedEvent | null {
  const ok =
    typeof v['streamId'] === 'string' &&
    Number.isSafeInteger(v['streamVersion']) &&
    typeof v['eventId'] === 'string' &&
    typeof v['type'] === 'string' &&
    Number.isSafeInteger(v['schemaVersion']) &&
    typeof v['metadata'] === 'object' &&
    v['metadata'] !== null &&
    typeof v['recordedAt'] === 'string' &&
    typeof v['hash'] === 'string' &&
    HEX64.test(v['hash']) &&
    (v['prevHash'] === null || (typeof v['prevHash'] === 'string' && HEX64.test(v['prevHash'])));
  if (!ok) return null;
  return {
    streamId: v['streamId'] as string,
    streamVersion: v['streamVersion'] as number,
    eventId: v['eventId'] as string,
    type: v['type'] as string,
    schemaVersion: v['schemaVersion'] as number,
    data: v['data'],
    metadata: v['metadata'] as EventMetadata,
    recordedAt: v['recordedAt'] as string,
    hash: v['hash'] as string,
    prevHash: v['prevHash'] as string | null,
  };
}

function asFooter(v: Record<string, unknown>): ExportFooter | null {
  if (!Number.isSafeInteger(v['events']) || !Number.isSafeInteger(v['streams']) || typeof v['digest'] !== 'string') return null;
  return { footer: true, events: v['events'] as number, streams: v['streams'] as number, digest: v['digest'] };
}
