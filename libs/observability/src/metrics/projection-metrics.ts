import { Gauge, type Registry } from 'prom-client';

/** What the projection metrics read (a ProjectionRunner fits). */
export interface ProjectionLagSource {
  readonly name: string;
  /** True while this instance holds the projection's lock and projects. */
  readonly isActive: boolean;
  lag(): Promise<{ readonly eventsBehind: number; readonly secondsBehind: number }>;
}

/**
 * `rectify_projection_lag_events`, `rectify_projection_lag_seconds` and `rectify_projection_active`
 * per projection, read at scrape time (one `lag()` per scrape: the two lag gauges share it).
 */
export function registerProjectionMetrics(registry: Registry, sources: readonly ProjectionLagSource[]): void {
  const pending = new Map<string, Promise<{ eventsBehind: number; secondsBehind: number }>>();
  const lagOf = (source: ProjectionLagSource): Promise<{ eventsBehind: number; secondsBehind: number }> => {
    let lag = pending.get(source.name);
    if (!lag) {
      lag = source.lag().finally(() => setTimeout(() => pending.delete(source.name), 500).unref());
      pending.set(source.name, lag);
    }
    return lag;
  };
  new Gauge({
    name: 'rectify_projection_lag_events',
    help: 'Events in the store after the projection checkpoint (counted up to the runner scan limit, 10000 by default)',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      for (const source of sources) this.set({ projection: source.name }, (await lagOf(source)).eventsBehind);
    },
  });
  new Gauge({
    name: 'rectify_projection_lag_seconds',
    help: 'Age of the oldest event not yet projected; 0 when caught up',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      for (const source of sources) this.set({ projection: source.name }, (await lagOf(source)).secondsBehind);
    },
  });
  new Gauge({
    name: 'rectify_projection_active',
    help: '1 while this instance holds the projection lock and projects, 0 on a standby',
    labelNames: ['projection'],
    registers: [registry],
    collect() {
      for (const source of sources) this.set({ projection: source.name }, source.isActive ? 1 : 0);
    },
  });
}
