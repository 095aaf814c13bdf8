import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { GENESIS_HASH, validateTenantPath } from '@rectify/event-store-core';
import type { Pool } from 'pg';
import { assertSchemaName } from './migrations';
import { descendantsLikePattern } from '@rectify/tenancy';

/**
 * Daily anchors. The hash chain shows that no event was changed *unless the whole chain was
 * rewritten*: someone with write access to the database can recompute every hash after an edit.
 * An anchor closes that gap. Once a day, per tenant, it records
 *
 *   digest = SM3(previous anchor's digest ‖ for each stream of the subtree, in stream-id order:
 *                "<streamId>\n<version>\n<hash hex>\n" of its last event recorded before the cutoff)
 *
 * signed with an Ed25519 key that is kept outside the database. Rewriting any event recorded
 * before a cutoff changes that day's digest, and without the private key nobody can sign a new
 * one; the digests can also be handed to the parent tenant (reports up the hierarchy carry them),
 * which then holds a copy the county's database administrator cannot reach.
 *
 * What an anchor does not prove: that events were right when first written (the domain's rules and
 * review do that), anything about events after the last anchor, or anything once the private key
 * has leaked.
 */
export interface AnchorRow {
  readonly tenantPath: string;
  readonly day: string;
  readonly cutoff: Date;
  readonly streams: number;
  readonly events: number;
  readonly prevDigest: string;
  readonly digest: string;
  readonly keyId: string | null;
  readonly signature: string | null;
}

export interface AnchorCheck {
  readonly ok: boolean;
  readonly anchorsChecked: number;
  readonly firstProblem: { readonly day: string; readonly reason: 'digest_mismatch' | 'bad_signature' | 'unsigned' | 'broken_link' } | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The end of a calendar day in Asia/Shanghai (UTC+8, no daylight saving), as an instant. */
export function endOfShanghaiDay(day: string): Date {
  if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new Error(`Not a calendar date: ${day}`);
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000);
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sm3').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export class AnchorService {
  private readonly schema: string;

  constructor(
    private readonly pool: Pool,
    schema = 'event_store',
  ) {
    this.schema = assertSchemaName(schema);
  }

  /** Records (or returns the existing) anchor of `tenantPath` for `day`. Days must be anchored in order. */
  async anchor(tenantPath: string, day: string, privateKey: KeyObject | null): Promise<AnchorRow> {
    validateTenantPath(tenantPath, 'tenantPath');
    const existing = await this.list(tenantPath, day, day);
    if (existing.length > 0) return existing[0];
    const previous = await this.pool.query<{ digest: Buffer; day: string }>(
      `SELECT digest, day::text AS day FROM ${this.schema}.anchors WHERE tenant_path = $1 AND day < $2 ORDER BY day DESC LIMIT 1`,
      [tenantPath, day],
    );
    const prevDigest = previous.rows[0]?.digest ?? GENESIS_HASH;
    const cutoff = endOfShanghaiDay(day);
    const { rows: clock } = await this.pool.query<{ now: Date }>('SELECT now() AS now');
    if (cutoff > clock[0].now) throw new Error(`Day ${day} has not ended yet: only finished days can be anchored`);
    const { digest, streams, events } = await this.compute(tenantPath, cutoff, prevDigest);
    const signature = privateKey ? sign(null, digest, privateKey) : null;
    const keyId = privateKey ? keyIdOf(createPublicKey(privateKey)) : null;
    await this.pool.query(
      `INSERT INTO ${this.schema}.anchors (tenant_path, day, cutoff, streams, events, prev_digest, digest, key_id, signature)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (tenant_path, day) DO NOTHING`,
      [tenantPath, day, cutoff, streams, events, prevDigest, digest, keyId, signature],
    );
    return (await this.list(tenantPath, day, day))[0];
  }

  /** Recomputes every anchor of `tenantPath` from the log as it is now and checks signatures and links. */
  async verify(tenantPath: string, publicKey: KeyObject | null): Promise<AnchorCheck> {
    validateTenantPath(tenantPath, 'tenantPath');
    const anchors = await this.list(tenantPath, '0001-01-01', '9999-12-31');
    let previous = GENESIS_HASH.toString('hex');
    for (const [i, anchor] of anchors.entries()) {
      const fail = (reason: NonNullable<AnchorCheck['firstProblem']>['reason']): AnchorCheck => ({
        ok: false,
        anchorsChecked: i,
        firstProblem: { day: anchor.day, reason },
      });
      if (anchor.prevDigest !== previous) return fail('broken_link');
      const { digest } = await this.compute(tenantPath, anchor.cutoff, Buffer.from(anchor.prevDigest, 'hex'));
      if (digest.toString('hex') !== anchor.digest) return fail('digest_mismatch');
      if (publicKey) {
        if (!anchor.signature) return fail('unsigned');
        if (!verify(null, Buffer.from(anchor.digest, 'hex'), publicKey, Buffer.from(anchor.signature, 'hex'))) return fail('bad_signature');
      }
      previous = anchor.digest;
    }
    return { ok: true, anchorsChecked: anchors.length, firstProblem: null };
  }

  async list(tenantPath: string, fromDay: string, toDay: string): Promise<AnchorRow[]> {
    const { rows } = await this.pool.query<{
      tenant_path: string;
      day: string;
      cutoff: Date;
      streams: number;
      events: string;
      prev_digest: string;
      digest: string;
      key_id: string | null;
      signature: string | null;
    }>(
      `SELECT tenant_path, day::text AS day, cutoff, streams, events::text AS events, encode(prev_digest, 'hex') AS prev_digest,
              encode(digest, 'hex') AS digest, key_id, encode(signature, 'hex') AS signature
         FROM ${this.schema}.anchors WHERE tenant_path = $1 AND day BETWEEN $2 AND $3 ORDER BY day`,
      [tenantPath, fromDay, toDay],
    );
    return rows.map((r) => ({
      tenantPath: r.tenant_path,
      day: r.day,
      cutoff: r.cutoff,
      streams: r.streams,
      events: Number(r.events),
      prevDigest: r.prev_digest,
      digest: r.digest,
      keyId: r.key_id,
      signature: r.signature,
    }));
  }

  private async compute(tenantPath: string, cutoff: Date, prevDigest: Buffer): Promise<{ digest: Buffer; streams: number; events: number }> {
    const { rows } = await this.pool.query<{ stream_id: string; version_text: string; hash: string }>(
      `SELECT DISTINCT ON (e.stream_id) e.stream_id, e.stream_version::text AS version_text, encode(e.hash, 'hex') AS hash
         FROM ${this.schema}.events e
        WHERE (e.tenant_path = $1 OR e.tenant_path LIKE $2) AND e.recorded_at < $3
        ORDER BY e.stream_id, e.stream_version DESC`,
      [tenantPath, descendantsLikePattern(tenantPath), cutoff],
    );
    // Stream-id order by UTF-16 code units, as anyone recomputing it outside PostgreSQL would sort.
    rows.sort((a, b) => (a.stream_id < b.stream_id ? -1 : a.stream_id > b.stream_id ? 1 : 0));
    const hash = createHash('sm3').update(prevDigest);
    let events = 0;
    for (const row of rows) {
      hash.update(`${row.stream_id}\n${row.version_text}\n${row.hash}\n`);
      events += Number(row.version_text) + 1;
    }
    return { digest: hash.digest(), streams: rows.length, events };
  }
}
