/**
 * The image's build step: compiles apps/, libs/ and seeds/ to CommonJS in dist/ with swc, the same
 * transform `tools/register.js` applies at run time (ts-node's swc mode: legacy decorators with
 * metadata, ES2022, CommonJS), and rewrites the `@rectify/*` aliases of tsconfig.base.json into
 * relative paths so the output runs on plain `node` with production dependencies only.
 *
 *   node -r ./tools/register.js deploy/docker/compile.ts [outDir=dist]
 *
 * Specs, int-specs, e2e specs, jest configs and `src/testing/` folders are left out. Type errors are
 * not this step's business: `npm run typecheck` in CI is.
 */
import { transformFile, type Options } from '@swc/core';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const outDir = resolve(root, process.argv[2] ?? 'dist');
const SOURCE_ROOTS = ['apps', 'libs', 'seeds'];
const SKIP = /(\.spec|\.int-spec|\.e2e-spec|\.d)\.ts$|(^|\/)jest\.config\.ts$/;

interface TsConfig {
  compilerOptions: { paths: Record<string, string[]> };
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'testing' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !SKIP.test(path) ? [path] : [];
  });
}

async function main(): Promise<void> {
  const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as TsConfig;
  // The aliases that point into src/testing stay out of the image: nothing in production imports them.
  const paths = Object.fromEntries(Object.entries(tsconfig.compilerOptions.paths).filter(([alias]) => !alias.endsWith('/testing')));
  const options: Options = {
    swcrc: false,
    sourceMaps: true,
    module: { type: 'commonjs', strict: false, noInterop: false },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      // Class fields with define semantics, as TypeScript does for target ES2022 (and ts-node in
      // development); with `false` a TypeORM-backed CLI hung here, so this is not cosmetic.
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
      keepClassNames: true,
      baseUrl: root,
      paths,
    },
  };
  const files = SOURCE_ROOTS.flatMap((dir) => sources(join(root, dir)));
  let written = 0;
  for (const file of files) {
    const output = await transformFile(file, { ...options, filename: file });
    const target = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${output.code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
    if (output.map) writeFileSync(`${target}.map`, output.map);
    written++;
  }
  process.stdout.write(`compiled ${written} files into ${relative(root, outDir) || '.'}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`compile failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
