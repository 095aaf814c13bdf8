import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { Pool } from 'pg';
import { createReadModelDataSource } from '../read-model-data-source';
import { ReadModelPointer, bootReadModelSchema } from './read-model-pointer';

describe('bootReadModelSchema', () => {
  const control = uniqueName('rmc');
  let admin: Pool;

  beforeAll(() => {
    admin = new Pool({ connectionString: testDatabaseUrl(), max: 1 });
  });
  afterAll(async () => {
    await dropSchema(admin, control);
    await admin.end();
  });

  it('keeps an explicitly configured schema, else follows the rebuild pointer, else the default', async () => {
    await expect(bootReadModelSchema(testDatabaseUrl(), 'rm_pinned', 'read_model', 'ledger', control)).resolves.toBe('rm_pinned');
    await expect(bootReadModelSchema(testDatabaseUrl(), undefined, 'read_model', 'ledger', control)).resolves.toBe('read_model');

    const db = await createReadModelDataSource({ url: testDatabaseUrl(), schema: 'read_model', poolSize: 2 }).initialize();
    try {
      const pointer = new ReadModelPointer(db, control);
      await pointer.ensure();
      await pointer.switchTo('ledger', 'read_model_v2', null);
    } finally {
      await db.destroy();
    }
    await expect(bootReadModelSchema(testDatabaseUrl(), undefined, 'read_model', 'ledger', control)).resolves.toBe('read_model_v2');
    await expect(bootReadModelSchema(testDatabaseUrl(), 'read_model', 'read_model', 'ledger', control)).resolves.toBe('read_model');
  });

  it('refuses a configured schema that is not a plain identifier', async () => {
    await expect(bootReadModelSchema(testDatabaseUrl(), 'x;drop', 'read_model', 'ledger', control)).rejects.toThrow();
  });
});
