import { Registry, collectDefaultMetrics } from 'prom-client';

/** Every metric of the platform starts with this. */
export const METRIC_PREFIX = 'rectify_';

/**
 * One registry per process: the `app` label on every series, and Node's process metrics
 * (CPU, memory, event-loop lag, GC…) under `rectify_process_*` / `rectify_nodejs_*`.
 */
export function createMetricsRegistry(app: string, options: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  return registry;
}

/**
 * Bounds a label whose values come from outside (GraphQL operation names are chosen by clients):
 * the first `max` distinct values pass, later new ones become `other`, so a client cannot grow
 * the registry without end.
 */
export class LabelLimiter {
  private readonly seen = new Set<string>();

  constructor(private readonly max = 200) {}

  limit(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(value);
    return value;
  }
}
