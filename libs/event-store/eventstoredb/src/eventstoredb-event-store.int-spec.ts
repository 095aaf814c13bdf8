import { eventStoreContract, type ContractSetup } from '@rectify/event-store-core/testing';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

// A real server, e.g. EVENTSTOREDB_URL=esdb://localhost:2113?tls=false (see the README for the
// server settings the contract needs). Without it every contract test is reported as skipped.
const url = process.env['EVENTSTOREDB_URL'];

function setup(connectionString: string): ContractSetup {
  let store: EventStoreDbEventStore | undefined;
  return {
    async setUp() {
      const connected = EventStoreDbEventStore.connect({ connectionString });
      store = connected;
      // No caller transactions: the contract runs its concurrent-writers race instead.
      return { store: () => connected, keepsHashChain: false, uniqueEventIdsAcrossStreams: false };
    },
    async tearDown() {
      await store?.close();
    },
  };
}

eventStoreContract('EventStoreDB', url ? setup(url) : null, 'EVENTSTOREDB_URL not set');
