// Support code for the read model's int-specs (no tests here; see jest.config.ts).
import { randomUUID } from 'node:crypto';
import type { Position } from '@rectify/event-store-core';
import { PostgresEventStore, comparePositions as comparePgPositions, migrateEventStore } from '@rectify/event-store-postgres';

/** Orders PostgreSQL positions (transaction id, then sequence). */
export { comparePgPositions };
import type { DomainEvent, TenantRef } from '@rectify/ledger-domain';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import type { JsonValue } from '@rectify/shared-util';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { runReadModelMigrations } from '../migrations';
import { LedgerProjection } from '../projections/ledger.projection';
import type { Projection } from '../projections/projection';
import { createReadModelDataSource } from '../read-model-data-source';
import { ProjectionBatchApplier } from '../runner/projection-batch';
import { ProjectionRunner, type ProjectionRunnerOptions } from '../runner/projection-runner';

/** A real event store and a real read model, each in a fresh schema, for one test file. */
export class ReadModelHarness {
  private readonly runners: ProjectionRunner[] = [];

  private constructor(
    readonly admin: Pool,
    readonly store: PostgresEventStore,
    readonly dataSource: DataSource,
    readonly eventStoreSchema: string,
    readonly readModelSchema: string,
  ) {}

  static async create(): Promise<ReadModelHarness> {
    const url = testDatabaseUrl();
    const eventStoreSchema = uniqueName('es');
    const readModelSchema = uniqueName('rm');
    const admin = new Pool({ connectionString: url, max: 2 });
    await migrateEventStore(admin, { schema: eventStoreSchema });
    const store = PostgresEventStore.connect({ connectionString: url, schema: eventStoreSchema, max: 4, pollIntervalMs: 100 });
    const dataSource = createReadModelDataSource({ url, schema: readModelSchema, poolSize: 6 });
    await dataSource.initialize();
    await runReadModelMigrations(dataSource);
    return new ReadModelHarness(admin, store, dataSource, eventStoreSchema, readModelSchema);
  }

  /** Appends domain events to a stream, with the tenant in the metadata as the handlers write it. */
  async append(streamId: string, tenant: TenantRef, events: readonly DomainEvent[]): Promise<Position> {
    const result = await this.store.append(
      streamId,
      events.map((e) => ({
        eventId: randomUUID(),
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data as JsonValue,
        metadata: { tenantId: tenant.id, tenantPath: tenant.path },
      })),
    );
    return result.position;
  }

  /** Applies everything in the store, in batches, without the runner's lock. */
  async project(projection: Projection = new LedgerProjection(), batchSize = 100): Promise<number> {
    const applier = new ProjectionBatchApplier(this.dataSource, projection);
    let position = await applier.readCheckpoint();
    let applied = 0;
    for (;;) {
      const page = await this.store.readAll({ after: position, maxCount: batchSize });
      if (page.events.length === 0) return applied;
      position = await applier.apply(page.events, position);
      applied += page.events.length;
    }
  }

  runner(options: Partial<ProjectionRunnerOptions> = {}): ProjectionRunner {
    const runner = new ProjectionRunner({
      dataSource: this.dataSource,
      store: this.store,
      projection: new LedgerProjection(),
      comparePositions: comparePgPositions,
      idleDelayMs: 50,
      lockRetryMs: 100,
      errorDelayMs: 100,
      ...options,
    });
    this.runners.push(runner);
    return runner;
  }

  /** Every row of a table, sorted, as JSON text: for comparing two builds. */
  async dump(table: string, orderBy: string): Promise<string> {
    const rows: unknown[] = await this.dataSource.query(`SELECT * FROM ${this.readModelSchema}.${table} ORDER BY ${orderBy}`);
    return JSON.stringify(rows);
  }

  async close(): Promise<void> {
    for (const runner of this.runners) await runner.stop();
    await this.store.close();
    await this.dataSource.destroy();
    await dropSchema(this.admin, this.readModelSchema);
    await dropSchema(this.admin, this.eventStoreSchema);
    await this.admin.end();
  }
}
