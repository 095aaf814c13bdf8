import type { Config } from 'jest';
import { jestPreset } from '../../jest.preset';

const config: Config = {
  ...jestPreset,
  displayName: 'observability',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

export default config;
