import 'reflect-metadata';
import { Writable } from 'node:stream';
import { Body, Controller, Global, Logger, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { migrateEventStore } from '@rectify/event-store-postgres';
import { AccountService, PasswordHasher, TokenService, createIdentityDataSource } from '@rectify/identity';
import { createReadModelDataSource, runReadModelMigrations } from '@rectify/ledger-read-model';
import { PinoLoggerService, currentLogContext } from '@rectify/observability';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { Role } from '@rectify/tenancy';
import { Pool } from 'pg';
import { AppModule } from '../app.module';
import { Permission } from '../auth/permission';
import { RequirePermission } from '../auth/permission.decorator';
import { API_CONFIG, loadApiConfig, type ApiConfig } from '../config/api-config';
import { prepareIdentity } from '../cli/reference-data';
import { configureHttp } from '../http/configure-http';
import { OpsModule } from './ops.module';

const PASSWORD = 'Xuchang#Campaign-2023';

function captureLogs(): { logger: PinoLoggerService; lines: () => Record<string, unknown>[] } {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return {
    logger: new PinoLoggerService({ app: 'api', level: 'debug', destination }),
    lines: () =>
      text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** Test only: a handler behind body parsing, to see which log context reaches it. */
@Controller('test-echo')
class EchoController {
  @Post()
  @RequirePermission(Permission.Public)
  echo(@Body() body: Record<string, unknown>): Record<string, unknown> {
    new Logger('Echo').log('inside the handler');
    return { body, context: currentLogContext() ?? null };
  }
}

/** The value of the series `name` with exactly these labels (in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (match && match[1] === name && match[2].split(/,(?=[a-z_]+=")/).sort().join(',') === wanted) return Number(match[3]);
  }
  return undefined;
}

async function boot(module: object, logger: PinoLoggerService, config: ApiConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module as never, new FastifyAdapter(), { logger, abortOnError: false });
  configureHttp(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('OpsModule in the API', () => {
  const suffix = uniqueName('ops');
  const schemas = { EVENT_STORE_SCHEMA: `${suffix}_es`, READ_MODEL_SCHEMA: `${suffix}_rm`, IDENTITY_SCHEMA: `${suffix}_id` };
  const { config } = loadApiConfig({ DATABASE_URL: testDatabaseUrl(), JWT_SECRET: 'ops-spec-secret-that-is-long-enough-0123456789', ...schemas });
  const logs = captureLogs();
  let admin: Pool;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    admin = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
    await migrateEventStore(admin, { schema: config.schemas.eventStore });
    const readModel = createReadModelDataSource({ url: testDatabaseUrl(), schema: config.schemas.readModel, poolSize: 2 });
    const identity = createIdentityDataSource({ url: testDatabaseUrl(), schema: config.schemas.identity, poolSize: 2 });
    await Promise.all([readModel.initialize(), identity.initialize()]);
    try {
      await runReadModelMigrations(readModel);
      await prepareIdentity(identity);
      await new AccountService(identity, new PasswordHasher({ N: 1024, r: 8, p: 1 })).create(
        { username: 'ops.reviewer', displayName: '许昌市审核人', password: PASSWORD, tenantCode: '411000', roles: [Role.Reviewer] },
        null,
      );
    } finally {
      await Promise.all([readModel.destroy(), identity.destroy()]);
    }

    @Module({ imports: [AppModule.register({ config }), OpsModule], controllers: [EchoController] })
    class OpsTestApp {}
    app = await boot(OpsTestApp, logs.logger, config);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    for (const schema of Object.values(config.schemas)) await dropSchema(admin, schema);
    await admin.end();
  });

  const gql = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers }, payload: { query, variables } });
    return { response, json: response.json<{ data?: Record<string, Record<string, unknown>>; errors?: unknown[] }>() };
  };

  it('answers /health/live and /health/ready with 200 and terminus JSON, without a token', async () => {
    const live = await app.inject({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toMatchObject({ status: 'ok' });
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, eventStore: { status: 'up' } } });
  });

  it("puts a mutation's X-Correlation-Id into its events' metadata, the response header and the access log", async () => {
    const login = await gql('mutation Login($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }', { u: 'ops.reviewer', p: PASSWORD });
    const token = String(login.json.data?.['login']?.['token']);
    const correlationId = `ops-spec-${suffix}`;
    const items = [{ itemNo: 1, categoryNo: 1, categoryName: '责任落实', subAreaNo: 1, subAreaName: '党委政府责任落实', text: '是否存在落实巩固脱贫攻坚成效主体责任不到位等问题。', responsibleUnits: ['各县（市、区）党委政府'] }];
    const { response, json } = await gql(
      'mutation DefineChecklist($input: DefineChecklistVersionInput!) { defineChecklistVersion(input: $input) { versionId version } }',
      { input: { idempotencyKey: uniqueName('k'), label: '运维测试清单', items } },
      { authorization: `Bearer ${token}`, 'x-correlation-id': correlationId },
    );
    expect(json.errors).toBeUndefined();
    expect(response.headers['x-correlation-id']).toBe(correlationId);

    const versionId = String(json.data?.['defineChecklistVersion']?.['versionId']);
    const { rows } = await admin.query<{ metadata: Record<string, unknown> }>(`SELECT metadata FROM ${config.schemas.eventStore}.events WHERE stream_id LIKE '%' || $1`, [versionId]);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.metadata['correlationId']).toBe(correlationId);

    expect(logs.lines()).toContainEqual(expect.objectContaining({ app: 'api', context: 'Http', correlationId, msg: 'POST /graphql 200', statusCode: 200 }));
  });

  it('makes up a correlation id when the header is missing or unusable, and keeps the log context past body parsing', async () => {
    const response = await app.inject({ method: 'POST', url: '/test-echo', headers: { 'content-type': 'application/json', 'x-correlation-id': 'bad id with spaces' }, payload: { a: 1 } });
    const generated = response.headers['x-correlation-id'];
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.json()).toEqual({ body: { a: 1 }, context: { correlationId: generated } });
    expect(logs.lines()).toContainEqual(expect.objectContaining({ context: 'Echo', msg: 'inside the handler', correlationId: generated }));
  });

  it('exposes request metrics at /metrics after a request', async () => {
    await gql('query Viewer { __typename }', {});
    await gql('query Broken { noSuchField }', {});
    await gql('query Unparsable {', {});
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.body;
    expect(sample(text, 'rectify_graphql_request_duration_seconds_count', { operation: 'Viewer', type: 'query', outcome: 'success', app: 'api' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'rectify_graphql_request_duration_seconds_count', { operation: 'Broken', type: 'query', outcome: 'error', app: 'api' })).toBe(1);
    expect(sample(text, 'rectify_graphql_request_duration_seconds_count', { operation: 'anonymous', type: 'unknown', outcome: 'error', app: 'api' })).toBe(1);
    expect(sample(text, 'rectify_graphql_request_duration_seconds_count', { operation: 'DefineChecklist', type: 'mutation', outcome: 'success', app: 'api' })).toBe(1);
    expect(sample(text, 'rectify_graphql_request_duration_seconds_bucket', { le: '+Inf', operation: 'Login', type: 'mutation', outcome: 'success', app: 'api' })).toBe(1);
    expect(sample(text, 'rectify_http_requests_total', { method: 'POST', route: '/graphql', status: '200', app: 'api' })).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'rectify_http_requests_total', { method: 'POST', route: '/graphql', status: '400', app: 'api' })).toBe(2);
    expect(sample(text, 'rectify_http_requests_total', { method: 'GET', route: '/health/ready', status: '200', app: 'api' })).toBe(1);
    expect(sample(text, 'rectify_process_resident_memory_bytes', { app: 'api' })).toBeGreaterThan(0);
  });
});

describe('OpsModule readiness against a database that is not there', () => {
  it('answers /health/ready 503 naming the failed checks, while /health/live stays 200', async () => {
    const { config } = loadApiConfig({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nowhere', HEALTH_CHECK_TIMEOUT_MS: '1000' });

    @Global()
    // configureHttp's rate limiter reads principals with the TokenService
    @Module({
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: TokenService, useValue: new TokenService({ secret: config.jwt.secret, ttlSeconds: config.jwt.ttlSeconds }) },
      ],
      exports: [API_CONFIG, TokenService],
    })
    class ConfigOnly {}
    @Module({ imports: [ConfigOnly, OpsModule] })
    class HealthOnly {}

    const app = await boot(HealthOnly, captureLogs().logger, config);
    try {
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'error', error: { database: { status: 'down' }, eventStore: { status: 'down' } } });
      expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
