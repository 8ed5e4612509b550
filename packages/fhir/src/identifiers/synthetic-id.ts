import { controlDigitsFor } from './national-id.ts';

/**
 * Synthetic test numbers as used in Norwegian test environments (Tenor): a real date with 80 added to the
 * month, an individual number of the right century series and gender, and valid control digits. They can
 * never collide with a real person's number. Deterministic: the same inputs give the same number.
 */
export function syntheticNationalId(options: {
  birthDate: string;
  gender: 'male' | 'female';
  /** Which of the valid numbers for that date and gender (0, 1, 2, ...). */
  sequence?: number;
  dNumber?: boolean;
}): string {
  const [y, m, d] = options.birthDate.split('-').map(Number) as [number, number, number];
  const year = y;
  const dd = String(d + (options.dNumber ? 40 : 0)).padStart(2, '0');
  const mm = String(m + 80).padStart(2, '0');
  const yy = String(year % 100).padStart(2, '0');
  const [from, to] = year >= 2000 ? [500, 999] : year >= 1900 ? [0, 499] : [500, 749];
  let wanted = options.sequence ?? 0;
  for (let individual = from; individual <= to; individual++) {
    // Third digit of the individual number: odd for men, even for women (pre-2032 rule, which synthetic data follows).
    if ((individual % 2 === 1) !== (options.gender === 'male')) continue;
    const nine = `${dd}${mm}${yy}${String(individual).padStart(3, '0')}`;
    const control = controlDigitsFor(nine);
    if (!control) continue;
    if (wanted-- === 0) return nine + control;
  }
  throw new Error(
    `No synthetic number left for ${options.birthDate} (${options.gender}, sequence ${options.sequence})`,
  );
}
