import { Counter, Histogram, type Registry } from 'prom-client';
import { LabelLimiter } from './metrics-registry';

export type GraphqlOutcome = 'success' | 'error';

/** The API's request metrics. */
export class HttpMetrics {
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly graphql: Histogram<'operation' | 'type' | 'outcome'>;
  private readonly operations = new LabelLimiter(200);

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'rectify_http_requests_total',
      help: 'HTTP responses by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
    this.graphql = new Histogram({
      name: 'rectify_graphql_request_duration_seconds',
      help: 'GraphQL operations (each operation of a batch counts once) by operation name, type and outcome',
      labelNames: ['operation', 'type', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  /** `route` is the matched pattern (`/graphql`, `/health/ready`); unmatched URLs count as `unmatched`. */
  countResponse(method: string, route: string | undefined, status: number): void {
    this.requests.inc({ method, route: route || 'unmatched', status: String(status) });
  }

  /** `operation`: the operation's name (`anonymous` without one; names past the first 200 become `other`). */
  observeGraphql(operation: string | null | undefined, type: string | null | undefined, outcome: GraphqlOutcome, seconds: number): void {
    const name = operation && /^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(operation) ? this.operations.limit(operation) : 'anonymous';
    this.graphql.observe({ operation: name, type: type ?? 'unknown', outcome }, seconds);
  }
}
