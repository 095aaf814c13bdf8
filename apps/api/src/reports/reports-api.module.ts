import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { TenantRefs } from '../ledger/tenant-refs.service';
import { ImportJobResolver } from './import/import-job.resolver';
import { LedgerImportController, XLSX_CONTENT_TYPE } from './import/ledger-import.controller';
import { LedgerImportService } from './import/ledger-import.service';
import { JOBS_API_CONFIG, type JobsApiConfig } from './jobs-api-config';
import { JobsApiModule } from './jobs-api.module';
import { ReportDownloadController } from './http/report-download.controller';
import { LedgerReportCommandResolver } from './resolvers/ledger-report-command.resolver';
import { LedgerReportQueryResolver } from './resolvers/ledger-report-query.resolver';
import { ReportApiCommands } from './report-command.service';
import { ReportJobsService } from './report-jobs.service';

/**
 * 报表与导入: report requests (the worker builds the files), jobs and progress, downloads,
 * submissions up the hierarchy (上报), reviews, and the Excel ledger import.
 */
@Module({
  imports: [JobsApiModule],
  providers: [TenantRefs, ReportJobsService, ReportApiCommands, LedgerImportService, LedgerReportCommandResolver, LedgerReportQueryResolver, ImportJobResolver],
  controllers: [ReportDownloadController, LedgerImportController],
})
export class ReportsApiModule implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly http: HttpAdapterHost,
    @Inject(JOBS_API_CONFIG) private readonly config: JobsApiConfig,
  ) {}

  /** The import's raw .xlsx body: a Buffer up to IMPORT_MAX_BYTES (Fastify parses JSON only by default). */
  onModuleInit(): void {
    const adapter = this.http?.httpAdapter;
    if (!adapter || adapter.getType() !== 'fastify') return; // e.g. a test context without HTTP
    const fastify = adapter.getInstance<FastifyInstance>();
    if (fastify.hasContentTypeParser(XLSX_CONTENT_TYPE)) return;
    fastify.addContentTypeParser(XLSX_CONTENT_TYPE, { parseAs: 'buffer', bodyLimit: this.config.importMaxBytes }, (_request, body, done) => done(null, body));
    new Logger('ReportsApi').log(`ledger import accepts ${XLSX_CONTENT_TYPE} up to ${this.config.importMaxBytes} bytes`);
  }
}
