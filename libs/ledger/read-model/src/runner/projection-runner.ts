import type { EventStore, Position, ReadAllResult } from '@rectify/event-store-core';
import type { DataSource } from 'typeorm';
import { ReadModelError, ReadModelErrorCode } from '../errors';
import type { Projection } from '../projections/projection';
import { schemaOf } from '../read-model-schema';
import { ProjectionBatchApplier } from './projection-batch';
import { ProjectionLock } from './projection-lock';

/** Orders two positions of the store in use (positions are opaque to the port; the adapter knows). */
export type PositionComparator = (a: Position, b: Position) => number;

export interface ProjectionRunnerOptions {
  readonly dataSource: DataSource;
  readonly store: EventStore;
  readonly projection: Projection;
  /** Needed by `waitFor`; e.g. built from the PostgreSQL adapter's `decodePosition`. */
  readonly comparePositions?: PositionComparator;
  /** Events per transaction (default 500). */
  readonly batchSize?: number;
  /**
   * Read the next page while the current one is applied (default false). Worth it for catch-up and
   * rebuilds, where the store's read and the projection's writes then overlap; the page read ahead
   * is dropped after any error, and is only used when the checkpoint is where it was read from.
   */
  readonly readAhead?: boolean;
  /** Pause when caught up before reading again (default 200 ms). */
  readonly idleDelayMs?: number;
  /** Pause between attempts to take the lock (default 1000 ms). */
  readonly lockRetryMs?: number;
  /** Pause after a failed batch before retrying it (default 1000 ms). */
  readonly errorDelayMs?: number;
  /** At most this many events are counted for `lag()` (default 10,000). */
  readonly lagScanLimit?: number;
  readonly onError?: (error: unknown) => void;
  readonly clock?: () => Date;
}

export type ProjectionRunnerState = 'stopped' | 'waiting_for_lock' | 'running' | 'stopping';

export interface ProjectionLag {
  /** Events in the store after the checkpoint (at most `lagScanLimit`). */
  readonly eventsBehind: number;
  /** True when there may be more than `eventsBehind`. */
  readonly capped: boolean;
  /** Age of the oldest event not yet applied; 0 when caught up. */
  readonly secondsBehind: number;
}

