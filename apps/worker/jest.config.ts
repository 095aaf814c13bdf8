import type { Config } from 'jest';
import { jestPreset } from '../../jest.preset';

const config: Config = {
  ...jestPreset,
  displayName: 'worker',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts'],
  // support code for the int-specs (named *.int-spec.ts for the lint rules, no tests in it)
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/src/testing/'],
};

export default config;
