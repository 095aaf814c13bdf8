import { Registry } from 'prom-client';
import { HttpMetrics } from './http-metrics';
import { createMetricsRegistry } from './metrics-registry';
import { startMetricsServer } from './metrics-server';
import { registerProjectionMetrics } from './projection-metrics';
import { QueueMetrics } from './queue-metrics';

describe('metrics', () => {
  it('serves the projection lag, read once per scrape, and /health over plain HTTP; close() stops the listener', async () => {
    const registry = createMetricsRegistry('projector');
    let lagCalls = 0;
    registerProjectionMetrics(registry, [
      {
        name: 'ledger',
        isActive: true,
        lag: async () => {
          lagCalls++;
          return { eventsBehind: 42, secondsBehind: 1.5 };
        },
      },
    ]);
    let healthy = true;
    const server = await startMetricsServer({ host: '127.0.0.1', port: 0, registry, healthy: () => healthy });
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      const text = await response.text();
      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(text).toContain('rectify_projection_lag_events{projection="ledger",app="projector"} 42');
      expect(text).toContain('rectify_projection_lag_seconds{projection="ledger",app="projector"} 1.5');
      expect(text).toContain('rectify_projection_active{projection="ledger",app="projector"} 1');
      expect(text).toMatch(/^rectify_process_cpu_seconds_total/m);
      expect(lagCalls).toBe(1);
      expect((await fetch(`http://127.0.0.1:${server.port}/health`)).status).toBe(200);
      healthy = false;
      expect((await fetch(`http://127.0.0.1:${server.port}/health`)).status).toBe(503);
      expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
    } finally {
      await server.close();
    }
    await expect(fetch(`http://127.0.0.1:${server.port}/metrics`)).rejects.toThrow();
  });

  it('answers 500 when a collector fails, and reports the error', async () => {
    const registry = createMetricsRegistry('projector', { defaultMetrics: false });
    registerProjectionMetrics(registry, [{ name: 'ledger', isActive: false, lag: () => Promise.reject(new Error('database down')) }]);
    const errors: unknown[] = [];
    const server = await startMetricsServer({ host: '127.0.0.1', port: 0, registry, onError: (e) => errors.push(e) });
    try {
      expect((await fetch(`http://127.0.0.1:${server.port}/metrics`)).status).toBe(500);
      expect(String(errors[0])).toContain('database down');
    } finally {
      await server.close();
    }
  });

  it('counts queue depth per queue and state, job outcomes and escalations', async () => {
    const registry = new Registry();
    const queues = [
      { name: '{rectify-escalation}', getJobCounts: async () => ({ waiting: 3, active: 1, delayed: 0, failed: 2 }) },
      { name: '{rectify-reports}', getJobCounts: async () => ({ waiting: 0, active: 0, delayed: 5, failed: 0 }) },
    ];
    const metrics = new QueueMetrics(registry, queues);
    metrics.jobCompleted('{rectify-reports}');
    metrics.jobFailed('{rectify-escalation}');
    metrics.escalationsAppended(7);
    metrics.escalationsAppended(0);
    const text = await registry.metrics();
    expect(text).toContain('rectify_queue_jobs{queue="{rectify-escalation}",state="waiting"} 3');
    expect(text).toContain('rectify_queue_jobs{queue="{rectify-escalation}",state="failed"} 2');
    expect(text).toContain('rectify_queue_jobs{queue="{rectify-reports}",state="delayed"} 5');
    expect(text).toContain('rectify_queue_jobs_completed_total{queue="{rectify-reports}"} 1');
    expect(text).toContain('rectify_queue_jobs_completed_total{queue="{rectify-escalation}"} 0');
    expect(text).toContain('rectify_queue_jobs_failed_total{queue="{rectify-escalation}"} 1');
    expect(text).toContain('rectify_escalations_appended_total 7');
  });

  it('bounds the operation-name label: anonymous, invalid and names past the limit collapse', async () => {
    const registry = new Registry();
    const http = new HttpMetrics(registry);
    http.observeGraphql('LedgerEntries', 'query', 'success', 0.02);
    http.observeGraphql(null, 'mutation', 'error', 0.01);
    http.observeGraphql('bad name"}', 'query', 'success', 0.01);
    for (let i = 0; i < 250; i++) http.observeGraphql(`Op${i}`, 'query', 'success', 0.001);
    http.countResponse('POST', '/graphql', 200);
    http.countResponse('GET', undefined, 404);
    const text = await registry.metrics();
    expect(text).toContain('rectify_graphql_request_duration_seconds_count{operation="LedgerEntries",type="query",outcome="success"} 1');
    expect(text).toContain('rectify_graphql_request_duration_seconds_count{operation="anonymous",type="mutation",outcome="error"} 1');
    expect(text).toContain('rectify_graphql_request_duration_seconds_count{operation="anonymous",type="query",outcome="success"} 1');
    expect(text).toContain('operation="other"');
    expect(text).not.toContain('operation="Op249"');
    expect(text).toContain('rectify_http_requests_total{method="POST",route="/graphql",status="200"} 1');
    expect(text).toContain('rectify_http_requests_total{method="GET",route="unmatched",status="404"} 1');
  });
});
