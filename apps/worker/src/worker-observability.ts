import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { JobName, type JobQueues } from '@rectify/jobs';
import {
  ProcessProbes,
  QueueMetrics,
  createMetricsRegistry,
  runWithLogContext,
  type HeartbeatReport,
  type LogContext,
  type ProcessObservabilityConfig,
} from '@rectify/observability';
import type { Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * What a job's log lines carry: its queue and id, the tenant of its payload, and the payload's
 * `correlationId` when the producer put one there (else `<job name>:<job id>`).
 */
export function jobLogContext(job: Pick<Job, 'id' | 'name' | 'queueName' | 'data'>): LogContext {
  const data: unknown = job.data;
  const payload = typeof data === 'object' && data !== null ? (data as { tenant?: unknown; correlationId?: unknown }) : {};
  const tenant = typeof payload.tenant === 'object' && payload.tenant !== null ? (payload.tenant as { id?: unknown; path?: unknown }) : null;
  return {
    correlationId: typeof payload.correlationId === 'string' && payload.correlationId !== '' ? payload.correlationId : `${job.name}:${job.id ?? '?'}`,
    queue: job.queueName,
    ...(job.id !== undefined && { jobId: job.id }),
    ...(typeof tenant?.id === 'string' && { tenantId: tenant.id }),
    ...(typeof tenant?.path === 'string' && { tenantPath: tenant.path }),
  };
}

/** The worker's health: Redis connected and every BullMQ worker running. In-process facts only. */
export function workerHealth(redisStatus: string, workers: readonly Pick<Worker, 'name' | 'isRunning'>[]): HeartbeatReport {
  const stopped = workers.filter((w) => !w.isRunning()).map((w) => w.name);
  const details = { redis: redisStatus, workers: workers.length, ...(stopped.length > 0 && { stopped }) };
  if (stopped.length > 0 || redisStatus === 'end') return { status: 'down', details };
  return { status: redisStatus === 'ready' ? 'ok' : 'degraded', details };
}

/**
 * The worker's metrics (queue depth per queue and state, completed and failed jobs, escalations
 * appended by sweeps), its metrics listener and heartbeat file, and the log context of each job.
 */
export class WorkerObservability implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly metrics: QueueMetrics;
  private readonly probes: ProcessProbes;
  private readonly workers: Worker[] = [];

  constructor(config: ProcessObservabilityConfig, queues: JobQueues, redis: Redis) {
    const registry = createMetricsRegistry('worker');
    this.metrics = new QueueMetrics(registry, [queues.escalation, queues.reports]);
    this.probes = new ProcessProbes({ app: 'worker', config, registry, probe: () => workerHealth(redis.status, this.workers), logger: new Logger('Observability') });
  }

  get metricsPort(): number | null {
    return this.probes.metricsPort;
  }

  /** Counts the worker's outcomes (and the escalations a sweep appended). */
  instrument(worker: Worker): void {
    this.workers.push(worker);
    worker.on('completed', (job: Job, result: unknown) => {
      this.metrics.jobCompleted(worker.name);
      if (job.name === JobName.EscalationSweep && typeof result === 'object' && result !== null) {
        const escalated = (result as { escalated?: unknown }).escalated;
        if (typeof escalated === 'number') this.metrics.escalationsAppended(escalated);
      }
    });
    worker.on('failed', () => this.metrics.jobFailed(worker.name));
  }

  /** Runs a job's processor with the job's log context. */
  run<T>(job: Job, process: () => Promise<T>): Promise<T> {
    return runWithLogContext(jobLogContext(job), process);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.probes.start();
  }

  /** Before the workers close: the listener and the heartbeat timer stop first. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.probes.stop();
  }
}
