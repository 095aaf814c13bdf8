import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Module boundaries: every project carries one scope:* and one type:* tag (project.json).
// A type may depend only on the types listed for it; a scope only on the scopes listed.
const depConstraints = [
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:util'] },
  { sourceTag: 'type:port', onlyDependOnLibsWithTags: ['type:util', 'type:testing'] },
  { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:port', 'type:util', 'type:testing'] },
  // Chooses among adapters from configuration (used by the apps' composition roots).
  { sourceTag: 'type:composition', onlyDependOnLibsWithTags: ['type:adapter', 'type:port', 'type:util'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:util'] },
  { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:domain', 'type:util'] },
  {
    sourceTag: 'type:application',
    onlyDependOnLibsWithTags: ['type:domain', 'type:port', 'type:util', 'type:data-access'],
  },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:domain', 'type:port', 'type:util'] },
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:application', 'type:data-access', 'type:composition', 'type:adapter', 'type:port', 'type:domain', 'type:util', 'type:data'],
  },
  {
    sourceTag: 'type:bench',
    // benches run the real services (the escalation sweep bench drives EscalationSweepService)
    onlyDependOnLibsWithTags: ['type:adapter', 'type:port', 'type:domain', 'type:util', 'type:data', 'type:testing', 'type:data-access', 'type:application'],
  },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:event-store', onlyDependOnLibsWithTags: ['scope:event-store', 'scope:shared'] },
  { sourceTag: 'scope:ledger', onlyDependOnLibsWithTags: ['scope:ledger', 'scope:event-store', 'scope:shared'] },
  { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['*'] },
];

// Tests may also reach real adapters, test helpers and seed data: a spec of the application layer
// runs against PostgreSQL. Production code may not.
const testDepConstraints = depConstraints.map((c) =>
  c.onlyDependOnLibsWithTags.includes('*') || !c.sourceTag.startsWith('type:')
    ? c
    : { ...c, onlyDependOnLibsWithTags: [...new Set([...c.onlyDependOnLibsWithTags, 'type:testing', 'type:adapter', 'type:data'])] },
);

export default [
  { ignores: ['**/node_modules', '**/dist', '**/coverage', '**/.nx', 'tmp', '**/*.js', '**/*.mjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|describe|test)$/]", message: 'Focused tests hide the rest of the suite.' },
      ],
    },
  },
  {
    // Test support code lives in src/testing/ folders and is bound by the same rule as tests.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/src/testing/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints: testDepConstraints }],
    },
  },
  {
    // Jest configs share the root preset by relative import; they are tooling, not project code.
    files: ['**/jest.config.ts', 'jest.preset.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // The domain and the escalation policy are pure: no framework, no clock, no randomness.
    files: ['libs/ledger/domain/src/**/*.ts', 'libs/escalation/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pg', '@eventstore/*', 'node:*'], message: 'The domain imports no framework or I/O.' }] },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The clock comes in with the command (metadata.now).' },
        { object: 'Math', property: 'random', message: 'Randomness comes in from outside.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The clock comes in with the command (metadata.now).' },
      ],
    },
  },
];
