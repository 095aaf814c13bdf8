import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
export const FIGURES_FILE = join(ROOT, 'tmp', 'reliability-figures.json');

/** RELIABILITY_SOAK=1 (`npm run soak`): the same specs with more commands and faults. */
export const SOAK = process.env['RELIABILITY_SOAK'] === '1';

/** `base` in CI, `base × factor` in soak mode. */
export function scaled(base: number, soakFactor = 5): number {
  return SOAK ? base * soakFactor : base;
}

/**
 * The seed of one spec: RELIABILITY_SEED when set (to replay a failure), else a fresh one. Logged,
 * and written with the figures, so every run can be replayed.
 */
export function specSeed(spec: string): number {
  const fromEnv = process.env['RELIABILITY_SEED'];
  const seed = fromEnv ? Number(fromEnv) : Math.floor(Math.random() * 2 ** 31);
  if (!Number.isSafeInteger(seed)) throw new Error(`RELIABILITY_SEED must be an integer, got ${JSON.stringify(fromEnv)}`);
  process.stdout.write(`[reliability] ${spec}: seed ${seed} (replay with RELIABILITY_SEED=${seed})\n`);
  return seed;
}

/**
 * Merges one section's measured figures into tmp/reliability-figures.json (one key per section;
 * the api half of the suite writes its own sections), stamped with the time, soak mode and load.
 */
export function recordFigures(section: string, figures: Record<string, unknown>): void {
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  const all = existsSync(FIGURES_FILE) ? (JSON.parse(readFileSync(FIGURES_FILE, 'utf8')) as Record<string, unknown>) : {};
  const load = readLoadAverage();
  all[section] = { measuredAt: new Date().toISOString(), soak: SOAK, loadAverage: load, ...figures };
  writeFileSync(FIGURES_FILE, `${JSON.stringify(all, null, 2)}\n`);
}

function readLoadAverage(): string | null {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return null;
  }
}
