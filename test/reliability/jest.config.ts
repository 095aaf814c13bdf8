import type { Config } from 'jest';
import { jestPreset, projectTimeout } from '../../jest.preset';

// The reliability suite: process faults (process/) and hostile clients (api/). It runs in `npm test`
// like every project; `npm run soak` runs the same specs longer (RELIABILITY_SOAK=1).
const config: Config = {
  ...jestPreset,
  displayName: 'reliability',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.reliability-spec.ts'],
  ...projectTimeout(300_000),
};

export default config;
