import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { EventStore } from '@rectify/event-store-core';
import { migrateEventStore } from '@rectify/event-store-postgres';
import { LedgerEntryQueryService, ProjectionRunner, createReadModelDataSource, runReadModelMigrations } from '@rectify/ledger-read-model';
import { checkHeartbeat } from '@rectify/observability';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PROJECTOR_EVENT_STORE, ProjectorModule } from './projector.module';
import { ProjectorObservability } from './projector-observability';

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

  it('boots against a real database and projects an appended event; serves its lag as metrics and writes a heartbeat until it stops', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rectify-projector-'));
    const heartbeatFile = join(dir, 'projector.heartbeat');
    const observability = { logLevel: 'info' as const, metrics: { host: '127.0.0.1', port: 0 }, heartbeat: { file: heartbeatFile, intervalSeconds: 1 } };
    const app = await NestFactory.createApplicationContext(
      ProjectorModule.forRoot({ databaseUrl: testDatabaseUrl(), eventStore: { adapter: 'postgres' }, eventStoreSchema, readModelSchema, batchSize: 100, observability }),
      { logger: false },
    );
    const metricsUrl = `http://127.0.0.1:${app.get(ProjectorObservability).metricsPort}/metrics`;
    try {
      const store = app.get<EventStore>(PROJECTOR_EVENT_STORE);
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

      const metrics = await (await fetch(metricsUrl)).text();
      expect(metrics).toContain('rectify_projection_lag_events{projection="ledger",app="projector"} 0');
      expect(metrics).toContain('rectify_projection_lag_seconds{projection="ledger",app="projector"} 0');
      expect(metrics).toMatch(/rectify_projection_active\{projection="ledger",app="projector"\} [01]/);
      expect(await checkHeartbeat(heartbeatFile, 5)).toMatchObject({ healthy: true, record: { app: 'projector', details: { projection: 'ledger' } } });
    } finally {
      await app.close();
    }
    expect(app.get(ProjectionRunner).status).toBe('stopped');
    await expect(fetch(metricsUrl)).rejects.toThrow();
    const last = await readFile(heartbeatFile, 'utf8');
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await readFile(heartbeatFile, 'utf8')).toBe(last);
    await rm(dir, { recursive: true, force: true });
  });
});
