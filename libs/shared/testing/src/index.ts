export { testDatabaseUrl, uniqueName, dropSchema } from './database';
export { seededRandom, type Random } from './random';
export { freePort } from './network';
