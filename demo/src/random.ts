/**
 * A small seeded pseudo-random generator, so the same seed always yields the same demo data.
 * The core is a 32-bit "multiply-xorshift" step (in the spirit of the public-domain splitmix/mulberry
 * family): fast, stateless apart from one integer, and more than random enough for fake data.
 */

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** One key of a weight table, chosen proportionally to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
  /** A string of hex digits (ids in fake destination responses). */
  hex(length: number): string;
}

// Bound once: inside a vm context (jest) every global lookup such as `Math` is slow, and next() is hot.
const { imul, floor } = Math;
const HEX_DIGITS = '0123456789abcdef';

export function createRandom(seed: number): Random {
  let state = seed >>> 0;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const int = (min: number, max: number): number => min + floor(next() * (max - min + 1));

  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick() needs a non-empty list');
    return items[int(0, items.length - 1)] as T;
  };

  const weighted = <K extends string>(weights: Readonly<Record<K, number>>): K => {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = next() * total;
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return (entries[entries.length - 1] as [K, number])[0];
  };

  const hex = (length: number): string => {
    let out = '';
    while (out.length < length) out += HEX_DIGITS[floor(next() * 16)];
    return out;
  };

  return { next, int, chance: (p) => next() < p, pick, weighted, hex };
}
