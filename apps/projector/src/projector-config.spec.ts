import { loadProjectorConfig } from './projector-config';

describe('loadProjectorConfig', () => {
  it('applies the defaults', () => {
    expect(loadProjectorConfig({ DATABASE_URL: 'postgres://u@h/db' })).toEqual({
      databaseUrl: 'postgres://u@h/db',
      eventStore: { adapter: 'postgres' },
      eventStoreSchema: 'event_store',
      readModelSchema: 'read_model',
      batchSize: 500,
      observability: { logLevel: 'info', metrics: null, heartbeat: null },
    });
  });

  it('reads the metrics listener and the heartbeat', () => {
    expect(loadProjectorConfig({ DATABASE_URL: 'postgres://u@h/db', METRICS_PORT: '9464', HEALTH_FILE: '/tmp/projector.heartbeat' }).observability).toEqual({
      logLevel: 'info',
      metrics: { host: '0.0.0.0', port: 9464 },
      heartbeat: { file: '/tmp/projector.heartbeat', intervalSeconds: 10 },
    });
  });

  it('selects EventStoreDB with its URL', () => {
    const env = { DATABASE_URL: 'postgres://u@h/db', EVENT_STORE_ADAPTER: 'eventstoredb', EVENTSTOREDB_URL: 'esdb://eventstoredb:2113?tls=false' };
    expect(loadProjectorConfig(env).eventStore).toEqual({ adapter: 'eventstoredb', url: 'esdb://eventstoredb:2113?tls=false' });
    expect(loadProjectorConfig({ DATABASE_URL: 'postgres://u@h/db', EVENT_STORE_ADAPTER: 'postgres', EVENTSTOREDB_URL: 'esdb://ignored:2113' }).eventStore).toEqual({ adapter: 'postgres' });
  });

  it.each([
    [{ DATABASE_URL: 'postgres://x', EVENT_STORE_ADAPTER: 'mongodb' }, 'EVENT_STORE_ADAPTER'],
    [{ DATABASE_URL: 'postgres://x', EVENT_STORE_ADAPTER: 'eventstoredb' }, 'EVENTSTOREDB_URL'],
    [{ DATABASE_URL: 'postgres://x', EVENT_STORE_ADAPTER: 'eventstoredb', EVENTSTOREDB_URL: 'http://eventstoredb:2113' }, 'EVENTSTOREDB_URL'],
    [{}, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://x', EVENT_STORE_SCHEMA: 'Bad-Name' }, 'EVENT_STORE_SCHEMA'],
    [{ DATABASE_URL: 'postgres://x', READ_MODEL_SCHEMA: 'x;drop' }, 'READ_MODEL_SCHEMA'],
    [{ DATABASE_URL: 'postgres://x', PROJECTOR_BATCH_SIZE: '0' }, 'PROJECTOR_BATCH_SIZE'],
    [{ DATABASE_URL: 'postgres://x', LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATABASE_URL: 'postgres://x', METRICS_PORT: '-1' }, 'METRICS_PORT'],
    [{ DATABASE_URL: 'postgres://x', HEALTH_FILE: 'projector.heartbeat' }, 'HEALTH_FILE'],
  ])('fails fast naming the variable (%j)', (env, variable) => {
    expect(() => loadProjectorConfig(env)).toThrow(expect.objectContaining({ variable }));
  });
});
