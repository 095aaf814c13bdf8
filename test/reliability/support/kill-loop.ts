import type { Random } from '@rectify/shared-testing';
import type { AppProcess } from './app-process';
import { sleep } from './wait';

export interface KillRecord {
  readonly target: string;
  /** Milliseconds since the loop started. */
  readonly at: number;
  /** How long the process stayed dead before the restart began. */
  readonly downMs: number;
  /** How long the restarted process took to be ready again. */
  readonly restartMs: number;
  /** Boots that exited before they were ready (e.g. PostgreSQL was down then) and were retried. */
  readonly bootFailures: number;
}

/**
 * SIGKILLs `targets` in turn (the first one seeded) at seeded random moments (gap between `gapMs`),
 * keeps each dead for a seeded while (`downMs`), starts it again and waits until it is ready; until
 * `stop()`.
 */
export class KillLoop {
  readonly kills: KillRecord[] = [];
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly started = Date.now();
  private readonly first: number;

  constructor(
    private readonly random: Random,
    private readonly targets: readonly AppProcess[],
    private readonly gapMs: readonly [number, number],
    private readonly downMs: readonly [number, number],
  ) {
    this.first = random.int(targets.length);
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Stops killing; every target is left running. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    for (const target of this.targets) if (!target.running) await this.restart(target);
  }

  /**
   * Starts the target again as a supervisor does (Compose `restart: unless-stopped`, a Kubernetes
   * Deployment): a boot that exits before it is ready — the apps exit when PostgreSQL is down at
   * boot — is started again after 1 s, up to 60 times.
   */
  private async restart(target: AppProcess): Promise<{ restartMs: number; bootFailures: number }> {
    const started = Date.now();
    for (let bootFailures = 0; ; bootFailures++) {
      try {
        await target.start();
        return { restartMs: Date.now() - started, bootFailures };
      } catch (error) {
        if (target.running || bootFailures >= 60) throw error;
        await sleep(1_000);
      }
    }
  }

  private between([min, max]: readonly [number, number]): number {
    return min + this.random.int(max - min + 1);
  }

  private async run(): Promise<void> {
    while (this.running) {
      await sleep(this.between(this.gapMs));
      if (!this.running) return;
      const target = this.targets[(this.first + this.kills.length) % this.targets.length];
      const at = Date.now() - this.started;
      await target.kill();
      const downMs = this.between(this.downMs);
      await sleep(downMs);
      const { restartMs, bootFailures } = await this.restart(target);
      this.kills.push({ target: target.name, at, downMs, restartMs, bootFailures });
    }
  }
}
