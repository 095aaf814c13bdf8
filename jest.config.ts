import type { Config } from 'jest';

// `npm test` runs every project; each project's jest.config.ts says what it holds.
const config: Config = {
  projects: [
    '<rootDir>/libs/*/*/jest.config.ts',
    '<rootDir>/seeds/jest.config.ts',
    '<rootDir>/apps/*/jest.config.ts',
    '<rootDir>/test/*/jest.config.ts',
  ],
};

export default config;
