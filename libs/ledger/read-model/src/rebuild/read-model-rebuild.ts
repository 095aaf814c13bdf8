import { EventStoreLimits, type EventStore } from '@rectify/event-store-core';
import type { DataSource } from 'typeorm';
import { ReadModelError, ReadModelErrorCode } from '../errors';
import { runReadModelMigrations } from '../migrations';
import { LedgerBatchProjection } from '../projections/batch/ledger-batch.projection';
import type { Projection } from '../projections/projection';
import { createReadModelDataSource } from '../read-model-data-source';
import { assertReadModelSchema } from '../read-model-schema';
import { ProjectionRunner, type PositionComparator, type ProjectionLag } from '../runner/projection-runner';
import { DeferredIndexes, type IndexBuildOptions } from './deferred-indexes';
import { ReadModelPointer } from './read-model-pointer';

/**
 * `projecting`: loading from position zero or catching up (or caught up with the events while indexes
 * dropped for the bulk load are not yet built: `untilCaughtUp` builds them next); `building_indexes`:
 * this process is putting those indexes back; `caught_up`: nothing behind, nothing deferred.
 */
export type RebuildPhase = 'projecting' | 'building_indexes' | 'caught_up';

export interface IndexBuildProgress {
  /** The index started last (with two sessions, another may be building too). */
  readonly index: string;
  readonly table: string;
  /** Indexes built so far in this run, out of `total` missing when it began. */
  readonly done: number;
  readonly total: number;
}

export interface RebuildProgress {
  readonly schema: string;
  /** Events applied into the new schema since position zero (from its checkpoint row). */
  readonly eventsApplied: number;
  /** Events applied per second over the last interval. */
  readonly eventsPerSecond: number;
  readonly lag: ProjectionLag;
  /** Nothing in the store after the checkpoint, and no index deferred for the bulk load still to build. */
  readonly caughtUp: boolean;
  readonly phase: RebuildPhase;
  /** Secondary indexes dropped for the bulk load whose records remain (0 once every one is back). */
  readonly indexesPending: number;
  /** While this process builds the deferred indexes: which one; null otherwise. */
  readonly indexBuild: IndexBuildProgress | null;
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
  /**
   * Bulk mode (default true): on a fresh rebuild (checkpoint at zero), record and drop the secondary
   * indexes of the high-volume tables (`BULK_LOADED_TABLES` in `deferred-indexes.ts`) before loading,
   * and build them again once caught up — before `untilCaughtUp` returns and before any switch.
   * false: keep every index during the load. Indexes that an earlier run of the same schema deferred
   * are built again either way.
   */
  readonly deferIndexes?: boolean;
  /** How the deferred indexes are built: `maintenance_work_mem` (512MB by default), sessions at once (2). */
  readonly indexBuild?: Pick<IndexBuildOptions, 'maintenanceWorkMem' | 'parallelWorkers' | 'sessions'>;
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
 * rebuilds of the same schema never run at once. In bulk mode (the default) a fresh target loads
 * without the secondary indexes of its high-volume tables, which are built again once caught up
 * (`DeferredIndexes`). Switching is `switchWhenCaughtUp` (or the CLI).
 */
export class ReadModelRebuild {
  readonly runner: ProjectionRunner;
  /** The secondary indexes deferred for the bulk load (see `ReadModelRebuildOptions.deferIndexes`). */
  readonly indexes: DeferredIndexes;
  private readonly started = Date.now();
  private last: { at: number; applied: number } | null = null;
  private building: IndexBuildProgress | null = null;
  /** Aborted by `stop()`: no further deferred index is started. */
  private readonly stopping = new AbortController();

