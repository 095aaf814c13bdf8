import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { bootReadModelSchema } from '@rectify/ledger-read-model';
import { PinoLoggerService } from '@rectify/observability';
import { AppModule } from './app.module';
import { ConfigError, loadApiConfig } from './config/api-config';
import { configureHttp } from './http/configure-http';

async function bootstrap(): Promise<void> {
  let loaded;
  try {
    loaded = loadApiConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      new PinoLoggerService({ app: 'api' }).fatal(error.message, 'Config');
      process.exit(1);
    }
    throw error;
  }
  const { warnings } = loaded;
  const readModel = await bootReadModelSchema(loaded.config.databaseUrl, process.env['READ_MODEL_SCHEMA'], loaded.config.schemas.readModel);
  const config = { ...loaded.config, schemas: { ...loaded.config.schemas, readModel } };
  const pino = new PinoLoggerService({ app: 'api', level: config.observability.logLevel });
  const logger = new Logger('api');

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register({ config }), new FastifyAdapter({ bodyLimit: 1_048_576, trustProxy: config.trustProxy }), {
    bufferLogs: true,
  });
  app.useLogger(pino);
  for (const warning of warnings) logger.warn(warning);
  configureHttp(app, config);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  logger.log(`GraphQL at http://${config.host}:${config.port}/graphql${config.graphql.ide ? `, IDE at http://${config.host}:${config.port}/graphiql` : ''}`);
}

void bootstrap();
