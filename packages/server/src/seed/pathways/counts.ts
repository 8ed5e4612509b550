import type { Random } from '../random.ts';

/** How many times something with this expected count happens: the mean, spread like everyday events. */
export function countFor(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  // A Poisson draw by counting uniform arrivals; exact enough and fast for the small means used here.
  const limit = Math.exp(-Math.min(mean, 30));
  let k = 0;
  let p = random.next();
  while (p > limit && k < 200) {
    k++;
    p *= random.next();
  }
  return mean > 30 ? Math.round((k * mean) / 30) : k;
}
