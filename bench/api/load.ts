import autocannon from 'autocannon';

/** One GraphQL POST: the body for the n-th request (0-based, across all connections). */
export type BodyFactory = (n: number) => string;

export interface LoadOptions {
  readonly url: string;
  readonly token: string;
  readonly connections: number;
  /** Seconds; ignored when `amount` is set. */
  readonly duration: number;
  /** Exactly this many requests (e.g. one per prepared entry). */
  readonly amount?: number;
  readonly body: BodyFactory;
  /** Called with every response body that is a GraphQL success (for collecting ids). */
  readonly onData?: (body: string) => void;
}

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Milliseconds, exact (every response time kept, not a histogram's buckets). */
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number; readonly mean: number };
  /** Transport errors, timeouts, non-2xx answers and 200 answers carrying GraphQL `errors`. */
  readonly failures: number;
  /** The first few failing bodies, to say why. */
  readonly sampleFailures: string[];
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

const round = (value: number): number => Math.round(value * 100) / 100;

/**
 * Runs autocannon in this process against `url`/graphql with `connections` keep-alive connections,
 * one request in flight per connection (no pipelining), each request's body from `body(n)`.
 * A response counts as a failure when it is not 200 or its body has top-level GraphQL `errors`.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let next = 0;
  let graphqlErrors = 0;
  const sampleFailures: string[] = [];
  const latencies: number[] = [];
  const instance = autocannon({
    url: `${options.url}/graphql`,
    connections: options.connections,
    pipelining: 1,
    timeout: 30,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.duration }),
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
        setupRequest: (request) => ({ ...request, body: options.body(next++) }),
        onResponse: (status, body) => {
          if (status === 200 && !body.startsWith('{"errors"') && !body.includes('"errors":[')) {
            options.onData?.(body);
            return;
          }
          if (status === 200) graphqlErrors++;
          if (sampleFailures.length < 3) sampleFailures.push(`${status} ${body.slice(0, 400)}`);
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const result = await instance;
  const sorted = Float64Array.from(latencies).sort();
  const requests = sorted.length;
  const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    requests,
    seconds: round(seconds),
    perSecond: Math.round(requests / seconds),
    latencyMs: {
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted[sorted.length - 1] ?? NaN),
      mean: round(sum / Math.max(1, requests)),
    },
    failures: result.errors + result.timeouts + result.non2xx + graphqlErrors,
    sampleFailures,
  };
}
