import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { EventStore, NewEvent } from '@rectify/event-store-core';
import { EventStoreDbEventStore } from '@rectify/event-store-eventstoredb';
import { LedgerEntryQueryService, ProjectionRunner, createReadModelDataSource, runReadModelMigrations } from '@rectify/ledger-read-model';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { loadProjectorConfig } from './projector-config';
import { PROJECTOR_EVENT_STORE, ProjectorModule } from './projector.module';

// Needs a real server, e.g. EVENTSTOREDB_URL=esdb://localhost:2113?tls=false (see
// libs/event-store/eventstoredb/README.md). Without it every test here is reported as skipped, by name.
const url = process.env['EVENTSTOREDB_URL'];
const suite = url ? describe : describe.skip;
const title = url ? 'the projector on EventStoreDB (EVENT_STORE_ADAPTER=eventstoredb)' : 'the projector on EventStoreDB (skipped: EVENTSTOREDB_URL not set)';

function problemRecorded(entryId: string, itemNo: number): NewEvent {
  const tenant = { id: 'tenant-411081005', path: '411000/411081/411081005' };
  return {
    eventId: randomUUID(),
    type: 'ProblemRecorded',
    schemaVersion: 1,
    data: {
      entryId,
      campaignId: uniqueName('c'),
      tenant,
      villageCode: '411081005201',
      itemNo,
      description: '脱贫户家中幼儿未享受低保生活补助',
      foundBy: '王排查',
      foundAt: '2023-08-02T02:00:00Z',
      campaignDeadlines: { immediate: '2023-08-31', fixedTerm: '2023-10-31' },
      recurrence: null,
      at: '2023-08-02T02:00:00Z',
      by: { userId: 'user-inspector' },
    },
    metadata: { tenantId: tenant.id, tenantPath: tenant.path },
  };
}

suite(title, () => {
  const readModelSchema = uniqueName('rm');
  let admin: Pool;

  beforeAll(async () => {
    admin = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
    const migrator = createReadModelDataSource({ url: testDatabaseUrl(), schema: readModelSchema, poolSize: 2 });
    await migrator.initialize();
    await runReadModelMigrations(migrator);
    await migrator.destroy();
  });

  afterAll(async () => {
    await dropSchema(admin, readModelSchema);
    await admin.end();
  });

  it('boots from validated config, projects appended events and waits by EventStoreDB commit positions; a restart resumes from the checkpoint', async () => {
    const config = loadProjectorConfig({
      DATABASE_URL: testDatabaseUrl(),
      READ_MODEL_SCHEMA: readModelSchema,
      PROJECTOR_BATCH_SIZE: '50',
      EVENT_STORE_ADAPTER: 'eventstoredb',
      EVENTSTOREDB_URL: url,
    });
    const first = await NestFactory.createApplicationContext(ProjectorModule.forRoot(config), { logger: false });
    const entries = [uniqueName('e'), uniqueName('e')];
    try {
      const store = first.get<EventStore>(PROJECTOR_EVENT_STORE);
      expect(store).toBeInstanceOf(EventStoreDbEventStore);
      const { position } = await store.append(`entry-${entries[0]}`, [problemRecorded(entries[0], 5)], { expected: 'no_stream' });
      await first.get(ProjectionRunner).waitFor(position, 20_000);
      const row = await new LedgerEntryQueryService(first.get(DataSource)).entryById(entries[0], '411000/411081');
      expect(row).toMatchObject({ entryId: entries[0], status: 'recorded', itemNo: 5 });
      // the stored checkpoint is the adapter's own position format
      expect(first.get(ProjectionRunner).checkpoint).toMatch(/^\d{20}:\d{20}$/);
    } finally {
      await first.close();
    }

    const second = await NestFactory.createApplicationContext(ProjectorModule.forRoot(config), { logger: false });
    try {
      const store = second.get<EventStore>(PROJECTOR_EVENT_STORE);
      const { position } = await store.append(`entry-${entries[1]}`, [problemRecorded(entries[1], 7)], { expected: 'no_stream' });
      await second.get(ProjectionRunner).waitFor(position, 20_000);
      const rows = await Promise.all(entries.map((id) => new LedgerEntryQueryService(second.get(DataSource)).entryById(id, '411000/411081')));
      expect(rows.map((r) => r?.itemNo)).toEqual([5, 7]);
    } finally {
      await second.close();
    }
  });
});
