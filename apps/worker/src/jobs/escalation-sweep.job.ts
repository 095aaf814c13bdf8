import { Logger } from '@nestjs/common';
import { type EscalationSweepService, type EscalationSweepResult } from '@rectify/ledger-application';
import type { EscalationSweepJobData } from '@rectify/jobs';
import type { Job } from 'bullmq';

export type { EscalationSweepJobData } from '@rectify/jobs';

export type EscalationSweepJobResult = Omit<EscalationSweepResult, 'skipped'> & { skipped: number; firstSkipped: EscalationSweepResult['skipped'] };

/** Runs one sweep; safe to run twice or concurrently (see EscalationSweepService). */
export class EscalationSweepJob {
  private readonly logger = new Logger('EscalationSweepJob');

  constructor(
    private readonly sweep: EscalationSweepService,
    private readonly pageSize: number,
  ) {}

  async process(job: Job<EscalationSweepJobData>): Promise<EscalationSweepJobResult> {
    const result = await this.sweep.sweep({
      pageSize: this.pageSize,
      after: job.data.cursor ?? null,
      scope: job.data.tenant?.path ?? null,
      onPage: async (progress) => {
        await job.updateData({ ...job.data, cursor: progress.cursor });
        await job.updateProgress({ ...progress });
      },
    });
    // a later run of a repeatable job starts from the beginning again
    await job.updateData({ ...job.data, cursor: null });
    if (result.skipped.length > 0) this.logger.warn(`${result.skipped.length} entries skipped, e.g. ${JSON.stringify(result.skipped[0])}`);
    this.logger.log(`sweep ${result.today}: ${result.candidates} candidates, ${result.escalated} escalated, ${result.alreadyDone} already done`);
    return { ...result, skipped: result.skipped.length, firstSkipped: result.skipped.slice(0, 20) };
  }
}
