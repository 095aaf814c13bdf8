import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from 'jest';

// `npm test` runs every project that has a jest.config.ts: libs/<lib> or libs/<group>/<lib>, apps/<app>,
// test/<suite> and seeds. (Jest's own globs fail on a folder with no match, hence the listing.)
function projectsUnder(root: string, depth: number): string[] {
  const dir = join(__dirname, root);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const path = join(root, entry.name);
      if (existsSync(join(__dirname, path, 'jest.config.ts'))) return [`<rootDir>/${path}/jest.config.ts`];
      return depth > 1 ? projectsUnder(path, depth - 1) : [];
    });
}

const config: Config = {
  projects: [...projectsUnder('libs', 2), ...projectsUnder('apps', 1), ...projectsUnder('test', 1), '<rootDir>/seeds/jest.config.ts'],
};

export default config;
