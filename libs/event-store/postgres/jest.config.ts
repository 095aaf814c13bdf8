import type { Config } from 'jest';
import { jestPreset, projectTimeout } from '../../../jest.preset';

const config: Config = {
  ...jestPreset,
  displayName: 'event-store-postgres',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts'],
  // Contract reads wait up to 15 s for events held back by an older transaction elsewhere.
  ...projectTimeout(30_000),
};

export default config;
