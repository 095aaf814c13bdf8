import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import type { EscalationSweepJobData, ReportJobData } from './job-payloads';
import { ESCALATION_SCHEDULER_ID, JobName, QueueName } from './queue-names';

/** What the queues need to know: the key prefix and the retry policy. */
export interface JobQueueOptions {
  /** BullMQ key prefix (no braces: the queue names carry the cluster hash tags). */
  readonly queuePrefix: string;
  /** Attempts per job (first run included) and the first back-off delay (doubled each retry). */
  readonly jobAttempts: number;
  readonly jobBackoffMs: number;
}

/** Retries with exponential back-off; failed jobs are kept for inspection, completed ones for a week. */
export function defaultJobOptions(options: Pick<JobQueueOptions, 'jobAttempts' | 'jobBackoffMs'>): DefaultJobOptions {
  return {
    attempts: options.jobAttempts,
    backoff: { type: 'exponential', delay: options.jobBackoffMs },
    removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
    removeOnFail: false,
  };
}

/** One ioredis connection as BullMQ workers need it (blocking commands never time out). */
export function redisConnection(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
}

/** The producer side of every queue: the worker's own scheduling, and the API enqueueing. */
export class JobQueues {
  readonly escalation: Queue<EscalationSweepJobData>;
  readonly reports: Queue<ReportJobData>;

  constructor(connection: ConnectionOptions, options: JobQueueOptions) {
    const common = { connection, prefix: options.queuePrefix, defaultJobOptions: defaultJobOptions(options) };
    this.escalation = new Queue<EscalationSweepJobData>(QueueName.Escalation, common);
    this.reports = new Queue<ReportJobData>(QueueName.Reports, common);
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
