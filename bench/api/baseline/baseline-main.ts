/**
 * The bench's baseline: a bare NestJS 11 + Apollo (Fastify) GraphQL app with one mutation that
 * verifies the caller's JWT exactly as the API does (the same `TokenService`: HS256 with the secret
 * as a KeyObject, issuer and audience) and runs one transactional INSERT (BEGIN, INSERT, COMMIT on
 * one pooled connection). No validation pipe, no permissions, no event store: what the real API
 * is measured against (`npm run bench:api`). Started by bench/api/main.ts as its own process:
 *
 *   DATABASE_URL=… BASELINE_SCHEMA=… JWT_SECRET=… PORT=… node -r ./tools/register.js bench/api/baseline/baseline-main.ts
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Args, Context, Field, GraphQLModule, InputType, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { TokenService } from '@rectify/identity';
import { GraphQLError } from 'graphql';
import { Pool } from 'pg';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const DATABASE_URL = required('DATABASE_URL');
const SCHEMA = required('BASELINE_SCHEMA');
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(SCHEMA)) throw new Error('BASELINE_SCHEMA must be a lower-case SQL identifier');
const PORT = Number(required('PORT'));
const POOL = Symbol('POOL');

@InputType()
class RecordNoteInput {
  @Field() idempotencyKey!: string;
  @Field() entryId!: string;
  @Field() note!: string;
}

@ObjectType()
class RecordNotePayload {
  @Field() id!: string;
  @Field(() => Int) version!: number;
}

interface BaselineContext {
  readonly authorization: string | undefined;
}

@Resolver()
class BaselineResolver {
  constructor(
    @Inject(POOL) private readonly pool: Pool,
    @Inject(TokenService) private readonly tokens: TokenService,
  ) {}

  @Query(() => String)
  ping(): string {
    return 'ok';
  }

  @Mutation(() => RecordNotePayload)
  async recordNote(@Args('input') input: RecordNoteInput, @Context() context: BaselineContext): Promise<RecordNotePayload> {
    const header = context.authorization ?? '';
    const principal = (() => {
      try {
        return this.tokens.verify(header.startsWith('Bearer ') ? header.slice(7) : '');
      } catch {
        throw new GraphQLError('unauthenticated', { extensions: { code: 'UNAUTHENTICATED' } });
      }
    })();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const id = randomUUID();
      await client.query(`INSERT INTO ${SCHEMA}.notes (id, idempotency_key, entry_id, tenant_path, actor, note) VALUES ($1, $2, $3, $4, $5, $6)`, [
        id,
        input.idempotencyKey,
        input.entryId,
        principal.tenantPath,
        principal.userId,
        input.note,
      ]);
      await client.query('COMMIT');
      return { id, version: 1 };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

class PoolCloser implements OnApplicationShutdown {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

@Module({
  imports: [
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      path: '/graphql',
      autoSchemaFile: true,
      playground: false,
      graphiql: false,
      csrfPrevention: true,
      context: (request: { headers: Record<string, string | undefined> }): BaselineContext => ({ authorization: request.headers['authorization'] }),
    }),
  ],
  providers: [
    { provide: POOL, useFactory: () => new Pool({ connectionString: DATABASE_URL, max: 10, application_name: 'rectify-bench-baseline' }) },
    { provide: TokenService, useFactory: () => new TokenService({ secret: required('JWT_SECRET'), ttlSeconds: 3600 }) },
    BaselineResolver,
    PoolCloser,
  ],
})
class BaselineModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(BaselineModule, new FastifyAdapter({ bodyLimit: 1_048_576 }), { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(PORT, '127.0.0.1');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
