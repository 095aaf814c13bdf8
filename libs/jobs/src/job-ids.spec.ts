import { ledgerReportJobId, manualEscalationSweepJobId, parseLedgerReportJobId } from './job-ids';
import { defaultJobOptions } from './job-queues';
import { QueueName } from './queue-names';

describe('job ids', () => {
  it('builds and reads back a ledger report job id', () => {
    expect(ledgerReportJobId('r-1', 2)).toBe('report-r-1-g2');
    expect(parseLedgerReportJobId('report-r-1-g2')).toEqual({ reportId: 'r-1', generation: 2 });
    expect(parseLedgerReportJobId('sweep-all-2023-09-01')).toBeNull();
  });

  it('a manual sweep id has no colon and one per subtree and day', () => {
    const id = manualEscalationSweepJobId('411000/411081', '2023-09-03');
    expect(id).toBe('sweep-411000.411081-2023-09-03');
    expect(id).not.toContain(':');
    expect(manualEscalationSweepJobId(null, '2023-09-03')).toBe('sweep-all-2023-09-03');
  });

  it('queue names are whole hash tags; failed jobs are kept', () => {
    for (const name of Object.values(QueueName)) expect(name).toMatch(/^\{[^{}:]+\}$/);
    expect(defaultJobOptions({ jobAttempts: 3, jobBackoffMs: 100 })).toMatchObject({ attempts: 3, removeOnFail: false, backoff: { type: 'exponential', delay: 100 } });
  });
});
