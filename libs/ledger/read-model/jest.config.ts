import type { Config } from 'jest';
import { jestPreset } from '../../../jest.preset';

const config: Config = {
  ...jestPreset,
  displayName: 'ledger-read-model',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts'],
  // src/testing holds support code for the int-specs: named *.int-spec.ts so that Nx counts it as
  // test code (nx.json `production` excludes it, so it may use adapters and shared-testing), but it
  // holds no tests itself.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/src/testing/'],
};

export default config;
