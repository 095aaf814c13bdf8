import type { Config } from 'jest';
import { jestPreset } from '../../jest.preset';

const config: Config = {
  ...jestPreset,
  displayName: 'api',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts'],
};

export default config;
