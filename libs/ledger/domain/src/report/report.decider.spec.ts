import { CHUHE, XUCHANG, YANLING, YUZHOU, asUser } from '../testing/fixtures';
import { deciderSpec } from '../testing/decider-spec';
import { decideReport, evolveReport, parentTenantPath } from './report.decider';
import {
  type RecordReportFile,
  type ReportEvent,
  type RequestReport,
  type SubmitReport,
  initialReportState,
} from './report.types';

const spec = deciderSpec({ decide: decideReport, evolve: evolveReport, initial: initialReportState });

const OFFICER = 'user-township-officer';
const WORKER = 'system-report-worker';
const REVIEWER = 'user-county-reviewer';
const SM3_A = 'a'.repeat(64);
const SM3_B = 'b'.repeat(64);

const township = (now = '2023-08-24T02:00:00Z', userId = OFFICER) => asUser(userId, now, CHUHE);
const county = (now = '2023-08-26T02:00:00Z', userId = REVIEWER) => asUser(userId, now, YUZHOU);

const request: RequestReport = {
  type: 'RequestReport',
  metadata: township('2023-08-24T01:00:00Z'),
  reportId: 'r1',
  kind: 'ledger',
  scope: CHUHE,
  campaignId: 'c-chuhe',
};

const requested: ReportEvent = {
  type: 'ReportRequested',
  schemaVersion: 1,
  data: { reportId: 'r1', kind: 'ledger', scope: CHUHE, campaignId: 'c-chuhe', at: '2023-08-24T01:00:00Z', by: { userId: OFFICER } },
};

const recordFile = (fileId: string, checksum = SM3_A, overrides: Partial<RecordReportFile> = {}): RecordReportFile => ({
  type: 'RecordReportFile',
  metadata: asUser(WORKER, '2023-08-24T01:05:00Z', CHUHE),
  reportId: 'r1',
  fileId,
  checksum: { algorithm: 'sm3', value: checksum },
  sizeBytes: 20480,
  format: 'xlsx',
  ...overrides,
});

const fileRecorded = (fileId: string, fileVersion: number, checksum = SM3_A): ReportEvent => ({
  type: 'ReportFileRecorded',
  schemaVersion: 1,
  data: {
    reportId: 'r1',
    fileId,
    fileVersion,
    format: 'xlsx',
    sizeBytes: 20480,
    checksum: { algorithm: 'sm3', value: checksum },
    at: '2023-08-24T01:05:00Z',
    by: { userId: WORKER },
  },
});

const submitCommand = (overrides: Partial<SubmitReport> = {}): SubmitReport => ({
  type: 'SubmitReport',
  metadata: township(),
  reportId: 'r1',
  fileId: 'f1',
  to: YUZHOU,
  dueDate: '2023-08-25',
  ...overrides,
});

const submitted = (submission: number, fileId: string, fileVersion: number, at = '2023-08-24T02:00:00Z', checksum = SM3_A, daysLate = 0): ReportEvent => {
  return {
    type: 'ReportSubmitted',
    schemaVersion: 1,
    data: {
      reportId: 'r1',
      submission,
      fileId,
      fileVersion,
      format: 'xlsx',
      sizeBytes: 20480,
      checksum: { algorithm: 'sm3', value: checksum },
      from: CHUHE,
      to: YUZHOU,
      dueDate: '2023-08-25',
      late: daysLate > 0,
      daysLate,
      at,
      by: { userId: OFFICER },
    },
  };
};

const returned = (submission: number, fileId: string): ReportEvent => ({
  type: 'ReportReturned',
  schemaVersion: 1,
  data: { reportId: 'r1', submission, fileId, comments: '整改结果一栏过于笼统，请逐条写明', at: '2023-08-26T02:00:00Z', by: { userId: REVIEWER } },
});

