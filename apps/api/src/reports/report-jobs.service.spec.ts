import type { TenantDirectory, TenantRecord } from '@rectify/identity';
import { ManualClock } from '@rectify/ledger-application';
import { JobName, type JobQueues, type ReportJobData } from '@rectify/jobs';
import type { Report, ReportFile } from '@rectify/ledger-domain';
import { ReportJobsService } from './report-jobs.service';

type Added = { name: string; data: ReportJobData; jobId: string | undefined };

/** A queue that remembers what was added and answers with a job in the given state. */
function fakeQueues(state: string): { queues: JobQueues; added: Added[]; retried: unknown[][] } {
  const added: Added[] = [];
  const retried: unknown[][] = [];
  const job = (data: ReportJobData) => ({
    data,
    progress: 0,
    attemptsMade: 5,
    failedReason: state === 'failed' ? 'boom' : '',
    getState: async () => state,
    retry: async (...args: unknown[]) => {
      retried.push(args);
    },
  });
  const reports = {
    add: async (name: string, data: ReportJobData, opts: { jobId?: string }) => {
      added.push({ name, data, jobId: opts.jobId });
      return job(data);
    },
    getJob: async () => undefined,
  };
  return { queues: { reports } as unknown as JobQueues, added, retried };
}

const directory = {
  findByPath: async (path: string): Promise<TenantRecord | null> => (path === '411000/411081' ? { code: '411081', name: '禹州市', level: 'county', parentCode: '411000', path } : null),
  childrenOf: async (): Promise<TenantRecord[]> => [{ code: '411081005', name: '褚河街道', level: 'township', parentCode: '411081', path: '411000/411081/411081005' }],
} as unknown as TenantDirectory;

const actor = { userId: 'u', name: 'u', role: '' };
function report(kind: 'ledger' | 'work', files: ReportFile[] = []): Report {
  return { reportId: 'r-1', kind, scope: { id: 't-411081', path: '411000/411081' }, campaignId: 'c', requestedAt: '2023-08-24T01:00:00Z', requestedBy: actor, status: files.length ? 'file_recorded' : 'requested', files, submissions: [] };
}
const file = (fileId: string, format: 'xlsx' | 'docx', fileVersion: number): ReportFile => ({ fileId, fileVersion, format, sizeBytes: 1, checksum: { algorithm: 'sm3', value: '0'.repeat(64) }, recordedAt: '', recordedBy: actor });

describe('ReportJobsService', () => {
  it('queues a work report with the report date (Asia/Shanghai, business time) and the names of the tenant and its children', async () => {
    const { queues, added } = fakeQueues('waiting');
    // 2023-08-24T17:30Z is already 08-25 in Shanghai
    const service = new ReportJobsService(queues, directory, new ManualClock('2023-08-24T17:30:00Z'));
    const status = await service.enqueue(report('work'), 1);
    expect(added).toEqual([
      {
        name: JobName.WorkReport,
        jobId: 'report-r-1-g1',
        data: { tenant: { id: 't-411081', path: '411000/411081' }, reportId: 'r-1', generation: 1, asOf: '2023-08-25', tenantName: '禹州市', childNames: { '411000/411081/411081005': '褚河街道' } },
      },
    ]);
    expect(status).toMatchObject({ state: 'waiting', fileId: null, fileIds: [] });
  });

  it('queues a ledger as before', async () => {
    const { queues, added } = fakeQueues('waiting');
    await new ReportJobsService(queues, directory, new ManualClock('2023-08-24T02:00:00Z')).enqueue(report('ledger'), 2);
    expect(added).toEqual([{ name: JobName.LedgerReport, jobId: 'report-r-1-g2', data: { tenant: { id: 't-411081', path: '411000/411081' }, reportId: 'r-1', generation: 2 } }]);
  });

  it('retries a generation whose job failed for good, with its attempts reset; leaves a live one alone', async () => {
    const failed = fakeQueues('failed');
    await new ReportJobsService(failed.queues, directory, new ManualClock('2023-08-24T02:00:00Z')).enqueue(report('ledger'), 1);
    expect(failed.retried).toEqual([['failed', { resetAttemptsMade: true, resetAttemptsStarted: true }]]);
    const active = fakeQueues('active');
    await new ReportJobsService(active.queues, directory, new ManualClock('2023-08-24T02:00:00Z')).enqueue(report('ledger'), 1);
    expect(active.retried).toEqual([]);
  });

  it('a work generation is done once its .docx is recorded: fileId is the .docx, fileIds both', async () => {
    const { queues } = fakeQueues('completed');
    const service = new ReportJobsService(queues, directory, new ManualClock('2023-08-24T02:00:00Z'));
    const partial = await service.latest(report('work', [file('x1', 'xlsx', 1)]));
    expect(partial).toMatchObject({ generation: 1, state: 'unknown', fileId: null, fileIds: ['x1'] });
    const done = await service.latest(report('work', [file('x1', 'xlsx', 1), file('d1', 'docx', 2)]));
    expect(done).toMatchObject({ generation: 1, state: 'completed', progress: 100, fileId: 'd1', fileIds: ['x1', 'd1'] });
    expect(service.nextGeneration(report('work', [file('x1', 'xlsx', 1), file('d1', 'docx', 2)]))).toBe(2);
  });
});
