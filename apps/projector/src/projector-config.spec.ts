import { loadProjectorConfig } from './projector-config';

describe('loadProjectorConfig', () => {
  it('applies the defaults', () => {
    expect(loadProjectorConfig({ DATABASE_URL: 'postgres://u@h/db' })).toEqual({
      databaseUrl: 'postgres://u@h/db',
      eventStoreSchema: 'event_store',
      readModelSchema: 'read_model',
      batchSize: 500,
    });
  });

  it.each([
    [{}, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://x', EVENT_STORE_SCHEMA: 'Bad-Name' }, 'EVENT_STORE_SCHEMA'],
    [{ DATABASE_URL: 'postgres://x', READ_MODEL_SCHEMA: 'x;drop' }, 'READ_MODEL_SCHEMA'],
    [{ DATABASE_URL: 'postgres://x', PROJECTOR_BATCH_SIZE: '0' }, 'PROJECTOR_BATCH_SIZE'],
  ])('fails fast naming the variable (%j)', (env, variable) => {
    expect(() => loadProjectorConfig(env)).toThrow(expect.objectContaining({ variable }));
  });
});
