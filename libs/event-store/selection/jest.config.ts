import type { Config } from 'jest';
import { jestPreset } from '../../../jest.preset';

const config: Config = {
  ...jestPreset,
  displayName: 'event-store-selection',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts'],
};

export default config;
