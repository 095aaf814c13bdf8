// Support code for the audit int-specs (no tests here).
import { randomUUID } from 'node:crypto';
import { PostgresEventStore, migrateEventStore } from '@rectify/event-store-postgres';
import type {
  Actor,
  CampaignIssued,
  ChecklistVersionDefined,
  DomainEvent,
  EntryVoided,
  ProblemRecorded,
  RectificationDeadline,
  RectificationPlanned,
  ResultSubmitted,
  SignOffApproved,
  SignOffRejected,
  TenantRef,
} from '@rectify/ledger-domain';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import type { JsonValue } from '@rectify/shared-util';
import { Pool } from 'pg';

export const XUCHANG: TenantRef = { id: 'tenant-411000', path: '411000' };
export const YUZHOU: TenantRef = { id: 'tenant-411081', path: '411000/411081' };
export const CHUHE: TenantRef = { id: 'tenant-411081005', path: '411000/411081/411081005' };
export const HUOLONG: TenantRef = { id: 'tenant-411081100', path: '411000/411081/411081100' };

export const inspector: Actor = { userId: 'user-inspector', name: '王排查', role: 'inspector' };
export const reviewer: Actor = { userId: 'user-reviewer', name: '李审核', role: 'reviewer' };
const deadlines = { immediate: '2023-08-31', fixedTerm: '2023-10-31' };

export function problemRecorded(entryId: string, campaignId: string, tenant: TenantRef, villageCode: string, itemNo: number, description: string, at = '2023-08-02T02:00:00Z'): ProblemRecorded {
  return {
    type: 'ProblemRecorded',
    schemaVersion: 1,
    data: { entryId, campaignId, tenant, villageCode, itemNo, description, foundBy: '王排查', foundAt: at, campaignDeadlines: deadlines, recurrence: null, at, by: inspector },
  };
}

export function planned(entryId: string, deadline: RectificationDeadline, at = '2023-08-03T02:00:00Z'): RectificationPlanned {
  return {
    type: 'RectificationPlanned',
    schemaVersion: 1,
    data: { entryId, measures: '核实名单后补发低保生活补助', responsibleUnit: '褚河街道办事处', responsiblePerson: '张主任', deadline, at, by: inspector },
  };
}

export function submitted(entryId: string, at: string): ResultSubmitted {
  return { type: 'ResultSubmitted', schemaVersion: 1, data: { entryId, result: '已向3户补发补助共1800元并留存发放凭证', evidenceRefs: ['file-1'], at, by: inspector } };
}

export function rejected(entryId: string, at: string): SignOffRejected {
  return { type: 'SignOffRejected', schemaVersion: 1, data: { entryId, reason: '佐证材料不足，请补充发放凭证', at, by: reviewer } };
}

export function signedOff(entryId: string, at: string): SignOffApproved {
  return { type: 'SignOffApproved', schemaVersion: 1, data: { entryId, comment: null, resultSubmittedBy: inspector.userId, at, by: reviewer } };
}

export function voided(entryId: string, statusBefore: 'recorded' | 'planned', at: string): EntryVoided {
  return { type: 'EntryVoided', schemaVersion: 1, data: { entryId, reason: '重复登记', statusBefore, at, by: reviewer } };
}

export function checklistDefined(versionId: string, tenant: TenantRef): ChecklistVersionDefined {
  return {
    type: 'ChecklistVersionDefined',
    schemaVersion: 1,
    data: {
      versionId,
      label: '许昌市排查清单',
      tenant,
      parentVersionId: null,
      overlay: null,
      items: [{ itemNo: 5, categoryNo: 2, categoryName: '政策落实', subAreaNo: 4, subAreaName: '教育帮扶', text: '幼儿是否享受到低保生活补助600元/年。', responsibleUnits: ['市教育局'] }],
      at: '2023-07-25T02:00:00Z',
      by: reviewer,
    },
  };
}

export function campaignIssued(campaignId: string, tenant: TenantRef, checklistVersionId: string): CampaignIssued {
  return {
    type: 'CampaignIssued',
    schemaVersion: 1,
    data: {
      campaignId,
      title: '巩固拓展脱贫攻坚成果排查整改专项行动',
      docNumber: '许巩固脱贫组〔2023〕4号',
      issuedOn: '2023-07-25',
      tenant,
      phases: [
        { name: '动员部署', startDate: null, endDate: '2023-07-25' },
        { name: '全面排查', startDate: '2023-07-26', endDate: '2023-08-10' },
        { name: '集中整改', startDate: '2023-08-11', endDate: '2023-08-31' },
      ],
      deadlines,
      reportDueDate: '2023-09-05',
      checklistVersionId,
      at: '2023-07-25T03:00:00Z',
      by: reviewer,
    },
  };
}

/** A real PostgreSQL event store in a fresh schema, for one test file. */
export class AuditHarness {
  private constructor(
    readonly pool: Pool,
    readonly store: PostgresEventStore,
    readonly schema: string,
  ) {}

  static async create(): Promise<AuditHarness> {
    const schema = uniqueName('es');
    const pool = new Pool({ connectionString: testDatabaseUrl(), max: 4 });
    await migrateEventStore(pool, { schema });
    return new AuditHarness(pool, new PostgresEventStore({ pool, schema }), schema);
  }

  /** Appends events (stored as given: type, schemaVersion, data) and returns when they were recorded. */
  async append(streamId: string, tenant: TenantRef, events: readonly DomainEvent[], actor = 'user-inspector'): Promise<Date> {
    await this.store.append(
      streamId,
      events.map((e) => ({
        eventId: randomUUID(),
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data as JsonValue,
        metadata: { tenantId: tenant.id, tenantPath: tenant.path, actor },
      })),
    );
    const [last] = await this.store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    // The next append is recorded at least a millisecond later, so `asOf = this` separates them.
    await new Promise((resolve) => setTimeout(resolve, 3));
    return last.recordedAt;
  }

  async close(): Promise<void> {
    await dropSchema(this.pool, this.schema);
    await this.pool.end();
  }
}
