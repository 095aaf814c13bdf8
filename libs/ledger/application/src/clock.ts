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
