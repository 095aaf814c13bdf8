import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { verifyExport } from '@rectify/event-store-core';
import { AnchorService, ChainVerifier, EventExporter, PostgresEventStore, migrateEventStore } from '@rectify/event-store-postgres';
import { NotFoundError } from '@rectify/ledger-application';
import { EventLogQuery, StreamHistoryService, TimeTravelService } from '@rectify/ledger-audit';
import { streamIds, type DomainEvent, type TenantRef } from '@rectify/ledger-domain';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import type { JsonValue } from '@rectify/shared-util';
import { Role, type Principal } from '@rectify/tenancy';
import { Pool } from 'pg';
import { InputValidationError } from '../errors/input-validation.error';
import { VerifyScope } from './object-types/integrity.object-type';
import { AuditHistoryResolver } from './resolvers/audit-history.resolver';
import { IntegrityResolver } from './resolvers/integrity.resolver';
import { TimeTravelResolver } from './resolvers/time-travel.resolver';

const CHUHE: TenantRef = { id: 'tenant-411081005', path: '411000/411081/411081005' };
const by = { userId: 'user-inspector', name: '王排查', role: 'inspector' };
const auditor = (tenantPath: string, roles: Role[] = [Role.Auditor]): Principal => ({ userId: 'a', username: 'a', displayName: '审计', tenantId: 't', tenantPath, roles });

let pool: Pool;
let schema: string;
let store: PostgresEventStore;
let history: AuditHistoryResolver;
let timeTravel: TimeTravelResolver;
let integrity: IntegrityResolver;

beforeAll(async () => {
  schema = uniqueName('es');
  pool = new Pool({ connectionString: testDatabaseUrl(), max: 4 });
  await migrateEventStore(pool, { schema });
  store = new PostgresEventStore({ pool, schema });
  const log = new EventLogQuery(pool, schema);
  history = new AuditHistoryResolver(new StreamHistoryService(log));
  timeTravel = new TimeTravelResolver(new TimeTravelService(log));
  integrity = new IntegrityResolver(new ChainVerifier(pool, schema), new AnchorService(pool, schema), new EventExporter(pool, schema), log, null, 5);
});

afterAll(async () => {
  await dropSchema(pool, schema);
  await pool.end();
});

async function append(streamId: string, events: DomainEvent[]): Promise<Date> {
  await store.append(streamId, events.map((e) => ({ eventId: randomUUID(), type: e.type, schemaVersion: e.schemaVersion, data: e.data as JsonValue, metadata: { tenantId: CHUHE.id, tenantPath: CHUHE.path, actor: by.userId } })));
  const [last] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
  await new Promise((resolve) => setTimeout(resolve, 3));
  return last.recordedAt;
}

function recorded(entryId: string): DomainEvent {
  return {
    type: 'ProblemRecorded',
    schemaVersion: 1,
    data: { entryId, campaignId: 'c-1', tenant: CHUHE, villageCode: '411081005201', itemNo: 5, description: '3户幼儿未享受低保生活补助', foundBy: '王排查', foundAt: '2023-08-02T02:00:00Z', campaignDeadlines: { immediate: '2023-08-31', fixedTerm: '2023-10-31' }, recurrence: null, at: '2023-08-02T02:00:00Z', by },
  };
}

function planned(entryId: string): DomainEvent {
  return { type: 'RectificationPlanned', schemaVersion: 1, data: { entryId, measures: '核实名单后补发低保生活补助', responsibleUnit: '褚河街道办事处', responsiblePerson: '张主任', deadline: { kind: 'immediate', date: '2023-08-20' }, at: '2023-08-03T02:00:00Z', by } };
}

