import { eventStoreContract } from '@rectify/event-store-core/testing';
import { postgresContractSetup } from './testing/contract-setup';

eventStoreContract('PostgreSQL', postgresContractSetup());