  private constructor(
    readonly dataSource: DataSource,
    private readonly options: ReadModelRebuildOptions,
  ) {
    this.indexes = new DeferredIndexes(dataSource, options.targetSchema);
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

  /**
   * Creates and migrates the target schema and copies the reference data; in bulk mode (the default),
   * on a fresh target, defers its secondary indexes (`DeferredIndexes.deferIfFresh`). Does not start.
   */
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
      const rebuild = new ReadModelRebuild(dataSource, options);
      if (options.deferIndexes ?? true) await rebuild.indexes.deferIfFresh(rebuild.runner.name);
      return rebuild;
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
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
      [this.runner.name],
    );
    const applied = Number(rows[0]?.applied ?? 0);
    const now = Date.now();
    const eventsPerSecond = this.last && now > this.last.at ? ((applied - this.last.applied) * 1000) / (now - this.last.at) : 0;
    this.last = { at: now, applied };
    const lag = await this.runner.lag();
    const indexesPending = (await this.indexes.pending()).length;
    const caughtUp = lag.eventsBehind === 0 && this.runner.isActive && indexesPending === 0;
    const indexBuild = this.building;
    return {
      schema: this.schema,
      eventsApplied: applied,
      eventsPerSecond,
      lag,
      caughtUp,
      phase: indexBuild !== null ? 'building_indexes' : caughtUp ? 'caught_up' : 'projecting',
      indexesPending,
      indexBuild,
      elapsedSeconds: (now - this.started) / 1000,
    };
  }

  /**
   * Runs until the new schema has caught up with the store (no event after its checkpoint) and every
   * index deferred for the bulk load is back (built once caught up, then caught up again with what
   * was appended meanwhile), calling `onProgress` every `everyMs` and once at the end.
   */
  async untilCaughtUp(onProgress: (p: RebuildProgress) => void = () => undefined, everyMs = 2_000): Promise<RebuildProgress> {
    this.start();
    let reported = Date.now();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(everyMs, 100)));
      if (this.runner.status === 'stopped') throw new Error('the rebuild was stopped before it caught up: run it again to resume from its checkpoint');
      if (await this.isCaughtUp()) {
        if ((await this.indexes.pending()).length > 0) {
          await this.buildDeferredIndexes(onProgress, everyMs);
          reported = Date.now();
          continue;
        }
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
   * Builds the indexes deferred for the bulk load that are still missing (this run's or a killed
   * run's), then ANALYZEs and drops their records; reports `building_indexes` progress every
   * `everyMs`. A no-op when nothing is deferred. `stop()` lets the index in hand finish and starts no
   * other; run the rebuild again to build the rest.
   */
  async buildDeferredIndexes(onProgress: (p: RebuildProgress) => void = () => undefined, everyMs = 2_000): Promise<number> {
    const before = await this.progress();
    if (before.indexesPending === 0) return 0;
    // Reported from memory, at once: the builds hold the pool's connections and the tables' locks.
    const report = (): void => {
      if (this.building === null) return;
      onProgress({ ...before, eventsPerSecond: 0, caughtUp: false, phase: 'building_indexes', indexBuild: this.building, elapsedSeconds: (Date.now() - this.started) / 1000 });
    };
    const timer = setInterval(report, everyMs);
    try {
      return await this.indexes.build({
        ...this.options.indexBuild,
        signal: this.stopping.signal,
        onIndex: (index, done, total) => {
          this.building = { index: index.name, table: index.table, done, total };
          report();
        },
      });
    } finally {
      clearInterval(timer);
      this.building = null;
    }
  }

  /**
   * Switches the pointer to the new schema once it has caught up: builds any index still deferred,
   * refuses while the schema is behind or any recorded index is missing, then compare-and-set from
   * `expectedCurrent` (the schema serving now). Keeps projecting afterwards until `stop()`.
   */
  async switchWhenCaughtUp(pointer: ReadModelPointer, expectedCurrent: string | null): Promise<void> {
    await this.buildDeferredIndexes();
    const p = await this.progress();
    if (p.indexesPending > 0) {
      const missing = await this.indexes.missing();
      throw new Error(`${this.schema} lacks ${missing.length} of ${p.indexesPending} deferred indexes (${missing.map((i) => i.name).join(', ')}): not switching`);
    }
    if (!p.caughtUp) throw new Error(`${this.schema} is ${p.lag.eventsBehind} events behind: not switching`);
    if (this.options.sourceSchema) await copyReferenceData(this.dataSource, this.options.sourceSchema, this.schema);
    await pointer.switchTo(this.options.projectionName ?? 'ledger', this.schema, expectedCurrent);
  }

  /** Stops projecting (the batch in hand commits) and building indexes (the one in hand finishes), like a kill between batches. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.runner.stop();
  }

  async close(): Promise<void> {
    this.stopping.abort();
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
