import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { ConfigError, loadApiConfig } from './config/api-config';
import { configureHttp } from './http/configure-http';

async function bootstrap(): Promise<void> {
  const logger = new Logger('api');
  let loaded;
  try {
    loaded = loadApiConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      logger.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const { config, warnings } = loaded;
  for (const warning of warnings) logger.warn(warning);

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register({ config }), new FastifyAdapter({ bodyLimit: 1_048_576, trustProxy: true }), {
    bufferLogs: false,
  });
  configureHttp(app, config);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  logger.log(`GraphQL at http://${config.host}:${config.port}/graphql${config.graphql.ide ? `, IDE at http://${config.host}:${config.port}/graphiql` : ''}`);
}

void bootstrap();
