import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { ESCALATION_SCHEDULER_ID, JobName, QueueName } from './queue-names';
import type { EscalationSweepJobData } from './jobs/escalation-sweep.job';
import type { WorkerConfig } from './worker-config';

/** Retries with exponential back-off; failed jobs are kept for inspection, completed ones for a week. */
export function defaultJobOptions(config: Pick<WorkerConfig, 'jobAttempts' | 'jobBackoffMs'>): DefaultJobOptions {
  return {
    attempts: config.jobAttempts,
    backoff: { type: 'exponential', delay: config.jobBackoffMs },
    removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
    removeOnFail: false,
  };
}

/** One ioredis connection as BullMQ workers need it (blocking commands never time out). */
export function redisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

/** The producer side of every queue, for the worker's own scheduling and for the API to enqueue. */
export class WorkerQueues {
  readonly escalation: Queue<EscalationSweepJobData>;
  readonly reports: Queue;

  constructor(connection: ConnectionOptions, config: Pick<WorkerConfig, 'queuePrefix' | 'jobAttempts' | 'jobBackoffMs'>) {
    const common = { connection, prefix: config.queuePrefix, defaultJobOptions: defaultJobOptions(config) };
    this.escalation = new Queue<EscalationSweepJobData>(QueueName.Escalation, common);
    this.reports = new Queue(QueueName.Reports, common);
  }

  /** The daily sweep (Asia/Shanghai), upserted: any number of workers keep exactly one schedule. */
  async scheduleEscalation(cron: string): Promise<void> {
    await this.escalation.upsertJobScheduler(
      ESCALATION_SCHEDULER_ID,
      { pattern: cron, tz: 'Asia/Shanghai' },
      { name: JobName.EscalationSweep, data: { tenant: null } },
    );
  }

  async close(): Promise<void> {
    await Promise.all([this.escalation.close(), this.reports.close()]);
  }
}
