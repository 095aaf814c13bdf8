import { readFile, rename, writeFile } from 'node:fs/promises';

export type HeartbeatStatus = 'ok' | 'degraded' | 'down';

/** What the process reports each beat. */
export interface HeartbeatReport {
  readonly status: HeartbeatStatus;
  /** Free-form facts for whoever reads the file (runner state, last error…). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The file's content: one JSON object, replaced atomically each beat. */
export interface HeartbeatRecord extends HeartbeatReport {
  readonly app: string;
  readonly pid: number;
  /** ISO instant of the beat. */
  readonly time: string;
}

export interface HeartbeatOptions {
  readonly app: string;
  readonly file: string;
  readonly intervalMs: number;
  /** Cheap, in-process checks only (no network round trip): called once per beat. */
  readonly probe: () => HeartbeatReport;
  readonly onError?: (error: unknown) => void;
  readonly now?: () => Date;
}

/**
 * Writes `{app, pid, status, time, details}` to a file every interval (to `<file>.tmp`, then
 * renamed over it, so a reader never sees half a file). The timer is unref'd; `stop()` ends it.
 * Probes: `check-heartbeat <file> <maxAgeSeconds>` (see the README).
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private lastReport: HeartbeatReport | null = null;

  constructor(private readonly options: HeartbeatOptions) {}

  /** Writes the first beat now, then one per interval. */
  async start(): Promise<void> {
    if (this.timer !== null) return;
    this.timer = setInterval(() => void this.beat(), this.options.intervalMs);
    this.timer.unref();
    await this.beat();
  }

  /** The last status written (null before the first beat). */
  get last(): HeartbeatReport | null {
    return this.lastReport;
  }

  async beat(): Promise<void> {
    this.writing = this.writing.then(async () => {
      try {
        const report = this.options.probe();
        const record: HeartbeatRecord = { app: this.options.app, pid: process.pid, time: (this.options.now?.() ?? new Date()).toISOString(), ...report };
        const tmp = `${this.options.file}.tmp`;
        await writeFile(tmp, `${JSON.stringify(record)}\n`);
        await rename(tmp, this.options.file);
        this.lastReport = report;
      } catch (error) {
        this.options.onError?.(error);
      }
    });
    return this.writing;
  }

  /** No more beats; the file stays (it goes stale, which is what a probe should see). */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.writing;
  }
}

export interface HeartbeatVerdict {
  readonly healthy: boolean;
  readonly reason: string;
  readonly record: HeartbeatRecord | null;
}

/** Healthy when the file exists, parses, was written at most `maxAgeSeconds` ago and its status is not `down`. */
export async function checkHeartbeat(file: string, maxAgeSeconds: number, now: Date = new Date()): Promise<HeartbeatVerdict> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { healthy: false, reason: `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, record: null };
  }
  let record: HeartbeatRecord;
  try {
    record = JSON.parse(text) as HeartbeatRecord;
  } catch {
    return { healthy: false, reason: `${file} is not a heartbeat (invalid JSON)`, record: null };
  }
  const written = Date.parse(typeof record?.time === 'string' ? record.time : '');
  if (Number.isNaN(written)) return { healthy: false, reason: `${file} has no valid time`, record };
  const age = (now.getTime() - written) / 1000;
  if (age > maxAgeSeconds) return { healthy: false, reason: `${record.app} heartbeat is ${Math.round(age)} s old (limit ${maxAgeSeconds} s)`, record };
  if (record.status === 'down') return { healthy: false, reason: `${record.app} reports down: ${JSON.stringify(record.details ?? {})}`, record };
  return { healthy: true, reason: `${record.app} ${record.status}, ${Math.round(age)} s ago`, record };
}
