// Runs TypeScript entry points (CLIs, benches) without a build step:
// swc transpiles, tsconfig-paths resolves the @rectify/* aliases.
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
process.env.TS_NODE_SWC = 'true';
process.env.TS_NODE_PROJECT = require('node:path').join(__dirname, '..', 'tsconfig.base.json');
require('ts-node/register');
require('tsconfig-paths/register');
