import { readFileSync } from 'node:fs';
import type { Clock } from '@rectify/ledger-application';

/**
 * Business time read from a file on every command: how the end-to-end suite, which runs the API as
 * a separate process, plays a 2023 campaign day by day. The config refuses it in production.
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
