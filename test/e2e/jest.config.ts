import type { Config } from 'jest';
import { jestPreset } from '../../jest.preset';

const config: Config = {
  ...jestPreset,
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
  testTimeout: 60_000,
};

export default config;
