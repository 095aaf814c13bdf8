import type { DataSource, QueryRunner } from 'typeorm';
import { ReadModelError, ReadModelErrorCode } from '../errors';

/**
 * A PostgreSQL session advisory lock held on a dedicated connection: only the process holding it
 * runs the projection. The lock lives as long as that connection does, so when the holder dies
 * (process killed, connection cut) PostgreSQL releases it and a waiting runner takes over.
 */
export class ProjectionLock {
  private runner: QueryRunner | null = null;

  /** `key` names the projection and its schema: the same projection name in another schema is another lock. */
  constructor(
    private readonly dataSource: DataSource,
    readonly key: string,
  ) {}

  get held(): boolean {
    return this.runner !== null;
  }

  async tryAcquire(): Promise<boolean> {
    if (this.runner !== null) return true;
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      const rows: { locked: boolean }[] = await runner.query(
        `SELECT pg_try_advisory_lock(hashtext('rectify:projection'), hashtext($1)) AS locked`,
        [this.key],
      );
      if (rows[0]?.locked === true) {
        this.runner = runner;
        return true;
      }
    } catch {
      // the database is unreachable: not acquired, try again later
    }
    await runner.release().catch(() => undefined);
    return false;
  }

  /** Proves the lock's connection is still alive, so the lock is still ours; throws otherwise. */
  async assertHeld(): Promise<void> {
    const runner = this.runner;
    if (runner === null) throw new ReadModelError(ReadModelErrorCode.LockLost, `投影锁 ${this.key} 未持有`);
    try {
      await runner.query('SELECT 1');
    } catch (error) {
      this.runner = null;
      await runner.release().catch(() => undefined);
      throw new ReadModelError(ReadModelErrorCode.LockLost, `投影锁 ${this.key} 的连接已断开`, {
        cause: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async release(): Promise<void> {
    const runner = this.runner;
    if (runner === null) return;
    this.runner = null;
    try {
      await runner.query(`SELECT pg_advisory_unlock(hashtext('rectify:projection'), hashtext($1))`, [this.key]);
    } catch {
      // the connection is gone, and the lock with it
    }
    await runner.release().catch(() => undefined);
  }
}
