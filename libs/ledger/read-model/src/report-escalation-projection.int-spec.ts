import { streamIds, type ReportEvent, type TenantRef } from '@rectify/ledger-domain';
import { LedgerEntryEntity, ReportEntity } from './entities';
import { EscalationQueryService } from './queries/escalation-query.service';
import { ReportQueryService } from './queries/report-query.service';
import { givenCampaignChain } from './testing/campaign-chain';
import { CHUHE, HUOLONG, YANLING, YUZHOU, XUCHANG, escalated, planned, problemRecorded, signedOff, submitted } from './testing/ledger-events';
import { ReadModelHarness } from './testing/read-model-harness';

let h: ReadModelHarness;

beforeAll(async () => {
  h = await ReadModelHarness.create();
});

afterAll(async () => {
  await h.close();
});

const worker = { userId: 'system-report-worker' };
const lead = { userId: 'u-chuhe-lead', name: '褚河街道 李站长' };
const reviewer = { userId: 'u-yuzhou-reviewer', name: '禹州市 赵科长' };
const SUM = (c: string): string => c.repeat(64);

function requested(reportId: string, campaignId: string, scope: TenantRef = CHUHE): ReportEvent {
  return { type: 'ReportRequested', schemaVersion: 1, data: { reportId, kind: 'ledger', scope, campaignId, at: '2023-08-24T02:00:00Z', by: lead } };
}
function fileRecorded(reportId: string, fileVersion: number, checksum: string, at: string): ReportEvent {
  return {
    type: 'ReportFileRecorded',
    schemaVersion: 1,
    data: { reportId, fileId: `f${fileVersion}-${reportId}`, fileVersion, format: 'xlsx', sizeBytes: 1000 + fileVersion, checksum: { algorithm: 'sm3', value: checksum }, at, by: worker },
  };
}
function reportSubmitted(reportId: string, submission: number, fileVersion: number, checksum: string, at: string, late: boolean, daysLate: number): ReportEvent {
  return {
    type: 'ReportSubmitted',
    schemaVersion: 1,
    data: {
      reportId,
      submission,
      fileId: `f${fileVersion}-${reportId}`,
      fileVersion,
      format: 'xlsx',
      sizeBytes: 1000 + fileVersion,
      checksum: { algorithm: 'sm3', value: checksum },
      from: CHUHE,
      to: YUZHOU,
      dueDate: '2023-08-25',
      late,
      daysLate,
      at,
      by: lead,
    },
  };
}

describe('report projection: given report events, then rows', () => {
  it('follows a report through file, late submission, return, corrected file, resubmission and acceptance', async () => {
    const c = await givenCampaignChain(h);
    const reportId = `r-${c.tag}`;
    const stream = streamIds.report(reportId);
    await h.append(stream, CHUHE, [requested(reportId, c.township), fileRecorded(reportId, 1, SUM('a'), '2023-08-24T03:00:00Z')]);
    await h.project();
    const reports = new ReportQueryService(h.dataSource);
    expect(await reports.reportById(reportId, CHUHE.path)).toMatchObject({
      reportId,
      kind: 'ledger',
      tenantPath: CHUHE.path,
      campaignId: c.township,
      status: 'file_recorded',
      parentTenantPath: YUZHOU.path,
      fileCount: 1,
      latestFileChecksum: SUM('a'),
      latestFileSize: 1001,
      submissionCount: 0,
      late: false,
      lastEventVersion: 1,
    });

    await h.append(stream, CHUHE, [reportSubmitted(reportId, 1, 1, SUM('a'), '2023-08-27T02:00:00Z', true, 2)]);
    await h.project();
    expect(await reports.reportById(reportId, YUZHOU.path)).toMatchObject({
      status: 'submitted',
      submittedChecksum: SUM('a'),
      submittedBy: lead.userId,
      submittedByName: lead.name,
      parentTenantId: YUZHOU.id,
      dueDate: '2023-08-25',
      late: true,
      daysLate: 2,
    });
    // the parent sees what was submitted to it; a sibling county sees nothing
    expect((await reports.list(YUZHOU.path, { submittedTo: YUZHOU.path }, { first: 10 })).items.map((r) => r.reportId)).toContain(reportId);
    expect(await reports.reportById(reportId, YANLING.path)).toBeNull();
    expect(await reports.childReports(YUZHOU.path, c.county, true)).toEqual([]);

    await h.append(stream, CHUHE, [
      { type: 'ReportReturned', schemaVersion: 1, data: { reportId, submission: 1, fileId: `f1-${reportId}`, comments: '第5项整改措施不具体', at: '2023-08-28T02:00:00Z', by: reviewer } },
    ]);
    await h.project();
    expect(await reports.reportById(reportId, CHUHE.path)).toMatchObject({ status: 'returned', comments: '第5项整改措施不具体', reviewedBy: reviewer.userId });
    expect((await reports.childReports(YUZHOU.path, c.county, true))?.map((r) => [r.childTenantPath, r.status])).toEqual([[CHUHE.path, 'returned']]);

    await h.append(stream, CHUHE, [
      fileRecorded(reportId, 2, SUM('b'), '2023-08-28T03:00:00Z'),
      reportSubmitted(reportId, 2, 2, SUM('b'), '2023-08-28T04:00:00Z', true, 3),
      { type: 'ReportAccepted', schemaVersion: 1, data: { reportId, submission: 2, fileId: `f2-${reportId}`, comment: null, at: '2023-08-29T02:00:00Z', by: reviewer } },
    ]);
    await h.project();
    expect(await reports.reportById(reportId, XUCHANG.path)).toMatchObject({
      status: 'accepted',
      fileCount: 2,
      latestFileChecksum: SUM('b'),
      submissionCount: 2,
      submittedChecksum: SUM('b'),
      daysLate: 3,
      comments: null,
      lastEventVersion: 6,
    });
    expect(await reports.childReports(YUZHOU.path, c.county, true)).toEqual([]);
    // not the parent's own campaign: null, like a missing one
    expect(await reports.childReports(XUCHANG.path, c.county, false)).toBeNull();
  });

  it('re-applying the same events changes nothing (idempotent)', async () => {
    const c = await givenCampaignChain(h);
    const reportId = `r2-${c.tag}`;
    await h.append(streamIds.report(reportId), CHUHE, [requested(reportId, c.township), fileRecorded(reportId, 1, SUM('c'), '2023-08-24T03:00:00Z')]);
    await h.project();
    const before = await h.dataSource.getRepository(ReportEntity).findOneByOrFail({ reportId });
    const { LedgerProjection } = await import('./projections/ledger.projection');
    const events = await h.store.readStream(streamIds.report(reportId));
    await h.dataSource.transaction(async (manager) => {
      for (const event of events) await new LedgerProjection().apply(manager, event);
    });
    expect(await h.dataSource.getRepository(ReportEntity).findOneByOrFail({ reportId })).toEqual(before);
  });

  it('lists the children that have not reported, with the reports they have', async () => {
    const c = await givenCampaignChain(h, HUOLONG);
    await h.project();
    const missing = await new ReportQueryService(h.dataSource).childReports(YUZHOU.path, c.county, true);
    expect(missing).toEqual([{ childTenantId: HUOLONG.id, childTenantPath: HUOLONG.path, childCampaignId: c.township, reportDueDate: expect.any(String), reportId: null, status: null }]);
  });
});

