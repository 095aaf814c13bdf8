import { EventStoreLimits, type EventStore } from '@rectify/event-store-core';
import type { DataSource } from 'typeorm';
import { ReadModelError, ReadModelErrorCode } from '../errors';
import { runReadModelMigrations } from '../migrations';
import { LedgerBatchProjection } from '../projections/batch/ledger-batch.projection';
import type { Projection } from '../projections/projection';
import { createReadModelDataSource } from '../read-model-data-source';
import { assertReadModelSchema } from '../read-model-schema';
import { ProjectionRunner, type PositionComparator, type ProjectionLag } from '../runner/projection-runner';
import { ReadModelPointer } from './read-model-pointer';

export interface RebuildProgress {
  readonly schema: string;
  /** Events applied into the new schema since position zero (from its checkpoint row). */
  readonly eventsApplied: number;
  /** Events applied per second over the last interval. */
  readonly eventsPerSecond: number;
  readonly lag: ProjectionLag;
  readonly caughtUp: boolean;
  readonly elapsedSeconds: number;
}

export interface ReadModelRebuildOptions {
  readonly url: string;
  readonly store: EventStore;
  /** The new schema, e.g. `read_model_v2`; migrated with `runReadModelMigrations`. */
  readonly targetSchema: string;
  /** The schema serving now, for reference data (villages) to copy; null: copy nothing. */
  readonly sourceSchema?: string | null;
  readonly projectionName?: string;
  /** Events per transaction (default 5,000; at most the store's page limit, 10,000 for PostgreSQL). */
  readonly batchSize?: number;
  /**
   * The projection to build with: the set-based `LedgerBatchProjection` by default; pass
   * `new LedgerProjection(name)` to build one event at a time (same tables, much slower).
   */
  readonly projection?: Projection;
  readonly comparePositions?: PositionComparator;
  readonly poolSize?: number;
  readonly onError?: (error: unknown) => void;
}

/** Events per transaction: large enough for the set-based projection to pay off, within the store's page limit. */
const DEFAULT_BATCH_SIZE = 10_000;

/** Reference data that is loaded, not projected (see LEDGER_PROJECTED_TABLES). */
const REFERENCE_TABLES = ['village'] as const;

/**
 * Builds the ledger read model into a NEW schema from position zero while the old one keeps serving.
 * It projects set-based (`LedgerBatchProjection`: pages of events folded in memory and written with
 * a few statements each, rare events per event) through the ordinary `ProjectionRunner` on the new
 * schema, reading the next page while it writes the current one: its checkpoint is
 * in that schema and moves in the same transaction as the rows, and its advisory lock is keyed by
 * schema and name — so a rebuild that is killed resumes from its last committed batch, and two
 * rebuilds of the same schema never run at once. Switching is `switchWhenCaughtUp` (or the CLI).
 */
export class ReadModelRebuild {
  readonly runner: ProjectionRunner;
  private readonly started = Date.now();
  private last: { at: number; applied: number } | null = null;

  private constructor(
    readonly dataSource: DataSource,
    private readonly options: ReadModelRebuildOptions,
  ) {
    this.runner = new ProjectionRunner({
      dataSource,
      store: options.store,
      projection: options.projection ?? new LedgerBatchProjection(options.projectionName ?? 'ledger'),
      batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
      readAhead: true,
      idleDelayMs: 100,
      lockRetryMs: 500,
      errorDelayMs: 1_000,
      // lag() reads the events after the checkpoint: cap it, progress only needs "how many, roughly".
      lagScanLimit: 5_000,
      ...(options.comparePositions && { comparePositions: options.comparePositions }),
      ...(options.onError && { onError: options.onError }),
    });
  }

  /** Creates and migrates the target schema and copies the reference data; does not start. */
  static async open(options: ReadModelRebuildOptions): Promise<ReadModelRebuild> {
    const schema = assertReadModelSchema(options.targetSchema);
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > EventStoreLimits.maxReadCount) {
      throw new ReadModelError(ReadModelErrorCode.InvalidArgument, `每批事件数必须是 1 到 ${EventStoreLimits.maxReadCount} 之间的整数`, { field: 'batchSize', batchSize });
    }
    if (options.sourceSchema === schema) throw new Error(`The rebuild target ${schema} is the schema serving now: choose a new one`);
    const dataSource = createReadModelDataSource({ url: options.url, schema, poolSize: options.poolSize ?? 4, applicationName: 'rectify-read-model-rebuild' });
    await dataSource.initialize();
    try {
      await runReadModelMigrations(dataSource);
      if (options.sourceSchema) await copyReferenceData(dataSource, assertReadModelSchema(options.sourceSchema), schema);
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
    return new ReadModelRebuild(dataSource, options);
  }

