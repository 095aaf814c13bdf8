export { eventStoreContract, newEvent, type ContractHarness, type ContractSetup, type OpenTransaction } from './contract';