describe('entry dates for escalation: given entry events, then rows', () => {
  it('records planned, last activity and escalation dates with their targets; the inbox lists escalated entries', async () => {
    const c = await givenCampaignChain(h);
    const e1 = `esc1-${c.tag}`;
    const e2 = `esc2-${c.tag}`;
    await h.append(streamIds.entry(e1), CHUHE, [
      problemRecorded(e1, c.township, CHUHE, '411081005201', 5, '脱贫户幼儿未享受低保生活补助'),
      planned(e1, '核实名单后补发低保生活补助并建立台账', { kind: 'fixed_term', date: '2023-08-31' }, '2023-08-03T02:00:00Z'),
      submitted(e1, '已补发8月低保生活补助并建立台账', '2023-08-10T03:00:00Z'),
    ]);
    await h.append(streamIds.entry(e2), CHUHE, [
      problemRecorded(e2, c.township, CHUHE, '411081005202', 21, '自来水管网老化'),
      planned(e2, '更换老化管网三百米', { kind: 'fixed_term', date: '2023-08-31' }),
      escalated(e2, 'county', YUZHOU, '2023-09-03T01:00:00Z'),
      escalated(e2, 'city', XUCHANG, '2023-09-10T01:00:00Z'),
    ]);
    await h.project();
    const rows = await h.dataSource.getRepository(LedgerEntryEntity).findBy([{ entryId: e1 }, { entryId: e2 }]);
    const byId = new Map(rows.map((r) => [r.entryId, r]));
    expect(byId.get(e1)).toMatchObject({ plannedOn: '2023-08-03', lastActivityOn: '2023-08-10', countyEscalatedOn: null, countyEscalatedTo: null });
    expect(byId.get(e2)).toMatchObject({
      plannedOn: '2023-08-03',
      lastActivityOn: '2023-08-03',
      escalationLevel: 'city',
      countyEscalatedOn: '2023-09-03',
      countyEscalatedTo: YUZHOU.path,
      cityEscalatedOn: '2023-09-10',
      cityEscalatedTo: XUCHANG.path,
    });

    const escalation = new EscalationQueryService(h.dataSource);
    expect((await escalation.inbox(YUZHOU.path, { first: 50 })).items.map((r) => r.entryId)).toContain(e2);
    expect((await escalation.inbox(YUZHOU.path, { first: 50 })).items.map((r) => r.entryId)).not.toContain(e1);
    expect((await escalation.inbox(XUCHANG.path, { first: 50 })).items.map((r) => r.entryId)).toContain(e2);
    expect((await escalation.inbox(YANLING.path, { first: 50 })).items).toEqual([]);
    const open = await escalation.openEntries(CHUHE.path, { first: 500, escalationLevel: 'city' });
    expect(open.items.map((r) => r.entryId)).toEqual(expect.arrayContaining([e2]));
    expect(open.items.map((r) => r.entryId)).not.toContain(e1);

    await h.append(streamIds.entry(e1), CHUHE, [signedOff(e1, '2023-08-12T02:00:00Z')]);
    await h.project();
    expect((await escalation.openEntries(CHUHE.path, { first: 500 })).items.map((r) => r.entryId)).not.toContain(e1);
  });
});
