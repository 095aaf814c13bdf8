/**
 * Deterministic randomness for the history generator: a 128-bit string hash (cyrb128) and a small
 * seeded generator (mulberry32) per entity, so that every village, entry and event id depends only
 * on the seed and the entity's key, never on generation order. No Math.random, no clock.
 */

/** Four 32-bit words of a hash of `text` (cyrb128, by bryc; public domain). */
export function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A 32-bit hash of `text`. */
export function hash32(text: string): number {
  return hash128(text)[0];
}

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** An integer in [min, max], both inclusive. */
  between(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32 over a 32-bit state. */
export function rngFromState(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  return {
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(items.length)] as T;
    },
  };
}

/** The generator of one entity: the same seed and key always give the same sequence. */
export function rngFor(seed: number, key: string): Rng {
  return rngFromState(hash32(`${seed}|${key}`));
}

function hex8(word: number): string {
  return word.toString(16).padStart(8, '0');
}

/**
 * An RFC 4122 version-4-shaped UUID derived from the seed and a key (e.g. stream id and version):
 * the version nibble is 4 and the variant nibble 8–b; the other 122 bits come from the hash.
 */
export function deterministicUuid(seed: number, key: string): string {
  const [a, b, c, d] = hash128(`uuid|${seed}|${key}`);
  const w1 = hex8(a);
  const w2 = hex8(((b & 0xffff0fff) | 0x00004000) >>> 0);
  const w3 = hex8(((c & 0x3fffffff) | 0x80000000) >>> 0);
  const w4 = hex8(d);
  return `${w1}-${w2.slice(0, 4)}-${w2.slice(4)}-${w3.slice(0, 4)}-${w3.slice(4)}${w4}`;
}
