export { QueueName, JobName, ESCALATION_SCHEDULER_ID } from './queue-names';
export { ledgerReportJobId, parseLedgerReportJobId, manualEscalationSweepJobId } from './job-ids';
export { type JobTenant, type LedgerReportJobData, type WorkReportJobData, type ReportJobData, type EscalationSweepJobData } from './job-payloads';
export { JobQueues, defaultJobOptions, redisConnection, type JobQueueOptions } from './job-queues';
export { ReportFileStore, type StoredReportFile, type ReportFileFormat } from './report-file.store';
