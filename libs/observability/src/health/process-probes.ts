import type { Registry } from 'prom-client';
import type { ProcessObservabilityConfig } from '../config/observability-config';
import { startMetricsServer, type MetricsServer } from '../metrics/metrics-server';
import { Heartbeat, type HeartbeatReport } from './heartbeat';

export interface ProcessProbesOptions {
  readonly app: string;
  readonly config: ProcessObservabilityConfig;
  readonly registry: Registry;
  /** The process's own view of its health, once per beat and per `GET /health`. */
  readonly probe: () => HeartbeatReport;
  readonly logger: { log(message: string): void; warn(message: string): void };
}

/**
 * The heartbeat file and the metrics listener of a process without an HTTP server, each only
 * when configured. `start()` at bootstrap, `stop()` at shutdown (timer cleared, listener closed).
 */
export class ProcessProbes {
  private heartbeat: Heartbeat | null = null;
  private server: MetricsServer | null = null;

  constructor(private readonly options: ProcessProbesOptions) {}

  get metricsPort(): number | null {
    return this.server?.port ?? null;
  }

  async start(): Promise<void> {
    const { config, logger } = this.options;
    if (config.heartbeat) {
      this.heartbeat = new Heartbeat({
        app: this.options.app,
        file: config.heartbeat.file,
        intervalMs: config.heartbeat.intervalSeconds * 1000,
        probe: this.options.probe,
        onError: (error) => logger.warn(`heartbeat ${config.heartbeat?.file}: ${error instanceof Error ? error.message : String(error)}`),
      });
      await this.heartbeat.start();
      logger.log(`heartbeat every ${config.heartbeat.intervalSeconds} s to ${config.heartbeat.file}`);
    }
    if (config.metrics) {
      this.server = await startMetricsServer({
        host: config.metrics.host,
        port: config.metrics.port,
        registry: this.options.registry,
        healthy: () => this.options.probe().status !== 'down',
        onError: (error) => logger.warn(`metrics scrape failed: ${error instanceof Error ? error.message : String(error)}`),
      });
      logger.log(`metrics at http://${config.metrics.host}:${this.server.port}/metrics`);
    }
  }

  async stop(): Promise<void> {
    await Promise.all([this.heartbeat?.stop(), this.server?.close()]);
    this.heartbeat = null;
    this.server = null;
  }
}