describe('report decider: RequestReport', () => {
  it('requests a ledger report of the caller’s own tenant', () => {
    spec.given([]).when(request).then([requested]);
  });

  it('lets a county request a report of a township below it', () => {
    const events = spec.given([]).when({ ...request, metadata: county('2023-08-24T01:00:00Z') }).events();
    expect(events[0]?.data).toMatchObject({ scope: CHUHE, by: { userId: REVIEWER } });
  });

  it('refuses a second request on the same stream', () => {
    spec.given([requested]).when(request).thenError('REPORT_ALREADY_EXISTS');
  });

  it('refuses a scope outside the caller’s subtree', () => {
    spec.given([]).when({ ...request, scope: YANLING }).thenError('LEDGER_TENANT_OUT_OF_SCOPE');
  });

  it('refuses an unknown kind, a bad scope and a blank campaign id', () => {
    spec.given([]).when({ ...request, kind: 'summary' as never }).thenError('LEDGER_INVALID_INPUT', { field: 'kind' });
    spec.given([]).when({ ...request, scope: { id: 'x', path: '' } }).thenError('LEDGER_INVALID_INPUT', { field: 'scope.path' });
    spec.given([]).when({ ...request, campaignId: ' ' }).thenError('LEDGER_INVALID_ID', { field: 'campaignId' });
  });

  it('refuses a blank report id and bad metadata', () => {
    spec.given([]).when({ ...request, reportId: '' }).thenError('LEDGER_INVALID_ID', { field: 'reportId' });
    spec.given([]).when({ ...request, metadata: { ...request.metadata, now: 'yesterday' } }).thenError('LEDGER_INVALID_METADATA');
  });
});

describe('report decider: RecordReportFile', () => {
  it('records the first file as version 1', () => {
    spec.given([requested]).when(recordFile('f1')).then([fileRecorded('f1', 1)]);
  });

  it('records a regenerated file before submission as the next version, keeping the first', () => {
    const state = spec.given([requested, fileRecorded('f1', 1)]).when(recordFile('f2', SM3_B)).state();
    expect(state?.files.map((f) => [f.fileId, f.fileVersion, f.checksum.value])).toEqual([
      ['f1', 1, SM3_A],
      ['f2', 2, SM3_B],
    ]);
    expect(state?.status).toBe('file_recorded');
  });

  it('refuses the same file id twice (a retried job), naming the recorded version', () => {
    spec.given([requested, fileRecorded('f1', 1)]).when(recordFile('f1')).thenError('REPORT_FILE_ALREADY_RECORDED', { fileId: 'f1', fileVersion: 1, checksum: SM3_A });
  });

  it('refuses a file for a report that does not exist', () => {
    spec.given([]).when(recordFile('f1')).thenError('REPORT_NOT_FOUND');
  });

  it('refuses a bad checksum, size or format', () => {
    const given = spec.given([requested]);
    given.when(recordFile('f1', 'A'.repeat(64))).thenError('REPORT_FILE_INVALID', { field: 'checksum.value' });
    given.when(recordFile('f1', SM3_A.slice(1))).thenError('REPORT_FILE_INVALID', { field: 'checksum.value' });
    given.when(recordFile('f1', SM3_A, { checksum: { algorithm: 'md5' as never, value: SM3_A } })).thenError('REPORT_FILE_INVALID', { field: 'checksum.algorithm' });
    given.when(recordFile('f1', SM3_A, { sizeBytes: 0 })).thenError('REPORT_FILE_INVALID', { field: 'sizeBytes' });
    given.when(recordFile('f1', SM3_A, { sizeBytes: 1.5 })).thenError('REPORT_FILE_INVALID', { field: 'sizeBytes' });
    given.when(recordFile('f1', SM3_A, { format: 'csv' as never })).thenError('REPORT_FILE_INVALID', { field: 'format' });
    given.when(recordFile(' ')).thenError('LEDGER_INVALID_ID', { field: 'fileId' });
  });

  it('refuses a file while a submission awaits review and after acceptance', () => {
    const inReview = [requested, fileRecorded('f1', 1), submitted(1, 'f1', 1)];
    spec.given(inReview).when(recordFile('f2')).thenError('REPORT_INVALID_TRANSITION', { status: 'submitted' });
    const accepted: ReportEvent = {
      type: 'ReportAccepted',
      schemaVersion: 1,
      data: { reportId: 'r1', submission: 1, fileId: 'f1', comment: null, at: '2023-08-26T02:00:00Z', by: { userId: REVIEWER } },
    };
    spec.given([...inReview, accepted]).when(recordFile('f2')).thenError('REPORT_INVALID_TRANSITION', { status: 'accepted' });
  });

  it('refuses a caller outside the report’s scope', () => {
    spec.given([requested]).when(recordFile('f1', SM3_A, { metadata: asUser(WORKER, '2023-08-24T01:05:00Z', YANLING) })).thenError('LEDGER_TENANT_OUT_OF_SCOPE');
  });
});

