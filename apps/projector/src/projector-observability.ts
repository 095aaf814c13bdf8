import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { ProjectionRunner } from '@rectify/ledger-read-model';
import { ProcessProbes, createMetricsRegistry, registerProjectionMetrics, type HeartbeatReport, type ProcessObservabilityConfig } from '@rectify/observability';

/** The projector's health as the heartbeat and `GET /health` report it: in-process facts only. */
export function projectorHealth(runner: Pick<ProjectionRunner, 'name' | 'status' | 'error' | 'checkpoint'>): HeartbeatReport {
  const error = runner.error;
  const details = { projection: runner.name, runner: runner.status, checkpoint: runner.checkpoint, ...(error ? { lastError: error instanceof Error ? error.message : String(error) } : {}) };
  if (runner.status === 'stopped') return { status: 'down', details };
  return { status: error ? 'degraded' : 'ok', details };
}

/**
 * The projector's metrics listener (projection lag in events and seconds, active instance) and
 * heartbeat file, each when configured; both stop before the runner and the connections do.
 */
export class ProjectorObservability implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly probes: ProcessProbes;

  constructor(config: ProcessObservabilityConfig, runner: ProjectionRunner) {
    const registry = createMetricsRegistry('projector');
    registerProjectionMetrics(registry, [runner]);
    this.probes = new ProcessProbes({ app: 'projector', config, registry, probe: () => projectorHealth(runner), logger: new Logger('Observability') });
  }

  /** The listener's port once started (null when METRICS_PORT is unset). */
  get metricsPort(): number | null {
    return this.probes.metricsPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.probes.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.probes.stop();
  }
}
