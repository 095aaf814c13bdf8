import type { Pool, PoolClient } from 'pg';

/**
 * The event store's schema, applied only by an explicit call (`npm run migrate:event-store`, or
 * `migrateEventStore` from a deploy job). Nothing creates tables on its own.
 *
 * Each migration runs once, in order, inside one transaction that holds an advisory lock, so two
 * processes migrating at once neither fail nor apply a step twice.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: (names: MigrationNames) => string;
}

export interface MigrationNames {
  /** The event store's schema. */
  readonly s: string;
  /** The schema pgcrypto lives in (for `digest`). */
  readonly crypto: string;
  /** Hash partitions of the event table by tenant path; null for one plain table. */
  readonly partitions: number | null;
}

/**
 * The event table, plain or hash-partitioned by tenant path. A partitioned table's unique
 * constraints must contain the partition key, so they carry tenant_path too: a stream never changes
 * tenant, so (stream_id, stream_version) stays unique; an event id reused across tenants is still
 * refused by the append's idempotency check, but two concurrent first writes of one id into two
 * tenants' streams are no longer stopped by a constraint.
 */
function eventsTable(s: string, partitions: number | null): string {
  const key = partitions ? ', tenant_path' : '';
  const table = `CREATE TABLE ${s}.events (
        tx_id          xid8 NOT NULL,
        seq            bigint NOT NULL,
        event_id       uuid NOT NULL,
        stream_id      text NOT NULL,
        stream_version bigint NOT NULL,
        type           text NOT NULL,
        schema_version integer NOT NULL,
        data           jsonb NOT NULL,
        metadata       jsonb NOT NULL,
        tenant_id      text NOT NULL,
        tenant_path    text NOT NULL,
        recorded_at    timestamptz NOT NULL,
        hash           bytea NOT NULL,
        CONSTRAINT events_pkey PRIMARY KEY (tx_id, seq${key}),
        CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version${key}),
        CONSTRAINT events_event_id_key UNIQUE (event_id${key})
      )${partitions ? ' PARTITION BY HASH (tenant_path)' : ''};`;
  if (!partitions) return table;
  const parts = Array.from(
    { length: partitions },
    (_, i) => `CREATE TABLE ${s}.events_p${i} PARTITION OF ${s}.events FOR VALUES WITH (MODULUS ${partitions}, REMAINDER ${i});`,
  );
  return [table, ...parts].join('\n      ');
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid event store schema name: ${JSON.stringify(schema)}`);
  return schema;
}

export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, streams and the append function',
    sql: ({ s, crypto, partitions }) => `
      CREATE SEQUENCE ${s}.event_seq AS bigint;

      -- One row per stream: its last version and the last link of its hash chain. Appends lock it.
      CREATE TABLE ${s}.streams (
        stream_id   text PRIMARY KEY,
        version     bigint NOT NULL,
        last_hash   bytea NOT NULL,
        tenant_id   text NOT NULL,
        tenant_path text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      );

      -- The log. (tx_id, seq) is the global order: the writing transaction's id, then a sequence
      -- number. Readers take only rows below the oldest transaction still running, so a transaction
      -- that commits late can never slip in behind a consumer's checkpoint.
      ${eventsTable(s, partitions)}

      -- Subtree reads (exports, audits) walk one tenant's events in global order.
      CREATE INDEX events_tenant_path_idx ON ${s}.events (tenant_path text_pattern_ops, tx_id, seq);

      -- The whole append in one round trip: lock the stream, recognise a retry by its event ids,
      -- check the expected version, extend the SM3 hash chain, insert, move the stream head.
      -- p_expected: -2 any, -1 no stream, -3 stream exists, n >= 0 exactly version n.
      CREATE FUNCTION ${s}.append_events(p_stream_id text, p_expected bigint, p_event_ids uuid[], p_bodies text[])
      RETURNS TABLE (next_version bigint, tx_id xid8, seq bigint)
      LANGUAGE plpgsql
      AS $fn$
      DECLARE
        v_count int := cardinality(p_bodies);
        v_first jsonb := p_bodies[1]::jsonb;
        v_now timestamptz := date_trunc('milliseconds', clock_timestamp());
        v_now_text text;
        v_tx xid8 := pg_current_xact_id();
        v_version bigint;
        v_hash bytea;
        v_found int;
        v_same_stream boolean;
        v_min_offset bigint;
        v_max_offset bigint;
        v_versions bigint[] := '{}';
        v_hashes bytea[] := '{}';
        v_seqs bigint[] := '{}';
      BEGIN
        v_now_text := to_char(v_now AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');

        SELECT s.version, s.last_hash INTO v_version, v_hash FROM ${s}.streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
        IF NOT FOUND THEN
          INSERT INTO ${s}.streams (stream_id, version, last_hash, tenant_id, tenant_path)
          VALUES (p_stream_id, -1, decode(repeat('00', 32), 'hex'),
                  v_first #>> '{metadata,tenantId}', v_first #>> '{metadata,tenantPath}')
          ON CONFLICT (stream_id) DO NOTHING;
          -- Either we created it or a concurrent creator committed it; lock whichever it is.
          SELECT s.version, s.last_hash INTO v_version, v_hash FROM ${s}.streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
        END IF;

        -- A retry of an append that already happened (the same ids, in the same order, at consecutive
        -- versions of this stream) returns the first result and writes nothing. Any other overlap
        -- with recorded ids is a conflict.
        SELECT count(*), bool_and(e.stream_id = p_stream_id), min(e.stream_version - o.i), max(e.stream_version - o.i)
          INTO v_found, v_same_stream, v_min_offset, v_max_offset
          FROM unnest(p_event_ids) WITH ORDINALITY AS o(id, i)
          JOIN ${s}.events e ON e.event_id = o.id;
        IF v_found > 0 THEN
          IF v_found = v_count AND v_same_stream AND v_min_offset = v_max_offset THEN
            RETURN QUERY SELECT e.stream_version, e.tx_id, e.seq FROM ${s}.events e WHERE e.event_id = p_event_ids[v_count];
            RETURN;
          END IF;
          RAISE EXCEPTION USING ERRCODE = 'RX002', MESSAGE = 'event ids already recorded differently';
        END IF;

        IF (p_expected = -1 AND v_version <> -1)
           OR (p_expected = -3 AND v_version = -1)
           OR (p_expected >= 0 AND v_version <> p_expected) THEN
          RAISE EXCEPTION USING ERRCODE = 'RX001', MESSAGE = 'wrong expected version', DETAIL = v_version::text;
        END IF;

        FOR i IN 1 .. v_count LOOP
          v_version := v_version + 1;
          v_hash := ${crypto}.digest(v_hash || convert_to(
            '{"event":' || p_bodies[i] || ',"recordedAt":"' || v_now_text || '","streamVersion":' || v_version || '}',
            'UTF8'), 'sm3');
          v_versions := v_versions || v_version;
          v_hashes := v_hashes || v_hash;
          v_seqs := v_seqs || nextval('${s}.event_seq');
        END LOOP;

        INSERT INTO ${s}.events (tx_id, seq, event_id, stream_id, stream_version, type, schema_version,
                            data, metadata, tenant_id, tenant_path, recorded_at, hash)
        SELECT v_tx, b.seq, b.id, p_stream_id, b.version, b.body ->> 'type', (b.body ->> 'schemaVersion')::int,
               b.body -> 'data', b.body -> 'metadata', b.body #>> '{metadata,tenantId}', b.body #>> '{metadata,tenantPath}',
               v_now, b.hash
          -- OFFSET 0 keeps the subquery from being flattened: otherwise every use of b.body below
          -- would parse the JSON text again (seven parses per event instead of one).
          FROM (SELECT u.body::jsonb AS body, u.id, u.version, u.hash, u.seq
                  FROM unnest(p_bodies, p_event_ids, v_versions, v_hashes, v_seqs) AS u(body, id, version, hash, seq)
                OFFSET 0) b;

        UPDATE ${s}.streams s SET version = v_version, last_hash = v_hash, updated_at = v_now WHERE s.stream_id = p_stream_id;

        RETURN QUERY SELECT v_version, v_tx, v_seqs[v_count];
      END
      $fn$;
    `,
  },
  {
    version: 2,
    name: 'daily anchors of stream heads per tenant',
    sql: ({ s }) => `
      -- One row per tenant and day: a digest over every stream head of the tenant's subtree as of
      -- the end of that day (Asia/Shanghai), chained to the tenant's previous anchor and signed
      -- with a key kept outside the database. See anchors.ts for what it proves.
      CREATE TABLE ${s}.anchors (
        tenant_path  text NOT NULL,
        day          date NOT NULL,
        cutoff       timestamptz NOT NULL,
        streams      integer NOT NULL,
        events       bigint NOT NULL,
        prev_digest  bytea NOT NULL,
        digest       bytea NOT NULL,
        key_id       text,
        signature    bytea,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_path, day)
      );
    `,
  },
  {
    version: 3,
    name: 'one append implementation, callable once or for a batch of appends',
    sql: ({ s, crypto }) => `
      -- The append itself, as append_events did it in version 1, but reporting a rejection as an
      -- outcome instead of raising, so append_batch can commit its other appends:
      -- o_outcome 0 appended (or a retry of an append that already happened), 1 wrong expected
      -- version (o_version is the actual one), 2 event ids already recorded differently.
      -- A missing stream is created only for the modes that accept one (any, no_stream): a rejected
      -- append leaves no empty stream row behind.
      CREATE FUNCTION ${s}.append_one(p_stream_id text, p_expected bigint, p_event_ids uuid[], p_bodies text[],
                                      OUT o_outcome smallint, OUT o_version bigint, OUT o_tx xid8, OUT o_seq bigint)
      LANGUAGE plpgsql
      AS $fn$
      DECLARE
        v_count int := cardinality(p_bodies);
        v_first jsonb;
        v_now timestamptz := date_trunc('milliseconds', clock_timestamp());
        v_now_text text;
        v_tx xid8 := pg_current_xact_id();
        v_version bigint;
        v_hash bytea;
        v_found int;
        v_same_stream boolean;
        v_min_offset bigint;
        v_max_offset bigint;
        v_versions bigint[] := '{}';
        v_hashes bytea[] := '{}';
        v_seqs bigint[] := '{}';
      BEGIN
        v_now_text := to_char(v_now AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');

        SELECT st.version, st.last_hash INTO v_version, v_hash FROM ${s}.streams st WHERE st.stream_id = p_stream_id FOR UPDATE;
        IF NOT FOUND THEN
          v_version := -1;
          IF p_expected IN (-2, -1) THEN
            v_first := p_bodies[1]::jsonb;
            INSERT INTO ${s}.streams (stream_id, version, last_hash, tenant_id, tenant_path)
            VALUES (p_stream_id, -1, decode(repeat('00', 32), 'hex'),
                    v_first #>> '{metadata,tenantId}', v_first #>> '{metadata,tenantPath}')
            ON CONFLICT (stream_id) DO NOTHING;
            -- Either we created it or a concurrent creator committed it; lock whichever it is.
            SELECT st.version, st.last_hash INTO v_version, v_hash FROM ${s}.streams st WHERE st.stream_id = p_stream_id FOR UPDATE;
          END IF;
        END IF;

        -- A retry of an append that already happened (the same ids, in the same order, at
        -- consecutive versions of this stream) returns the first result and writes nothing. Any
        -- other overlap with recorded ids is a conflict.
        SELECT count(*), bool_and(e.stream_id = p_stream_id),
               min(e.stream_version - array_position(p_event_ids, e.event_id)),
               max(e.stream_version - array_position(p_event_ids, e.event_id))
          INTO v_found, v_same_stream, v_min_offset, v_max_offset
          FROM ${s}.events e WHERE e.event_id = ANY (p_event_ids);
        IF v_found > 0 THEN
          IF v_found = v_count AND v_same_stream AND v_min_offset = v_max_offset THEN
            SELECT 0, e.stream_version, e.tx_id, e.seq INTO o_outcome, o_version, o_tx, o_seq
              FROM ${s}.events e WHERE e.event_id = p_event_ids[v_count];
            RETURN;
          END IF;
          o_outcome := 2;
          RETURN;
        END IF;

        IF (p_expected = -1 AND v_version <> -1)
           OR (p_expected = -3 AND v_version = -1)
           OR (p_expected >= 0 AND v_version <> p_expected) THEN
          o_outcome := 1;
          o_version := v_version;
          RETURN;
        END IF;

        FOR i IN 1 .. v_count LOOP
          v_version := v_version + 1;
          v_hash := ${crypto}.digest(v_hash || convert_to(
            '{"event":' || p_bodies[i] || ',"recordedAt":"' || v_now_text || '","streamVersion":' || v_version || '}',
            'UTF8'), 'sm3');
          v_versions := v_versions || v_version;
          v_hashes := v_hashes || v_hash;
          v_seqs := v_seqs || nextval('${s}.event_seq');
        END LOOP;

        INSERT INTO ${s}.events (tx_id, seq, event_id, stream_id, stream_version, type, schema_version,
                            data, metadata, tenant_id, tenant_path, recorded_at, hash)
        SELECT v_tx, b.seq, b.id, p_stream_id, b.version, b.body ->> 'type', (b.body ->> 'schemaVersion')::int,
               b.body -> 'data', b.body -> 'metadata', b.body #>> '{metadata,tenantId}', b.body #>> '{metadata,tenantPath}',
               v_now, b.hash
          -- OFFSET 0 keeps the subquery from being flattened: otherwise every use of b.body below
          -- would parse the JSON text again (seven parses per event instead of one).
          FROM (SELECT u.body::jsonb AS body, u.id, u.version, u.hash, u.seq
                  FROM unnest(p_bodies, p_event_ids, v_versions, v_hashes, v_seqs) AS u(body, id, version, hash, seq)
                OFFSET 0) b;

        UPDATE ${s}.streams st SET version = v_version, last_hash = v_hash, updated_at = v_now WHERE st.stream_id = p_stream_id;

        o_outcome := 0;
        o_version := v_version;
        o_tx := v_tx;
        o_seq := v_seqs[v_count];
      END
      $fn$;
      -- Every statement above is a lookup by key, so one generic plan per statement is right and
      -- is made once per session. Measured (backend CPU per call): left to choose, PL/pgSQL kept
      -- re-planning the id check (its generic estimate, ten ids, looks worse than a custom plan
      -- for one), about 50 µs of 170; and a plan made while the event table was nearly empty (no
      -- statistics yet) scans the whole table, staying in use as the table grows until the next
      -- ANALYZE, so each append became O(events). Scans are never the right plan here either.
      ALTER FUNCTION ${s}.append_one(text, bigint, uuid[], text[])
        SET plan_cache_mode = force_generic_plan
        SET enable_seqscan = off;

      -- One append, raising on a rejection (the caller's transaction, if any, is then aborted).
      CREATE OR REPLACE FUNCTION ${s}.append_events(p_stream_id text, p_expected bigint, p_event_ids uuid[], p_bodies text[])
      RETURNS TABLE (next_version bigint, tx_id xid8, seq bigint)
      LANGUAGE plpgsql
      AS $fn$
      DECLARE
        r record;
      BEGIN
        SELECT * INTO r FROM ${s}.append_one(p_stream_id, p_expected, p_event_ids, p_bodies);
        IF r.o_outcome = 1 THEN
          RAISE EXCEPTION USING ERRCODE = 'RX001', MESSAGE = 'wrong expected version', DETAIL = r.o_version::text;
        ELSIF r.o_outcome = 2 THEN
          RAISE EXCEPTION USING ERRCODE = 'RX002', MESSAGE = 'event ids already recorded differently';
        END IF;
        RETURN QUERY SELECT r.o_version, r.o_tx, r.o_seq;
      END
      $fn$;

      -- Several appends (of several callers) in one transaction: one round trip and one commit
      -- for all. p_counts[i] events of the flat p_event_ids/p_bodies belong to append i. The
      -- caller sorts the appends by stream id, so two batches lock streams in the same order and
      -- cannot deadlock each other. A rejected append writes nothing and does not stop the others.
      CREATE FUNCTION ${s}.append_batch(p_stream_ids text[], p_expected bigint[], p_counts int[], p_event_ids uuid[], p_bodies text[])
      RETURNS TABLE (ord int, outcome smallint, next_version bigint, tx_id xid8, seq bigint)
      LANGUAGE plpgsql
      AS $fn$
      DECLARE
        v_from int := 1;
        v_to int;
        r record;
      BEGIN
        FOR i IN 1 .. cardinality(p_stream_ids) LOOP
          v_to := v_from + p_counts[i] - 1;
          SELECT * INTO r FROM ${s}.append_one(p_stream_ids[i], p_expected[i], p_event_ids[v_from:v_to], p_bodies[v_from:v_to]);
          ord := i;
          outcome := r.o_outcome;
          next_version := r.o_version;
          tx_id := r.o_tx;
          seq := r.o_seq;
          RETURN NEXT;
          v_from := v_to + 1;
        END LOOP;
      END
      $fn$;
    `,
  },
  {
    version: 4,
    name: 'set-based append of a batch of appends',
    sql: ({ s, crypto }) => `
      -- What append_batch does, with a handful of statements for the whole batch instead of five
      -- per append: lock (or create) every stream head in one statement, check every event id in
      -- one, chain the hashes in a loop, insert every event in one statement and move every head
      -- in one. Measured (backend CPU per append against append_batch, docs/benchmarks.md): about
      -- 30% less in batches of 8 single-event appends, about 8% in batches of 3; each statement's
      -- start-up, not the rows, was most of the cost.
      --
      -- The heads are taken by one INSERT … ON CONFLICT DO UPDATE … WHERE false in byte order of
      -- the stream ids (as the caller sorts them, and as append_batch takes them): existing rows are
      -- locked and missing ones created in that one order, so concurrent batches cannot deadlock
      -- each other, and an existing head is written once (its final update), as in append_one. A
      -- stream created here for an append whose mode needs an existing stream (stream_exists, an
      -- exact version) is deleted again when that append is refused: a refused append leaves no
      -- empty stream behind. p_tenant_ids/p_tenant_paths: the first event's tenant, per append.
      --
      -- It takes the common case only: distinct streams, distinct event ids, none of them already
      -- recorded. A batch that names a stream twice (the second append's expected version depends
      -- on the first) or repeats an id goes to append_batch at once; one that holds a recorded id (a
      -- retry, or a conflict) goes there with the heads already locked. Outcomes are append_one's.
      CREATE FUNCTION ${s}.append_many(p_stream_ids text[], p_expected bigint[], p_counts int[], p_event_ids uuid[], p_bodies text[],
                                       p_tenant_ids text[], p_tenant_paths text[])
      RETURNS TABLE (ord int, outcome smallint, next_version bigint, tx_id xid8, seq bigint)
      LANGUAGE plpgsql
      AS $fn$
      DECLARE
        v_n int := cardinality(p_stream_ids);
        v_now timestamptz := date_trunc('milliseconds', clock_timestamp());
        v_now_text text;
        v_tx xid8 := pg_current_xact_id();
        v_heads bigint[];
        v_hashes_in bytea[];
        v_created text[];
        -- streams created here for appends that need an existing one
        v_unwanted text[] := '{}';
        -- per append
        v_outcome smallint[] := array_fill(0::smallint, ARRAY[v_n]);
        v_result bigint[] := array_fill(NULL::bigint, ARRAY[v_n]);
        v_last bigint[] := array_fill(NULL::bigint, ARRAY[v_n]);
        -- per event written
        v_ev_streams text[] := '{}';
        v_ev_ids uuid[] := '{}';
        v_ev_bodies text[] := '{}';
        v_ev_versions bigint[] := '{}';
        v_ev_hashes bytea[] := '{}';
        v_seqs bigint[];
        -- per stream written
        v_up_streams text[] := '{}';
        v_up_versions bigint[] := '{}';
        v_up_hashes bytea[] := '{}';
        v_from int := 1;
        v_version bigint;
        v_hash bytea;
        v_expected bigint;
        v_written int := 0;
        v_k int;
      BEGIN
        IF (SELECT count(DISTINCT x) FROM unnest(p_stream_ids) AS x) < v_n
           OR (SELECT count(DISTINCT x) FROM unnest(p_event_ids) AS x) < cardinality(p_event_ids) THEN
          RETURN QUERY SELECT * FROM ${s}.append_batch(p_stream_ids, p_expected, p_counts, p_event_ids, p_bodies);
          RETURN;
        END IF;
        v_now_text := to_char(v_now AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');

        -- Existing heads are locked (DO UPDATE … WHERE false locks a row without writing a new
        -- version of it, and does not return it), missing ones created and returned.
        WITH created AS (
          INSERT INTO ${s}.streams AS st (stream_id, version, last_hash, tenant_id, tenant_path)
          SELECT a.id, -1, decode(repeat('00', 32), 'hex'), a.tenant_id, a.tenant_path
            FROM unnest(p_stream_ids, p_tenant_ids, p_tenant_paths) AS a(id, tenant_id, tenant_path)
           ORDER BY a.id COLLATE "C"
          ON CONFLICT (stream_id) DO UPDATE SET updated_at = st.updated_at WHERE false
          RETURNING st.stream_id
        )
        SELECT coalesce(array_agg(c.stream_id), '{}') INTO v_created FROM created c;
        -- Every head is ours now, so these values stay as read until we commit.
        SELECT array_agg(st.version ORDER BY a.i), array_agg(st.last_hash ORDER BY a.i)
          INTO v_heads, v_hashes_in
          FROM unnest(p_stream_ids) WITH ORDINALITY AS a(id, i)
          JOIN ${s}.streams st ON st.stream_id = a.id;
        IF cardinality(v_heads) IS DISTINCT FROM v_n THEN
          -- cannot happen (every head was created or locked above); never write against misaligned heads
          RAISE EXCEPTION 'append_many: % stream heads for % appends', cardinality(v_heads), v_n;
        END IF;

        FOR i IN 1 .. v_n LOOP
          IF p_expected[i] NOT IN (-2, -1) AND p_stream_ids[i] = ANY (v_created) THEN
            v_unwanted := v_unwanted || p_stream_ids[i];
          END IF;
        END LOOP;

        IF EXISTS (SELECT 1 FROM ${s}.events e WHERE e.event_id = ANY (p_event_ids)) THEN
          RETURN QUERY SELECT * FROM ${s}.append_batch(p_stream_ids, p_expected, p_counts, p_event_ids, p_bodies);
          -- append_one refuses those appends too (it finds version -1): remove what we created.
          DELETE FROM ${s}.streams st WHERE st.stream_id = ANY (v_unwanted) AND st.version = -1;
          RETURN;
        END IF;

        FOR i IN 1 .. v_n LOOP
          v_version := v_heads[i];
          v_expected := p_expected[i];
          IF (v_expected = -1 AND v_version <> -1)
             OR (v_expected = -3 AND v_version = -1)
             OR (v_expected >= 0 AND v_version <> v_expected) THEN
            v_outcome[i] := 1;
            v_result[i] := v_version;
          ELSE
            v_hash := v_hashes_in[i];
            FOR j IN v_from .. v_from + p_counts[i] - 1 LOOP
              v_version := v_version + 1;
              v_hash := ${crypto}.digest(v_hash || convert_to(
                '{"event":' || p_bodies[j] || ',"recordedAt":"' || v_now_text || '","streamVersion":' || v_version || '}',
                'UTF8'), 'sm3');
              v_written := v_written + 1;
              v_ev_streams[v_written] := p_stream_ids[i];
              v_ev_ids[v_written] := p_event_ids[j];
              v_ev_bodies[v_written] := p_bodies[j];
              v_ev_versions[v_written] := v_version;
              v_ev_hashes[v_written] := v_hash;
            END LOOP;
            v_result[i] := v_version;
            v_last[i] := v_written; -- the index of its last event in v_seqs
            v_k := cardinality(v_up_streams) + 1;
            v_up_streams[v_k] := p_stream_ids[i];
            v_up_versions[v_k] := v_version;
            v_up_hashes[v_k] := v_hash;
          END IF;
          v_from := v_from + p_counts[i];
        END LOOP;

        IF v_written > 0 THEN
          -- one sequence number per event, increasing in the batch's order
          v_seqs := ARRAY(SELECT nextval('${s}.event_seq') FROM generate_series(1, v_written) ORDER BY 1);
          INSERT INTO ${s}.events (tx_id, seq, event_id, stream_id, stream_version, type, schema_version,
                              data, metadata, tenant_id, tenant_path, recorded_at, hash)
          SELECT v_tx, b.seq, b.id, b.stream_id, b.version, b.body ->> 'type', (b.body ->> 'schemaVersion')::int,
                 b.body -> 'data', b.body -> 'metadata', b.body #>> '{metadata,tenantId}', b.body #>> '{metadata,tenantPath}',
                 v_now, b.hash
            -- OFFSET 0: one JSON parse per event (see append_one)
            FROM (SELECT u.body::jsonb AS body, u.id, u.stream_id, u.version, u.hash, u.seq
                    FROM unnest(v_ev_bodies, v_ev_ids, v_ev_streams, v_ev_versions, v_ev_hashes, v_seqs)
                         AS u(body, id, stream_id, version, hash, seq)
                  OFFSET 0) b;
          UPDATE ${s}.streams st SET version = u.version, last_hash = u.hash, updated_at = v_now
            FROM unnest(v_up_streams, v_up_versions, v_up_hashes) AS u(stream_id, version, hash)
           WHERE st.stream_id = u.stream_id;
        END IF;
        IF cardinality(v_unwanted) > 0 THEN
          DELETE FROM ${s}.streams st WHERE st.stream_id = ANY (v_unwanted) AND st.version = -1;
        END IF;

        RETURN QUERY
          SELECT a.i::int, a.outcome, a.version,
                 CASE WHEN a.outcome = 0 THEN v_tx END,
                 CASE WHEN a.outcome = 0 THEN v_seqs[a.last] END
            FROM unnest(v_outcome, v_result, v_last) WITH ORDINALITY AS a(outcome, version, last, i);
      END
      $fn$;
      -- Lookups by key only (see append_one).
      ALTER FUNCTION ${s}.append_many(text[], bigint[], int[], uuid[], text[], text[], text[])
        SET plan_cache_mode = force_generic_plan
        SET enable_seqscan = off;
    `,
  },
];

export interface MigrateOptions {
  readonly schema?: string;
  /** Create the event table hash-partitioned by tenant path into this many partitions. */
  readonly partitionsByTenant?: number;
}

/** Applies the migrations that have not run yet; returns the versions it applied. */
export async function migrateEventStore(pool: Pool, options: MigrateOptions = {}): Promise<number[]> {
  const schema = assertSchemaName(options.schema ?? 'event_store');
  const client: PoolClient = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('rectify:event-store:migrate'))`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations`);
    const done = new Set(rows.map((r) => r.version));
    await client.query('CREATE EXTENSION IF NOT EXISTS pgcrypto');
    const { rows: ext } = await client.query<{ nspname: string }>(
      `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pgcrypto'`,
    );
    const partitions = options.partitionsByTenant ?? null;
    if (partitions !== null && (!Number.isInteger(partitions) || partitions < 2 || partitions > 1024)) {
      throw new Error(`partitionsByTenant must be an integer from 2 to 1024, not ${partitions}`);
    }
    const names: MigrationNames = { s: schema, crypto: `"${ext[0].nspname.replace(/"/g, '""')}"`, partitions };
    const applied: number[] = [];
    for (const migration of EVENT_STORE_MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql(names));
      await client.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