  get schema(): string {
    return this.options.targetSchema;
  }

  start(): void {
    this.runner.start();
  }

  /** Where the build stands: events applied, rate since the previous call, lag behind the store. */
  async progress(): Promise<RebuildProgress> {
    const rows: { applied: string | null }[] = await this.dataSource.query(
      `SELECT events_applied::text AS applied FROM ${this.schema}.projection_checkpoint WHERE projection_name = $1`,
      [this.options.projectionName ?? 'ledger'],
    );
    const applied = Number(rows[0]?.applied ?? 0);
    const now = Date.now();
    const eventsPerSecond = this.last && now > this.last.at ? ((applied - this.last.applied) * 1000) / (now - this.last.at) : 0;
    this.last = { at: now, applied };
    const lag = await this.runner.lag();
    return {
      schema: this.schema,
      eventsApplied: applied,
      eventsPerSecond,
      lag,
      caughtUp: lag.eventsBehind === 0 && this.runner.isActive,
      elapsedSeconds: (now - this.started) / 1000,
    };
  }

  /**
   * Runs until the new schema has caught up with the store (no event after its checkpoint), calling
   * `onProgress` every `everyMs` and once at the end.
   */
  async untilCaughtUp(onProgress: (p: RebuildProgress) => void = () => undefined, everyMs = 2_000): Promise<RebuildProgress> {
    this.start();
    let reported = Date.now();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(everyMs, 100)));
      if (this.runner.status === 'stopped') throw new Error('the rebuild was stopped before it caught up: run it again to resume from its checkpoint');
      if (await this.isCaughtUp()) {
        const p = await this.progress();
        onProgress(p);
        return p;
      }
      if (Date.now() - reported >= everyMs) {
        reported = Date.now();
        onProgress(await this.progress());
      }
    }
  }

  /** Cheap check (one event read, not the lag scan): nothing in the store after the runner's checkpoint. */
  private async isCaughtUp(): Promise<boolean> {
    if (!this.runner.isActive) return false;
    const checkpoint = this.runner.checkpoint;
    const { events } = await this.options.store.readAll({ after: checkpoint, maxCount: 1 });
    return events.length === 0 && checkpoint === this.runner.checkpoint;
  }

  /**
   * Switches the pointer to the new schema once it has caught up: compare-and-set from
   * `expectedCurrent` (the schema serving now). Keeps projecting afterwards until `stop()`.
   */
  async switchWhenCaughtUp(pointer: ReadModelPointer, expectedCurrent: string | null): Promise<void> {
    const p = await this.progress();
    if (!p.caughtUp) throw new Error(`${this.schema} is ${p.lag.eventsBehind} events behind: not switching`);
    if (this.options.sourceSchema) await copyReferenceData(this.dataSource, this.options.sourceSchema, this.schema);
    await pointer.switchTo(this.options.projectionName ?? 'ledger', this.schema, expectedCurrent);
  }

  /** Stops projecting (the batch in hand commits), like a kill between batches. */
  async stop(): Promise<void> {
    await this.runner.stop();
  }

  async close(): Promise<void> {
    await this.runner.stop();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

async function copyReferenceData(dataSource: DataSource, from: string, to: string): Promise<void> {
  for (const table of REFERENCE_TABLES) {
    const exists: { t: string | null }[] = await dataSource.query(`SELECT to_regclass($1)::text AS t`, [`${from}.${table}`]);
    if (!exists[0]?.t) continue;
    await dataSource.query(`INSERT INTO ${to}.${table} SELECT * FROM ${from}.${table} ON CONFLICT DO NOTHING`);
  }
}

/** Drops an old read-model schema; refuses the active one. Explicit only (CLI `drop`). */
export async function dropReadModelSchema(db: DataSource, schema: string, pointer = new ReadModelPointer(db), projection = 'ledger'): Promise<void> {
  assertReadModelSchema(schema);
  const active = await pointer.active(projection);
  if (active?.schema === schema) throw new Error(`${schema} is the active read model: switch away from it first`);
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}
