import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { PostgresEventStore, migrateEventStore } from '@rectify/event-store-postgres';
import { LedgerEntryQueryService, ProjectionRunner, createReadModelDataSource, runReadModelMigrations } from '@rectify/ledger-read-model';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { ProjectorModule } from './projector.module';

describe('ProjectorModule', () => {
  const eventStoreSchema = uniqueName('es');
  const readModelSchema = uniqueName('rm');
  let admin: Pool;

  beforeAll(async () => {
    admin = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
    await migrateEventStore(admin, { schema: eventStoreSchema });
    const migrator = createReadModelDataSource({ url: testDatabaseUrl(), schema: readModelSchema, poolSize: 2 });
    await migrator.initialize();
    await runReadModelMigrations(migrator);
    await migrator.destroy();
  });

  afterAll(async () => {
    await dropSchema(admin, readModelSchema);
    await dropSchema(admin, eventStoreSchema);
    await admin.end();
  });

  it('boots against a real database and projects an appended event', async () => {
    const app = await NestFactory.createApplicationContext(
      ProjectorModule.forRoot({ databaseUrl: testDatabaseUrl(), eventStoreSchema, readModelSchema, batchSize: 100 }),
      { logger: false },
    );
    try {
      const store = app.get(PostgresEventStore);
      const entryId = uniqueName('e');
      const tenant = { id: 'tenant-411081005', path: '411000/411081/411081005' };
      const { position } = await store.append(`entry-${entryId}`, [
        {
          eventId: randomUUID(),
          type: 'ProblemRecorded',
          schemaVersion: 1,
          data: {
            entryId,
            campaignId: uniqueName('c'),
            tenant,
            villageCode: '411081005201',
            itemNo: 5,
            description: '脱贫户家中幼儿未享受低保生活补助',
            foundBy: '王排查',
            foundAt: '2023-08-02T02:00:00Z',
            campaignDeadlines: { immediate: '2023-08-31', fixedTerm: '2023-10-31' },
            recurrence: null,
            at: '2023-08-02T02:00:00Z',
            by: { userId: 'user-inspector' },
          },
          metadata: { tenantId: tenant.id, tenantPath: tenant.path },
        },
      ]);
      await app.get(ProjectionRunner).waitFor(position, 10_000);
      const entry = await new LedgerEntryQueryService(app.get(DataSource)).entryById(entryId, '411000/411081');
      expect(entry).toMatchObject({ entryId, status: 'recorded', itemNo: 5, townshipCode: '411081005' });
    } finally {
      await app.close();
    }
    expect(app.get(ProjectionRunner).status).toBe('stopped');
  });
});
