/** Population sizes by name (generated citizens; the demo municipality's scenarios come on top). */
export const SEED_SIZES = { demo: 300, small: 5_000, medium: 50_000, large: 250_000 } as const;

export type SeedSize = keyof typeof SEED_SIZES;

export interface SeedOptions {
  /** Kommunenumre, or every municipality. */
  readonly municipalities: readonly string[] | 'all';
  /** Generated citizens in all (spread over the municipalities by population). */
  readonly citizens: number;
  /** Years of history. */
  readonly years: number;
  /** Same seed, sizes and reference date: the same resources, byte for byte. */
  readonly seed: string;
  /** Reference date (YYYY-MM-DD): "today" in the seeded record. */
  readonly now: string;
}

/** The demo the README's start command seeds: Lillesand, a few hundred citizens and the scenarios. */
export function demoSeedOptions(now: string): SeedOptions {
  return { municipalities: ['4215'], citizens: SEED_SIZES.demo, years: 5, seed: '42', now };
}

/** A seed names the population; it is part of identifiers, so it is kept short and plain. */
export function isValidSeed(seed: string): boolean {
  return /^[A-Za-z0-9-]{1,24}$/.test(seed);
}

/**
 * Citizens per municipality: in proportion to the real population (SSB 2024), largest remainders first, in
 * municipality-number order.
 */
export function spreadCitizens(
  municipalities: readonly { number: string; population: number }[],
  citizens: number,
): Map<string, number> {
  const total = municipalities.reduce((sum, m) => sum + m.population, 0) || 1;
  const shares = municipalities.map((m) => {
    const exact = (citizens * m.population) / total;
    return { number: m.number, base: Math.floor(exact), rest: exact - Math.floor(exact) };
  });
  let left = citizens - shares.reduce((sum, s) => sum + s.base, 0);
  for (const s of [...shares].sort((a, b) => b.rest - a.rest || a.number.localeCompare(b.number))) {
    if (left <= 0) break;
    s.base++;
    left--;
  }
  return new Map(shares.map((s) => [s.number, s.base]));
}
