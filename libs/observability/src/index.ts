export {
  LOG_LEVELS,
  OBSERVABILITY_OFF,
  ObservabilityConfigError,
  loadLogLevel,
  loadProcessObservabilityConfig,
  type HeartbeatConfig,
  type LogLevel,
  type MetricsListenerConfig,
  type ProcessObservabilityConfig,
} from './config/observability-config';
export { CORRELATION_ID_HEADER, currentLogContext, resolveCorrelationId, runWithLogContext, type LogContext } from './logging/log-context';
export { PinoLoggerService, type PinoLoggerOptions } from './logging/pino-logger.service';
export { LabelLimiter, METRIC_PREFIX, createMetricsRegistry } from './metrics/metrics-registry';
export { HttpMetrics, type GraphqlOutcome } from './metrics/http-metrics';
export { registerProjectionMetrics, type ProjectionLagSource } from './metrics/projection-metrics';
export { QUEUE_STATES, QueueMetrics, type QueueDepthSource, type QueueState } from './metrics/queue-metrics';
export { startMetricsServer, type MetricsServer, type MetricsServerOptions } from './metrics/metrics-server';
export { ProcessProbes, type ProcessProbesOptions } from './health/process-probes';
export { Heartbeat, checkHeartbeat, type HeartbeatOptions, type HeartbeatRecord, type HeartbeatReport, type HeartbeatStatus, type HeartbeatVerdict } from './health/heartbeat';
