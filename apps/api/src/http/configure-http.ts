import { type ArgumentMetadata, type INestApplication, ValidationPipe } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TokenService } from '@rectify/identity';
import type { FastifyInstance } from 'fastify';
import type { ApiConfig } from '../config/api-config';
import { InputValidationError } from '../errors/input-validation.error';
import { installRateLimit } from './rate-limit.hook';
import { installUrlGuard } from './url-guard.hook';

/**
 * Nest's pipe turns an absent optional argument into `{}` and then validates it; an absent
 * argument is the schema's business (GraphQL enforces non-null ones), so it passes untouched.
 */
class OptionalArgumentValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (value === undefined || value === null) return value;
    return super.transform(value, metadata);
  }
}

/** One global ValidationPipe: unknown fields refused, inputs turned into their classes. */
export function validationPipe(): ValidationPipe {
  return new OptionalArgumentValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => InputValidationError.fromValidationErrors(errors),
  });
}

/**
 * What main.ts and the e2e suite both do before `init()`: the validation pipe, the rate limits
 * (RATE_LIMIT_*: 429 RATE_LIMITED with Retry-After) and the batch limit (an HTTP body that is an
 * array of more than `maxBatchSize` operations gets BATCH_TOO_LARGE).
 */
export function configureHttp(app: NestFastifyApplication & INestApplication, config: ApiConfig): void {
  app.useGlobalPipes(validationPipe());
  const fastify = app.getHttpAdapter().getInstance();
  const instance = app.get(HttpAdapterHost).httpAdapter.getInstance<FastifyInstance>();
  installRateLimit(instance, config.rateLimit, app.get(TokenService));
  installUrlGuard(instance);
  fastify.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || !request.url.startsWith('/graphql')) return;
    const body: unknown = request.body;
    if (Array.isArray(body) && body.length > config.graphql.maxBatchSize) {
      await reply
        .code(400)
        .type('application/json')
        .send({ errors: [{ message: `批量请求最多包含${config.graphql.maxBatchSize}个操作`, extensions: { code: 'BATCH_TOO_LARGE' } }] });
    }
  });
}
