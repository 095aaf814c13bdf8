import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { migrateEventStore } from '@rectify/event-store-postgres';
import { AccountService, PasswordHasher, createIdentityDataSource } from '@rectify/identity';
import { ManualClock } from '@rectify/ledger-application';
import { createReadModelDataSource, runReadModelMigrations } from '@rectify/ledger-read-model';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import type { Role } from '@rectify/tenancy';
import { Pool } from 'pg';
import { AppModule } from '../../apps/api/src/app.module';
import { loadSeedVillages, prepareIdentity } from '../../apps/api/src/cli/reference-data';
import { loadApiConfig, type ApiConfig } from '../../apps/api/src/config/api-config';
import { configureHttp } from '../../apps/api/src/http/configure-http';

export const PASSWORD = 'Xuchang#Campaign-2023';

export interface GraphqlResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly data?: T | null;
  readonly errors?: { message: string; extensions?: { code?: string; details?: unknown }; path?: string[] }[];
}

export interface RunningApi {
  readonly url: string;
  readonly config: ApiConfig;
  readonly clock: ManualClock;
  /** POSTs one operation (or a batch, when `body` is an array) to /graphql. */
  post(body: unknown, token?: string | null, headers?: Record<string, string>): Promise<{ status: number; json: unknown }>;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string | null, headers?: Record<string, string>): Promise<GraphqlResponse<T>>;
  createUser(username: string, tenantCode: string, roles: Role[], displayName?: string): Promise<void>;
  login(username: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Boots the API over HTTP on an ephemeral port against real PostgreSQL, in schemas of its own, with
 * the projection runner in-process and a clock the test moves (the campaign happens in 2023).
 */
export async function startApi(start: string): Promise<RunningApi> {
  const url = testDatabaseUrl();
  const suffix = uniqueName('e2e');
  const schemas = { eventStore: `${suffix}_es`, readModel: `${suffix}_rm`, identity: `${suffix}_id` };
  const admin = new Pool({ connectionString: url, max: 2 });
  await migrateEventStore(admin, { schema: schemas.eventStore });
  const readModel = await createReadModelDataSource({ url, schema: schemas.readModel, poolSize: 2 }).initialize();
  await runReadModelMigrations(readModel);
  await loadSeedVillages(readModel);
  await readModel.destroy();
  const identity = await createIdentityDataSource({ url, schema: schemas.identity, poolSize: 2 }).initialize();
  await prepareIdentity(identity);
  const accounts = new AccountService(identity, new PasswordHasher({ N: 1024, r: 8, p: 1 }));

  const { config } = loadApiConfig({
    DATABASE_URL: url,
    EVENT_STORE_SCHEMA: schemas.eventStore,
    READ_MODEL_SCHEMA: schemas.readModel,
    IDENTITY_SCHEMA: schemas.identity,
    JWT_SECRET: 'e2e-secret-that-is-long-enough-for-hs256-0123456789',
    API_RUN_PROJECTOR: 'true',
    GRAPHQL_MAX_DEPTH: '8',
    GRAPHQL_MAX_BATCH: '3',
    PROJECTION_WAIT_TIMEOUT_MS: '10000',
  });
  const clock = new ManualClock(start);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register({ config, clock }), new FastifyAdapter(), { logger: ['error', 'warn'] });
  configureHttp(app, config);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');

  const post = async (body: unknown, token?: string | null, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as unknown };
  };

  return {
    url: base,
    config,
    clock,
    post,
    async gql<T>(query: string, variables: Record<string, unknown> = {}, token?: string | null, headers?: Record<string, string>) {
      const { status, json } = await post({ query, variables }, token, headers);
      return { status, ...(json as Omit<GraphqlResponse<T>, 'status'>) };
    },
    async createUser(username, tenantCode, roles, displayName = username) {
      await accounts.create({ username, displayName, password: PASSWORD, tenantCode, roles }, null);
    },
    async login(username) {
      const { json } = await post({ query: 'mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }', variables: { u: username, p: PASSWORD } });
      const token = (json as { data?: { login?: { token?: string } } }).data?.login?.token;
      if (!token) throw new Error(`login failed for ${username}: ${JSON.stringify(json)}`);
      return token;
    },
    async close() {
      await app.close();
      await identity.destroy();
      for (const schema of Object.values(schemas)) await dropSchema(admin, schema);
      await admin.end();
    },
  };
}
