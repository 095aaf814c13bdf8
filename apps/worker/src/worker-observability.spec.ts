import { jobLogContext, workerHealth } from './worker-observability';

describe('jobLogContext', () => {
  it("carries the payload's tenant and correlation id, with the queue and the job id", () => {
    const job = { id: '17', name: 'ledger-report', queueName: '{rectify-reports}', data: { tenant: { id: 'tenant-411081', path: '411000/411081' }, correlationId: 'corr-7', reportId: 'r' } };
    expect(jobLogContext(job)).toEqual({ correlationId: 'corr-7', queue: '{rectify-reports}', jobId: '17', tenantId: 'tenant-411081', tenantPath: '411000/411081' });
  });

  it('derives a correlation id from the job when the payload has none (the daily sweep: tenant null)', () => {
    expect(jobLogContext({ id: '3', name: 'escalation-sweep', queueName: '{rectify-escalation}', data: { tenant: null } })).toEqual({
      correlationId: 'escalation-sweep:3',
      queue: '{rectify-escalation}',
      jobId: '3',
    });
  });
});

describe('workerHealth', () => {
  const running = { name: '{rectify-reports}', isRunning: () => true };
  it('is ok with Redis ready and every worker running, degraded while Redis reconnects, down when a worker stopped or Redis ended', () => {
    expect(workerHealth('ready', [running]).status).toBe('ok');
    expect(workerHealth('reconnecting', [running]).status).toBe('degraded');
    expect(workerHealth('end', [running]).status).toBe('down');
    expect(workerHealth('ready', [running, { name: '{rectify-escalation}', isRunning: () => false }])).toMatchObject({ status: 'down', details: { stopped: ['{rectify-escalation}'] } });
  });
});
