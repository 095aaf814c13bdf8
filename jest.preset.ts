import * as path from 'node:path';
import type { Config } from 'jest';
import { compilerOptions } from './tsconfig.base.json';

// Shared Jest settings: swc transpiles TypeScript (decorators and their metadata included) and the
// @rectify/* aliases resolve to source. Type checking is `npm run typecheck`, not Jest's job.
const moduleNameMapper: Record<string, string> = {};
for (const [alias, targets] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias.replace(/\//g, '\\/')}$`] = path.join(__dirname, targets[0]);
}

export const jestPreset: Config = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
};

/**
 * A project's default test timeout that holds in `npm test` too (a project's `testTimeout` only
 * counts when the project runs alone): spread it into the project's config.
 */
export function projectTimeout(ms: number): Pick<Config, 'testTimeout' | 'globals' | 'setupFilesAfterEnv'> {
  return {
    testTimeout: ms,
    globals: { __RECTIFY_TEST_TIMEOUT__: ms },
    setupFilesAfterEnv: [path.join(__dirname, 'tools/jest/project-timeout.ts')],
  };
}
