import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@rectify/event-store-core';
import { EscalationSweepService, LedgerCommandService, ReadModelEscalationPolicySource, ReportCommandService, systemClock, type Clock } from '@rectify/ledger-application';
import { EscalationPolicyQueryService, RecurrenceIndexService, createReadModelDataSource } from '@rectify/ledger-read-model';
import { JobName, JobQueues, QueueName, ReportFileStore, redisConnection, type EscalationSweepJobData, type ReportJobData } from '@rectify/jobs';
import { runWithLogContext } from '@rectify/observability';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { connectEventStore } from '@rectify/event-store-selection';
import { EscalationSweepJob } from './jobs/escalation-sweep.job';
import { LedgerReportJob } from './jobs/ledger-report.job';
import { WorkReportJob, type WorkReportJobState } from './jobs/work-report.job';
import { LedgerReportSource } from './reports/ledger-report.source';
import { WorkReportSource } from './reports/work-report.source';
import type { WorkerConfig } from './worker-config';
import { WorkerObservability, jobLogContext } from './worker-observability';

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
export const WORKER_CLOCK = Symbol('WORKER_CLOCK');
export const REDIS = Symbol('REDIS');
/** The event store EVENT_STORE_ADAPTER selects (PostgreSQL or EventStoreDB), as the port. */
export const WORKER_EVENT_STORE = Symbol('WORKER_EVENT_STORE');

export interface WorkerModuleOptions {
  /** Business time for commands; tests pass a ManualClock. */
  readonly clock?: Clock;
  /** False: do not upsert the daily schedule (tests enqueue sweeps themselves). */
  readonly schedule?: boolean;
}

/**
 * Starts one BullMQ Worker per queue once the context is up, and on shutdown closes them (waiting
 * for the jobs in hand), then the queues and the connections.
 */
@Injectable()
export class WorkerRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly workers: Worker[] = [];

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig & WorkerModuleOptions,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(EscalationSweepJob) private readonly sweep: EscalationSweepJob,
    @Inject(LedgerReportJob) private readonly ledgerReport: LedgerReportJob,
    @Inject(WorkReportJob) private readonly workReport: WorkReportJob,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(WORKER_EVENT_STORE) private readonly store: EventStore,
    @Inject(WorkerObservability) private readonly observability: WorkerObservability,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const common = { connection: this.redis, prefix: this.config.queuePrefix };
    this.workers.push(
      new Worker<EscalationSweepJobData>(QueueName.Escalation, (job) => this.dispatch(job, JobName.EscalationSweep, () => this.sweep.process(job)), { ...common, concurrency: 1 }),
      new Worker<ReportJobData>(QueueName.Reports, (job) => this.dispatchReport(job), {
        ...common,
        concurrency: this.config.reportConcurrency,
      }),
    );
    for (const worker of this.workers) {
      this.observability.instrument(worker);
      worker.on('failed', (job, error) => {
        const log = (): void => this.logger.warn(`${worker.name} job ${job?.id ?? '?'} attempt ${job?.attemptsMade ?? '?'} failed: ${error.message}`);
        if (job) runWithLogContext(jobLogContext(job), log);
        else log();
      });
      worker.on('error', (error) => this.logger.error(`${worker.name}: ${error.message}`));
    }
    if (this.config.schedule !== false) await this.queues.scheduleEscalation(this.config.escalationCron);
    this.logger.log(`processing ${Object.values(QueueName).join(', ')} (prefix ${this.config.queuePrefix})`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    await this.queues.close();
    await this.redis.quit().catch(() => undefined);
    await this.store.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    this.logger.log('stopped');
  }

  /** The reports queue carries ledger and work report jobs, told apart by name. */
  private dispatchReport(job: Job<ReportJobData>): Promise<unknown> {
    if (job.name === JobName.WorkReport) return this.dispatch(job, JobName.WorkReport, () => this.workReport.process(job as Job<WorkReportJobState>));
    return this.dispatch(job, JobName.LedgerReport, () => this.ledgerReport.process(job));
  }

  private dispatch<T>(job: Job, expected: JobName, run: () => Promise<T>): Promise<T> {
    if (job.name !== expected) throw new Error(`unknown job ${job.name} on ${job.queueName}`);
    return this.observability.run(job, run);
  }
}

/** The worker: escalation sweeps and report files, from the read model through the command handlers. */
@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig, options: WorkerModuleOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      providers: [
        { provide: WORKER_CONFIG, useValue: { ...config, ...options } },
        { provide: WORKER_CLOCK, useValue: options.clock ?? systemClock },
        { provide: REDIS, useFactory: (): Redis => redisConnection(config.redisUrl) },
        { provide: JobQueues, inject: [REDIS], useFactory: (redis: Redis) => new JobQueues(redis, config) },
        {
          provide: DataSource,
          useFactory: (): Promise<DataSource> =>
            createReadModelDataSource({ url: config.databaseUrl, schema: config.readModelSchema, poolSize: 6, applicationName: 'rectify-worker' }).initialize(),
        },
        {
          provide: WORKER_EVENT_STORE,
          useFactory: (): EventStore => connectEventStore(config.eventStore, { databaseUrl: config.databaseUrl, schema: config.eventStoreSchema, max: 8 }),
        },
        {
          provide: LedgerCommandService,
          inject: [WORKER_EVENT_STORE, WORKER_CLOCK, DataSource],
          useFactory: (store: EventStore, clock: Clock, dataSource: DataSource) => new LedgerCommandService(store, clock, new RecurrenceIndexService(dataSource)),
        },
        { provide: ReportCommandService, inject: [LedgerCommandService], useFactory: (ledger: LedgerCommandService) => new ReportCommandService(ledger.executor) },
        {
          provide: EscalationSweepService,
          inject: [DataSource, LedgerCommandService, WORKER_CLOCK],
          // each campaign's policy (its own, inherited down the forwarding chain, or the defaults) from the read model
          useFactory: (dataSource: DataSource, ledger: LedgerCommandService, clock: Clock) =>
            new EscalationSweepService(dataSource, ledger, clock, new ReadModelEscalationPolicySource(new EscalationPolicyQueryService(dataSource))),
        },
        { provide: EscalationSweepJob, inject: [EscalationSweepService], useFactory: (sweep: EscalationSweepService) => new EscalationSweepJob(sweep, config.escalationPageSize) },
        {
          provide: LedgerReportJob,
          inject: [ReportCommandService, DataSource],
          useFactory: (reports: ReportCommandService, dataSource: DataSource) =>
            new LedgerReportJob(reports, new LedgerReportSource(dataSource), new ReportFileStore(config.reportStorageDir)),
        },
        {
          provide: WorkReportJob,
          inject: [ReportCommandService, DataSource],
          useFactory: (reports: ReportCommandService, dataSource: DataSource) =>
            new WorkReportJob(reports, new LedgerReportSource(dataSource), new WorkReportSource(dataSource), new ReportFileStore(config.reportStorageDir)),
        },
        {
          provide: WorkerObservability,
          inject: [JobQueues, REDIS],
          useFactory: (queues: JobQueues, redis: Redis) => new WorkerObservability(config.observability, queues, redis),
        },
        WorkerRunner,
      ],
      exports: [JobQueues, EscalationSweepService, ReportCommandService, LedgerCommandService, WORKER_EVENT_STORE, DataSource],
    };
  }
}