describe('report decider: SubmitReport', () => {
  const withFile = [requested, fileRecorded('f1', 1)];

  it('freezes the current file and submits it on time to the parent tenant', () => {
    spec.given(withFile).when(submitCommand()).then([submitted(1, 'f1', 1)]);
  });

  it('marks a submission late after the due date’s Shanghai day, counting the days', () => {
    const onDueDay = spec.given(withFile).when(submitCommand({ metadata: township('2023-08-25T15:59:59Z') })).events();
    expect(onDueDay[0]?.data).toMatchObject({ late: false, daysLate: 0 });
    spec
      .given(withFile)
      .when(submitCommand({ metadata: township('2023-08-25T16:00:00Z') }))
      .then([submitted(1, 'f1', 1, '2023-08-25T16:00:00Z', SM3_A, 1)]);
    const later = spec.given(withFile).when(submitCommand({ metadata: township('2023-08-28T02:00:00Z') })).events();
    expect(later[0]?.data).toMatchObject({ late: true, daysLate: 3 });
  });

  it('refuses before any file is recorded', () => {
    spec.given([requested]).when(submitCommand()).thenError('REPORT_INVALID_TRANSITION', { status: 'requested' });
  });

  it('refuses a file that is not the current one', () => {
    spec.given([...withFile, fileRecorded('f2', 2, SM3_B)]).when(submitCommand()).thenError('REPORT_FILE_NOT_CURRENT', { currentFileId: 'f2' });
  });

  it('refuses a recipient other than the direct parent', () => {
    spec.given(withFile).when(submitCommand({ to: XUCHANG })).thenError('REPORT_RECIPIENT_INVALID', { expectedTenantPath: YUZHOU.path });
    spec.given(withFile).when(submitCommand({ to: YANLING })).thenError('REPORT_RECIPIENT_INVALID');
  });

  it('refuses a submission by anyone but the report’s own tenant', () => {
    spec.given(withFile).when(submitCommand({ metadata: county('2023-08-24T02:00:00Z') })).thenError('REPORT_NOT_OWNER');
  });

  it('refuses a bad due date', () => {
    spec.given(withFile).when(submitCommand({ dueDate: '2023-02-30' })).thenError('LEDGER_INVALID_DATE', { field: 'dueDate' });
  });

  it('refuses a second submission while the first awaits review', () => {
    spec.given([...withFile, submitted(1, 'f1', 1)]).when(submitCommand()).thenError('REPORT_INVALID_TRANSITION', { status: 'submitted' });
  });
});

