/**
 * A small deterministic generator for property-style tests (no library is installed for it).
 * mulberry32: fast, 32-bit state, good enough spread for picking test cases. Every suite that uses
 * it prints its seed when it fails, and takes another from the environment to explore.
 */
export interface Rng {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [min, max]. */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** Printable ASCII (and, with `unicode`, a few non-ASCII characters), `length` long. */
  text(length: number, unicode?: boolean): string;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const WIDE = ['é', 'ß', '☃', '中', '\u0000', '\u202e', '😀', '\ufeff'];
  return {
    seed,
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)] as T;
    },
    chance: (p) => next() < p,
    text(length, unicode = false) {
      let out = '';
      for (let i = 0; i < length; i++) {
        out +=
          unicode && next() < 0.1
            ? (WIDE[int(WIDE.length)] ?? '')
            : String.fromCharCode(32 + int(95));
      }
      return out;
    },
  };
}

/** A stable 32-bit number from a text (FNV-1a), to derive one seed per channel from the run's. */
export function seedOf(text: string, base = 0): number {
  let hash = (0x811c9dc5 ^ base) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The run's seed: `SEED=n` in the environment to replay or explore, else a fixed one so CI is
 * deterministic.
 */
export function runSeed(fallback: number): number {
  const given = process.env.SEED;
  if (given !== undefined && /^\d+$/.test(given)) return Number(given) >>> 0;
  return fallback;
}
