import { randomUUID } from 'node:crypto';
import { verifyExport } from '@rectify/event-store-core';
import { newEvent } from '@rectify/event-store-core/testing';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { Pool } from 'pg';
import { EventExporter } from './event-exporter';
import { migrateEventStore } from './migrations';
import { PostgresEventStore } from './postgres-event-store';

describe('EventExporter and verifyExport', () => {
  const schema = uniqueName('es_export');
  const yuzhou = { tenantId: '411081005', tenantPath: '411000/411081/411081005' };
  const yanling = { tenantId: '411024100', tenantPath: '411000/411024/411024100' };
  let admin: Pool;
  let exporter: EventExporter;
  let stream: string;
  let midpoint: Date;

  beforeAll(async () => {
    admin = new Pool({ connectionString: testDatabaseUrl(), max: 3 });
    await migrateEventStore(admin, { schema });
    const store = new PostgresEventStore({ pool: admin, schema });
    exporter = new EventExporter(admin, schema, () => new Date('2023-09-06T00:00:00Z'));
    stream = `entry-${randomUUID()}`;
    await store.append(stream, [newEvent('ProblemRecorded', { description: '饮水工程管护不到位' }, yuzhou)]);
    await store.append(`entry-${randomUUID()}`, [newEvent('ProblemRecorded', { description: '其他县的问题' }, yanling)]);
    await new Promise((r) => setTimeout(r, 20));
    midpoint = new Date();
    await new Promise((r) => setTimeout(r, 20));
    await store.append(stream, [newEvent('RectificationPlanned', { measures: '落实管护责任人' }, yuzhou), newEvent('ResultSubmitted', { result: '已签订管护协议 12 份' }, yuzhou)]);
  });

  afterAll(async () => {
    await dropSchema(admin, schema);
    await admin.end();
  });

  const collect = async (lines: AsyncIterable<string>): Promise<string[]> => {
    const out: string[] = [];
    for await (const line of lines) out.push(line);
    return out;
  };

  it('exports a subtree with header, events in stream order and a footer, and the export verifies', async () => {
    const lines = await collect(exporter.lines({ tenantPath: '411000/411081', pageSize: 2 }));
    expect(JSON.parse(lines[0])).toMatchObject({ format: 'rectify-events', version: 1, scope: { tenantPath: '411000/411081' } });
    const events = lines.slice(1, -1).map((l) => JSON.parse(l) as { streamId: string; streamVersion: number; prevHash: string | null });
    expect(events.map((e) => [e.streamId, e.streamVersion])).toEqual([[stream, 0], [stream, 1], [stream, 2]]);
    expect(events[0].prevHash).toBeNull();
    expect(JSON.parse(lines[lines.length - 1])).toMatchObject({ footer: true, events: 3, streams: 1 });
    await expect(verifyExport(lines)).resolves.toEqual({ ok: true, events: 3, streams: 1, firstProblem: null });
  });

  it('exports a time range starting mid-stream, with the link to the event before it', async () => {
    const lines = await collect(exporter.lines({ tenantPath: '411000/411081', from: midpoint }));
    const first = JSON.parse(lines[1]) as { streamVersion: number; prevHash: string | null };
    expect(first.streamVersion).toBe(1);
    expect(first.prevHash).toMatch(/^[0-9a-f]{64}$/);
    await expect(verifyExport(lines)).resolves.toMatchObject({ ok: true, events: 2 });
  });

  it('names the line of an edited event, a removed event and a rewritten footer', async () => {
    const lines = await collect(exporter.lines({}));
    const at = lines.findIndex((l) => l.includes('落实管护责任人'));
    const edited = [...lines];
    edited[at] = edited[at].replace('落实管护责任人', '已整改');
    await expect(verifyExport(edited)).resolves.toMatchObject({ ok: false, firstProblem: { line: at + 1, reason: 'hash_mismatch' } });

    const removed = lines.filter((_, i) => i !== at);
    const check = await verifyExport(removed);
    expect(check.ok).toBe(false);
    expect(check.firstProblem?.reason).toBe('chain_gap');

    const footer = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
    const rewritten = [...lines.slice(0, -1), JSON.stringify({ ...footer, digest: '0'.repeat(64) })];
    await expect(verifyExport(rewritten)).resolves.toMatchObject({ ok: false, firstProblem: { reason: 'footer_digest' } });
    await expect(verifyExport(lines.slice(0, -1))).resolves.toMatchObject({ ok: false, firstProblem: { reason: 'footer_missing' } });
    await expect(verifyExport(['not json'])).resolves.toMatchObject({ ok: false, firstProblem: { line: 1, reason: 'not_json' } });
  });

  it('refuses a malformed tenant scope', async () => {
    await expect(collect(exporter.lines({ tenantPath: '411000/../x' }))).rejects.toMatchObject({ code: 'EVENT_STORE_INVALID_ARGUMENT' });
  });
});