describe('audit resolvers on a real event store', () => {
  it('answer history, time travel, diff, verification and export within the caller scope', async () => {
    const e = `e-${randomUUID()}`;
    const t0 = await append(streamIds.entry(e), [recorded(e)]);
    const t1 = await append(streamIds.entry(e), [planned(e)]);

    const page = await history.entryHistory(e, auditor('411000/411081'), 1);
    expect(page.totalCount).toBe(2);
    expect(page.edges).toHaveLength(1);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await history.entryHistory(e, auditor('411000/411081'), 1, page.pageInfo.endCursor ?? undefined);
    expect(next.edges[0]?.node).toMatchObject({ type: 'RectificationPlanned', actor: { userId: 'user-inspector', name: '王排查' } });
    expect(next.edges[0]?.node.changes).toContainEqual({ path: 'status', from: '"recorded"', to: '"planned"' });
    await expect(history.entryHistory(e, auditor('411000/411024'))).rejects.toBeInstanceOf(NotFoundError);
    await expect(history.entryHistory(e, auditor(CHUHE.path), 1, 'garbage')).rejects.toBeInstanceOf(InputValidationError);

    expect(await timeTravel.entryAsOf(e, t0.toISOString(), auditor(CHUHE.path))).toMatchObject({ status: 'recorded', version: 0, measures: null });
    expect(await timeTravel.entryAsOf(e, t1.toISOString(), auditor(CHUHE.path))).toMatchObject({ status: 'planned', dueDate: '2023-08-20', deadlineKind: 'immediate' });
    expect(await timeTravel.entryAsOf(e, t1.toISOString(), auditor('411000/411024'))).toBeNull();
    await expect(timeTravel.entryAsOf(e, 'yesterday', auditor(CHUHE.path))).rejects.toBeInstanceOf(InputValidationError);

    const ledger = await timeTravel.ledgerAsOf(CHUHE.path, t0.toISOString(), auditor('411000'), 10, undefined, ['RECORDED']);
    expect(ledger.edges.map((x) => x.node.entryId)).toContain(e);
    await expect(timeTravel.ledgerAsOf(CHUHE.path, t0.toISOString(), auditor('411000'), 10, undefined, ['OPEN'])).rejects.toBeInstanceOf(InputValidationError);
    const rollup = await timeTravel.rollupAsOf(CHUHE.path, t1.toISOString(), auditor('411000'));
    expect(rollup.byStatus).toContainEqual({ status: 'planned', count: 1 });
    await expect(timeTravel.rollupAsOf(CHUHE.path, t1.toISOString(), auditor('411000/411024'))).rejects.toBeInstanceOf(NotFoundError);
    const diff = await timeTravel.ledgerDiff(CHUHE.path, t0.toISOString(), t1.toISOString(), auditor('411000'));
    expect(diff.changed.map((d) => [d.entryId, d.statusFrom, d.statusTo])).toEqual([[e, 'recorded', 'planned']]);

    expect(await integrity.verifyChain(VerifyScope.STREAM, auditor(CHUHE.path), streamIds.entry(e))).toMatchObject({ ok: true, streamsChecked: 1, eventsChecked: 2 });
    expect(await integrity.verifyChain(VerifyScope.TENANT, auditor('411000'), '411000/411081')).toMatchObject({ ok: true });
    await expect(integrity.verifyChain(VerifyScope.STREAM, auditor('411000/411024'), streamIds.entry(e))).rejects.toBeInstanceOf(NotFoundError);
    await expect(integrity.verifyChain(VerifyScope.TENANT, auditor('411000/411081'), '411000')).rejects.toBeInstanceOf(NotFoundError);
    await expect(integrity.verifyChain(VerifyScope.ALL, auditor('411000'))).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(await integrity.verifyChain(VerifyScope.ALL, auditor('411000', [Role.PlatformAdmin]))).toMatchObject({ ok: true });
    expect(await integrity.verifyAnchors(CHUHE.path, auditor('411000'))).toMatchObject({ ok: true, anchorsChecked: 0, signaturesChecked: false });

    const exported = await integrity.exportEvents(CHUHE.path, auditor('411000'), t0.toISOString());
    expect(exported.events).toBe(2);
    expect(await verifyExport(exported.ndjson.split('\n'))).toMatchObject({ ok: true, events: 2, streams: 1 });
    // More than the inline limit (5 in this spec) is refused with a pointer to the CLI.
    for (let i = 0; i < 4; i++) {
      const other = `e-${randomUUID()}`;
      await append(streamIds.entry(other), [recorded(other)]);
    }
    await expect(integrity.exportEvents(CHUHE.path, auditor('411000'))).rejects.toBeInstanceOf(InputValidationError);
  });
});
