import { isAbsolute } from 'node:path';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The metrics listener of a process without an HTTP server (projector, worker). */
export interface MetricsListenerConfig {
  readonly host: string;
  readonly port: number;
}

/** The heartbeat file a process without an HTTP server writes for exec/compose probes. */
export interface HeartbeatConfig {
  readonly file: string;
  readonly intervalSeconds: number;
}

/** Logging, metrics and health settings of the projector and the worker. */
export interface ProcessObservabilityConfig {
  readonly logLevel: LogLevel;
  /** null: no metrics listener (METRICS_PORT unset). */
  readonly metrics: MetricsListenerConfig | null;
  /** null: no heartbeat file (HEALTH_FILE unset). */
  readonly heartbeat: HeartbeatConfig | null;
}

/** Everything off, level info: for tests that build an app's config by hand. */
export const OBSERVABILITY_OFF: ProcessObservabilityConfig = { logLevel: 'info', metrics: null, heartbeat: null };

/** Thrown by the loaders below; each app rethrows it as its own config error, same variable. */
export class ObservabilityConfigError extends Error {
  override readonly name = 'ObservabilityConfigError';
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable} ${problem}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function present(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new ObservabilityConfigError(name, `must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  return value;
}

/** LOG_LEVEL: fatal, error, warn, info (default), debug, trace or silent. */
export function loadLogLevel(env: Env): LogLevel {
  const raw = present(env, 'LOG_LEVEL') ?? 'info';
  const level = LOG_LEVELS.find((l) => l === raw);
  if (level === undefined) throw new ObservabilityConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(raw)})`);
  return level;
}

/**
 * LOG_LEVEL, METRICS_PORT (unset: no listener) with METRICS_HOST (default 0.0.0.0, so Prometheus
 * can reach it in a container), HEALTH_FILE (absolute; unset: no heartbeat) with
 * HEALTH_INTERVAL_SECONDS (default 10).
 */
export function loadProcessObservabilityConfig(env: Env): ProcessObservabilityConfig {
  const logLevel = loadLogLevel(env);
  const port = present(env, 'METRICS_PORT') === undefined ? null : integer(env, 'METRICS_PORT', 0, 1, 65535);
  const host = present(env, 'METRICS_HOST') ?? '0.0.0.0';
  if (!/^[A-Za-z0-9.:-]{1,253}$/.test(host)) throw new ObservabilityConfigError('METRICS_HOST', `must be a host name or IP address (got ${JSON.stringify(host)})`);
  const file = present(env, 'HEALTH_FILE');
  if (file !== undefined && !isAbsolute(file)) throw new ObservabilityConfigError('HEALTH_FILE', `must be an absolute path (got ${JSON.stringify(file)})`);
  const intervalSeconds = integer(env, 'HEALTH_INTERVAL_SECONDS', 10, 1, 300);
  return {
    logLevel,
    metrics: port === null ? null : { host, port },
    heartbeat: file === undefined ? null : { file, intervalSeconds },
  };
}
