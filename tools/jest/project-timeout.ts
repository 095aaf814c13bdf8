// Jest reads `testTimeout` from the global configuration only: in `npm test`, which runs every
// project from the root config, a project's own `testTimeout` is ignored and tests get 5 s. A
// project that needs longer sets `globals.__RECTIFY_TEST_TIMEOUT__` (see `projectTimeout` in
// jest.preset.ts) and this file applies it to each of its test files.
const timeout = (globalThis as { __RECTIFY_TEST_TIMEOUT__?: unknown }).__RECTIFY_TEST_TIMEOUT__;
if (typeof timeout === 'number') jest.setTimeout(timeout);
