import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FileClock } from '@rectify/ledger-application';
import { bootReadModelSchema } from '@rectify/ledger-read-model';
import { PinoLoggerService } from '@rectify/observability';
import { WorkerConfigError, loadWorkerConfig, type WorkerConfig } from './worker-config';
import { WorkerModule } from './worker.module';

/**
 * The worker: `node -r ./tools/register.js apps/worker/src/main.ts`. No HTTP server. On SIGTERM or
 * SIGINT it stops taking jobs, lets the jobs in hand finish, then closes Redis and PostgreSQL.
 * The event store and the read model must be migrated first; the projector must be running.
 */
async function bootstrap(): Promise<void> {
  let config: WorkerConfig;
  try {
    config = loadWorkerConfig(process.env);
  } catch (error) {
    if (error instanceof WorkerConfigError) {
      new PinoLoggerService({ app: 'worker' }).fatal(`invalid configuration: ${error.message}`, 'Config');
      process.exit(2);
    }
    throw error;
  }
  config = { ...config, readModelSchema: await bootReadModelSchema(config.databaseUrl, process.env['READ_MODEL_SCHEMA'], config.readModelSchema) };
  const logger = new PinoLoggerService({ app: 'worker', level: config.observability.logLevel });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, config.testClockFile ? { clock: new FileClock(config.testClockFile) } : {}), { bufferLogs: true });
  app.useLogger(logger);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  if (config.testClockFile) new Logger('Worker').warn(`WORKER_TEST_CLOCK_FILE is set: business time comes from ${config.testClockFile}`);
  const store = config.eventStore.adapter === 'eventstoredb' ? 'EventStoreDB' : `PostgreSQL event store schema ${config.eventStoreSchema}`;
  new Logger('Worker').log(`${store}; reports in ${config.reportStorageDir}; escalation sweep "${config.escalationCron}" Asia/Shanghai`);
}

bootstrap().catch((error: unknown) => {
  new PinoLoggerService({ app: 'worker' }).fatal(`failed to start: ${error instanceof Error ? error.message : String(error)}`, 'Worker');
  process.exit(1);
});
