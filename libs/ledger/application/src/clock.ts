import { readFileSync } from 'node:fs';

/** Where command handlers take business time (`metadata.now`) from; tests pass a fixed one. */
export interface Clock {
  now(): string;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };

/** A clock that tests move by hand. */
export class ManualClock implements Clock {
  constructor(private current: string) {}
  now(): string {
    return this.current;
  }
  set(instant: string): void {
    this.current = new Date(instant).toISOString();
  }
  advanceDays(days: number): void {
    this.current = new Date(Date.parse(this.current) + days * 86_400_000).toISOString();
  }
}

/**
 * Business time read from a file on every call: how the end-to-end and reliability suites, which
 * run the api and the worker as separate processes, play a 2023 campaign day by day. The apps'
 * configs refuse it in production (API_TEST_CLOCK_FILE, WORKER_TEST_CLOCK_FILE).
 */
export class FileClock implements Clock {
  constructor(private readonly path: string) {}

  now(): string {
    const text = readFileSync(this.path, 'utf8').trim();
    const time = Date.parse(text);
    if (Number.isNaN(time)) throw new Error(`The clock file ${this.path} does not hold an ISO instant`);
    return new Date(time).toISOString();
  }
}