describe('report decider: AcceptReport and ReturnReport', () => {
  const inReview = [requested, fileRecorded('f1', 1), submitted(1, 'f1', 1)];

  it('accepts a submission at the receiving tenant', () => {
    spec
      .given(inReview)
      .when({ type: 'AcceptReport', metadata: county(), reportId: 'r1', comment: ' 同意 ' })
      .then([
        {
          type: 'ReportAccepted',
          schemaVersion: 1,
          data: { reportId: 'r1', submission: 1, fileId: 'f1', comment: '同意', at: '2023-08-26T02:00:00Z', by: { userId: REVIEWER } },
        },
      ]);
  });

  it('lets the city (above the recipient) accept too; a blank comment is null', () => {
    const events = spec.given(inReview).when({ type: 'AcceptReport', metadata: asUser('user-city', '2023-08-26T02:00:00Z', XUCHANG), reportId: 'r1', comment: ' ' }).events();
    expect(events[0]?.data).toMatchObject({ comment: null });
  });

  it('returns a submission with comments (退回)', () => {
    spec
      .given(inReview)
      .when({ type: 'ReturnReport', metadata: county(), reportId: 'r1', comments: '  整改结果一栏过于笼统，请逐条写明 ' })
      .then([returned(1, 'f1')]);
  });

  it('refuses a return without comments', () => {
    spec.given(inReview).when({ type: 'ReturnReport', metadata: county(), reportId: 'r1', comments: '   ' }).thenError('REPORT_COMMENTS_REQUIRED');
  });

  it('refuses a review by the submitting township (not the recipient)', () => {
    spec.given(inReview).when({ type: 'AcceptReport', metadata: township('2023-08-26T02:00:00Z', 'user-other'), reportId: 'r1' }).thenError('REPORT_NOT_RECIPIENT');
  });

  it('refuses a review by the submitter even from the recipient tenant', () => {
    spec.given(inReview).when({ type: 'ReturnReport', metadata: county('2023-08-26T02:00:00Z', OFFICER), reportId: 'r1', comments: '请补充' }).thenError('REPORT_REVIEWER_IS_SUBMITTER');
  });

  it('refuses a review when nothing is submitted, and a second review', () => {
    spec.given([requested, fileRecorded('f1', 1)]).when({ type: 'AcceptReport', metadata: county(), reportId: 'r1' }).thenError('REPORT_INVALID_TRANSITION', { status: 'file_recorded' });
    spec.given([...inReview, returned(1, 'f1')]).when({ type: 'ReturnReport', metadata: county(), reportId: 'r1', comments: '再改' }).thenError('REPORT_INVALID_TRANSITION', { status: 'returned' });
  });

  it('refuses a review of a report that does not exist, or by another county', () => {
    spec.given([]).when({ type: 'AcceptReport', metadata: county(), reportId: 'r1' }).thenError('REPORT_NOT_FOUND');
    spec.given(inReview).when({ type: 'AcceptReport', metadata: asUser(REVIEWER, '2023-08-26T02:00:00Z', YANLING), reportId: 'r1' }).thenError('LEDGER_TENANT_OUT_OF_SCOPE');
  });
});

describe('report decider: corrected and submitted again', () => {
  it('keeps every file and every submission across a return', () => {
    const history = [requested, fileRecorded('f1', 1), submitted(1, 'f1', 1), returned(1, 'f1')];
    spec.given(history).when(submitCommand({ fileId: 'f1' })).thenError('REPORT_INVALID_TRANSITION', { status: 'returned' });
    spec.given(history).when(recordFile('f2', SM3_B)).then([fileRecorded('f2', 2, SM3_B)]);
    const resubmitted = [...history, fileRecorded('f2', 2, SM3_B)];
    spec.given(resubmitted).when(submitCommand({ fileId: 'f1' })).thenError('REPORT_FILE_NOT_CURRENT');
    spec
      .given(resubmitted)
      .when(submitCommand({ fileId: 'f2', metadata: township('2023-08-27T02:00:00Z') }))
      .then([submitted(2, 'f2', 2, '2023-08-27T02:00:00Z', SM3_B, 2)]);
    const state = spec.given(resubmitted).when(submitCommand({ fileId: 'f2', metadata: township('2023-08-27T02:00:00Z') })).state();
    expect(state?.status).toBe('submitted');
    expect(state?.files.map((f) => f.fileId)).toEqual(['f1', 'f2']);
    expect(state?.submissions.map((s) => [s.submission, s.fileId, s.late, s.outcome?.kind ?? null])).toEqual([
      [1, 'f1', false, 'returned'],
      [2, 'f2', true, null],
    ]);
  });
});

describe('report evolve', () => {
  it('rejects a stream that does not start with ReportRequested, or starts twice', () => {
    expect(() => evolveReport(null, fileRecorded('f1', 1))).toThrow(expect.objectContaining({ code: 'LEDGER_STREAM_CORRUPT' }));
    expect(() => evolveReport(evolveReport(null, requested), requested)).toThrow(expect.objectContaining({ code: 'LEDGER_STREAM_CORRUPT' }));
  });

  it('replays the same state from stored (JSON) events', () => {
    const events = [requested, fileRecorded('f1', 1), submitted(1, 'f1', 1), returned(1, 'f1'), fileRecorded('f2', 2, SM3_B)];
    const stored = JSON.parse(JSON.stringify(events)) as ReportEvent[];
    expect(stored.reduce(evolveReport, null)).toEqual(events.reduce(evolveReport, null));
  });
});

describe('parentTenantPath', () => {
  it('drops the last segment', () => {
    expect(parentTenantPath(CHUHE.path)).toBe(YUZHOU.path);
    expect(parentTenantPath(XUCHANG.path)).toBeNull();
  });
});
