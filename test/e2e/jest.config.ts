import type { Config } from 'jest';
import { jestPreset, projectTimeout } from '../../jest.preset';

const config: Config = {
  ...jestPreset,
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
  ...projectTimeout(60_000),
};

export default config;
