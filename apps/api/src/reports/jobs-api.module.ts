import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { JobQueues, ReportFileStore, redisConnection } from '@rectify/jobs';
import { LedgerCommandService, ReportCommandService } from '@rectify/ledger-application';
import { EscalationQueryService, ReportQueryService } from '@rectify/ledger-read-model';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { READ_MODEL_DATA_SOURCE } from '../infrastructure/tokens';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { JOBS_API_CONFIG, type JobsApiConfig } from './jobs-api-config';

export const JOBS_REDIS = Symbol('JOBS_REDIS');

/** Closes the queues and their connection when the API stops. */
@Injectable()
class JobsLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(JOBS_REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queues.close();
    await this.redis.quit().catch(() => undefined);
  }
}

/**
 * The producer side of the worker's queues (@rectify/jobs), the report file store, and the report
 * and escalation services the reports and escalation modules share. Redis is connected lazily: an
 * API that never enqueues never connects.
 */
@Module({
  providers: [
    // the one place these modules read the environment; validated at boot (see jobs-api-config.ts)
    { provide: JOBS_API_CONFIG, inject: [API_CONFIG], useFactory: (config: ApiConfig): JobsApiConfig => config.jobs },
    { provide: JOBS_REDIS, inject: [JOBS_API_CONFIG], useFactory: (config: JobsApiConfig): Redis => redisConnection(config.redisUrl, { lazyConnect: true }) },
    { provide: JobQueues, inject: [JOBS_REDIS, JOBS_API_CONFIG], useFactory: (redis: Redis, config: JobsApiConfig) => new JobQueues(redis, config) },
    { provide: ReportFileStore, inject: [JOBS_API_CONFIG], useFactory: (config: JobsApiConfig) => new ReportFileStore(config.reportStorageDir) },
    { provide: ReportCommandService, inject: [LedgerCommandService], useFactory: (ledger: LedgerCommandService) => new ReportCommandService(ledger.executor) },
    { provide: ReportQueryService, inject: [READ_MODEL_DATA_SOURCE], useFactory: (ds: DataSource) => new ReportQueryService(ds) },
    { provide: EscalationQueryService, inject: [READ_MODEL_DATA_SOURCE], useFactory: (ds: DataSource) => new EscalationQueryService(ds) },
    JobsLifecycle,
  ],
  exports: [JOBS_API_CONFIG, JOBS_REDIS, JobQueues, ReportFileStore, ReportCommandService, ReportQueryService, EscalationQueryService],
})
export class JobsApiModule {}