type Waiter = { position: Position; resolve: () => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

/**
 * Runs one projection: takes its advisory lock (waiting while another instance holds it), then reads
 * the store from the checkpoint in pages and applies each page with its checkpoint in one
 * transaction. `stop()` finishes the batch in hand, releases the lock and returns.
 */
export class ProjectionRunner {
  private readonly applier: ProjectionBatchApplier;
  private readonly lock: ProjectionLock;
  private state: ProjectionRunnerState = 'stopped';
  private position: Position | null = null;
  private positionKnown = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private waiters: Waiter[] = [];
  private lastError: unknown = null;
  private ahead: { after: Position | null; page: Promise<ReadAllResult> } | null = null;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.applier = new ProjectionBatchApplier(options.dataSource, options.projection);
    this.lock = new ProjectionLock(options.dataSource, `${schemaOf(options.dataSource)}:${options.projection.name}`);
  }

  get name(): string {
    return this.options.projection.name;
  }

  get status(): ProjectionRunnerState {
    return this.state;
  }

  /** True while this instance holds the lock and projects. */
  get isActive(): boolean {
    return this.state === 'running';
  }

  /** The last checkpoint this instance committed or read; null before the first event. */
  get checkpoint(): Position | null {
    return this.position;
  }

  get error(): unknown {
    return this.lastError;
  }

  start(): void {
    if (this.loop !== null) return;
    this.state = 'waiting_for_lock';
    this.loop = this.run().finally(() => {
      this.state = 'stopped';
      this.loop = null;
    });
  }

  /** Finishes the batch in hand, releases the lock; idempotent. */
  async stop(): Promise<void> {
    if (this.loop === null) return;
    this.state = 'stopping';
    this.wake?.();
    await this.loop;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new ReadModelError(ReadModelErrorCode.Timeout, `投影 ${this.name} 已停止`));
    }
  }

  /**
   * Resolves once this runner has applied everything up to `position` (the position an append
   * returned): read-your-writes in the projector's own process. Other processes poll the checkpoint
   * table with `ProjectionCheckpointService.waitFor`.
   */
  waitFor(position: Position, timeoutMs = 5_000): Promise<void> {
    const compare = this.requireComparator();
    if (this.positionKnown && this.position !== null && compare(this.position, position) >= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        position,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new ReadModelError(ReadModelErrorCode.Timeout, `等待投影 ${this.name} 追上位置 ${position} 超时`, { position, timeoutMs }));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** How far the projection is behind the store (for metrics). */
  async lag(): Promise<ProjectionLag> {
    const after = this.positionKnown ? this.position : await this.applier.readCheckpoint();
    const limit = this.options.lagScanLimit ?? 10_000;
    const { events } = await this.options.store.readAll({ after, maxCount: limit });
    const oldest = events[0];
    const now = (this.options.clock ?? (() => new Date()))();
    return {
      eventsBehind: events.length,
      capped: events.length >= limit,
      secondsBehind: oldest ? Math.max(0, (now.getTime() - oldest.recordedAt.getTime()) / 1000) : 0,
    };
  }

  private async run(): Promise<void> {
    try {
      while (!this.stopping()) {
        try {
          if (!(await this.ensureLock())) {
            await this.sleep(this.options.lockRetryMs ?? 1_000);
            continue;
          }
          const applied = await this.step();
          if (applied === 0) await this.sleep(this.options.idleDelayMs ?? 200);
        } catch (error) {
          this.lastError = error;
          this.options.onError?.(error);
          // Re-read the checkpoint before the next batch: it may have moved (CheckpointMoved).
          this.positionKnown = false;
          this.dropReadAhead();
          if (error instanceof ReadModelError && error.code === ReadModelErrorCode.LockLost && !this.stopping()) {
            this.state = 'waiting_for_lock';
          }
          await this.sleep(this.options.errorDelayMs ?? 1_000);
        }
      }
    } finally {
      await this.lock.release();
    }
  }

  private async ensureLock(): Promise<boolean> {
    if (this.lock.held) return true;
    this.state = 'waiting_for_lock';
    if (!(await this.lock.tryAcquire())) return false;
    if (this.stopping()) return false;
    this.state = 'running';
    this.positionKnown = false;
    return true;
  }

  /** Reads one page after the checkpoint and applies it; returns how many events were applied. */
  private async step(): Promise<number> {
    await this.lock.assertHeld();
    if (!this.positionKnown) {
      this.position = await this.applier.readCheckpoint();
      this.positionKnown = true;
      this.settleWaiters();
    }
    const maxCount = this.options.batchSize ?? 500;
    const page = await this.readPage(this.position, maxCount);
    if (page.events.length === 0) return 0;
    if (this.options.readAhead === true && page.events.length === maxCount) {
      const next = this.options.store.readAll({ after: page.checkpoint, maxCount });
      next.catch(() => undefined); // a failed read ahead is read again, in order, by the next step
      this.ahead = { after: page.checkpoint, page: next };
    }
    this.position = await this.applier.apply(page.events, this.position);
    this.lastError = null;
    this.settleWaiters();
    return page.events.length;
  }

  /** The page after `after`: the one read ahead when it starts there, else a fresh read. */
  private readPage(after: Position | null, maxCount: number): Promise<ReadAllResult> {
    const ahead = this.ahead;
    this.ahead = null;
    if (ahead !== null && ahead.after === after) return ahead.page;
    return this.options.store.readAll({ after, maxCount });
  }

  private dropReadAhead(): void {
    this.ahead = null;
  }

  private settleWaiters(): void {
    const position = this.position;
    if (position === null || this.waiters.length === 0) return;
    const compare = this.requireComparator();
    const done = this.waiters.filter((w) => compare(position, w.position) >= 0);
    this.waiters = this.waiters.filter((w) => !done.includes(w));
    for (const waiter of done) {
      clearTimeout(waiter.timer);
      waiter.resolve();
    }
  }

  private requireComparator(): PositionComparator {
    const compare = this.options.comparePositions;
    if (compare === undefined) {
      throw new ReadModelError(ReadModelErrorCode.InvalidArgument, '未配置位置比较函数（comparePositions），无法等待投影追上');
    }
    return compare;
  }

  private stopping(): boolean {
    return this.state === 'stopping';
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
