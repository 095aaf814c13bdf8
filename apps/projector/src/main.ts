import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { bootReadModelSchema } from '@rectify/ledger-read-model';
import { PinoLoggerService } from '@rectify/observability';
import { ProjectorConfigError, loadProjectorConfig, type ProjectorConfig } from './projector-config';
import { ProjectorModule } from './projector.module';

/**
 * The projector: `node -r ./tools/register.js apps/projector/src/main.ts`. No HTTP server; stops
 * gracefully on SIGTERM/SIGINT (the batch in hand commits or rolls back, the lock is released).
 * The read model must be migrated first (libs/ledger/read-model/src/cli/migrate.ts).
 */
async function bootstrap(): Promise<void> {
  let config: ProjectorConfig;
  try {
    config = loadProjectorConfig(process.env);
  } catch (error) {
    if (error instanceof ProjectorConfigError) {
      new PinoLoggerService({ app: 'projector' }).fatal(`invalid configuration: ${error.message}`, 'Config');
      process.exit(2);
    }
    throw error;
  }
  config = { ...config, readModelSchema: await bootReadModelSchema(config.databaseUrl, process.env['READ_MODEL_SCHEMA'], config.readModelSchema) };
  const logger = new PinoLoggerService({ app: 'projector', level: config.observability.logLevel });
  const app = await NestFactory.createApplicationContext(ProjectorModule.forRoot(config), { bufferLogs: true });
  app.useLogger(logger);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  const source = config.eventStore.adapter === 'eventstoredb' ? `EventStoreDB ${redactUrl(config.eventStore.url)}` : `PostgreSQL event store schema ${config.eventStoreSchema}`;
  new Logger('Projector').log(`${source} → read model schema ${config.readModelSchema}`);
}

/** A connection string without its credentials, for the log. */
function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

bootstrap().catch((error: unknown) => {
  new PinoLoggerService({ app: 'projector' }).fatal(`failed to start: ${error instanceof Error ? error.message : String(error)}`, 'Projector');
  process.exit(1);
});
