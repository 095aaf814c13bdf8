import { ObservabilityConfigError, loadLogLevel, loadProcessObservabilityConfig } from './observability-config';

function variableOf(env: Record<string, string>): string {
  try {
    loadProcessObservabilityConfig(env);
  } catch (error) {
    if (error instanceof ObservabilityConfigError) return error.variable;
    throw error;
  }
  throw new Error('expected an ObservabilityConfigError');
}

describe('loadProcessObservabilityConfig', () => {
  it('turns the listener and the heartbeat off unless asked, at level info', () => {
    expect(loadProcessObservabilityConfig({})).toEqual({ logLevel: 'info', metrics: null, heartbeat: null });
  });

  it('reads every variable', () => {
    expect(
      loadProcessObservabilityConfig({ LOG_LEVEL: 'debug', METRICS_PORT: '9464', METRICS_HOST: '127.0.0.1', HEALTH_FILE: '/tmp/worker.heartbeat', HEALTH_INTERVAL_SECONDS: '5' }),
    ).toEqual({ logLevel: 'debug', metrics: { host: '127.0.0.1', port: 9464 }, heartbeat: { file: '/tmp/worker.heartbeat', intervalSeconds: 5 } });
    expect(loadProcessObservabilityConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ host: '0.0.0.0', port: 9464 });
  });

  it.each([
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [{ METRICS_PORT: 'ninety' }, 'METRICS_PORT'],
    [{ METRICS_PORT: '70000' }, 'METRICS_PORT'],
    [{ METRICS_PORT: '9464', METRICS_HOST: 'a b' }, 'METRICS_HOST'],
    [{ HEALTH_FILE: 'relative/heartbeat' }, 'HEALTH_FILE'],
    [{ HEALTH_INTERVAL_SECONDS: '0' }, 'HEALTH_INTERVAL_SECONDS'],
  ])('names the bad variable: %j', (env, variable) => {
    expect(variableOf(env)).toBe(variable);
  });

  it('loadLogLevel names LOG_LEVEL in its message', () => {
    expect(() => loadLogLevel({ LOG_LEVEL: 'loud' })).toThrow(/^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/);
  });
});
