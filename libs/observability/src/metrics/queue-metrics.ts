import { Counter, Gauge, type Registry } from 'prom-client';

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** What the queue metrics read (a BullMQ Queue fits). */
export interface QueueDepthSource {
  readonly name: string;
  getJobCounts(...states: QueueState[]): Promise<Record<string, number>>;
}

/** The worker's metrics: queue depth read at scrape time, job outcomes and escalations counted as they happen. */
export class QueueMetrics {
  private readonly completed: Counter<'queue'>;
  private readonly failed: Counter<'queue'>;
  private readonly escalations: Counter;

  constructor(registry: Registry, queues: readonly QueueDepthSource[]) {
    new Gauge({
      name: 'rectify_queue_jobs',
      help: 'Jobs per queue and state (waiting, active, delayed, failed), read from Redis at scrape time',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        const counts = await Promise.all(queues.map((queue) => queue.getJobCounts(...QUEUE_STATES)));
        queues.forEach((queue, i) => {
          for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[i][state] ?? 0);
        });
      },
    });
    this.completed = new Counter({ name: 'rectify_queue_jobs_completed_total', help: 'Jobs completed by this process', labelNames: ['queue'], registers: [registry] });
    this.failed = new Counter({
      name: 'rectify_queue_jobs_failed_total',
      help: 'Failed job attempts in this process (a job retried three times counts three)',
      labelNames: ['queue'],
      registers: [registry],
    });
    this.escalations = new Counter({ name: 'rectify_escalations_appended_total', help: 'Escalate commands that appended an event, from the sweeps run by this process', registers: [registry] });
    for (const queue of queues) {
      this.completed.inc({ queue: queue.name }, 0);
      this.failed.inc({ queue: queue.name }, 0);
    }
  }

  jobCompleted(queue: string): void {
    this.completed.inc({ queue });
  }

  jobFailed(queue: string): void {
    this.failed.inc({ queue });
  }

  escalationsAppended(count: number): void {
    if (Number.isFinite(count) && count > 0) this.escalations.inc(count);
  }
}
