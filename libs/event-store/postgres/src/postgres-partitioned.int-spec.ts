import { eventStoreContract } from '@rectify/event-store-core/testing';
import { postgresContractSetup } from './testing/contract-setup';

/** The same contract on the event table hash-partitioned by tenant path (the scale-out layout). */
eventStoreContract(
  'PostgreSQL, events partitioned by tenant',
  postgresContractSetup({ partitionsByTenant: 4 }, async (admin, schema) => {
    const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = '${schema}.events'::regclass`);
    if (rows[0].n !== 4) throw new Error(`expected 4 partitions, found ${rows[0].n}`);
  }),
);
