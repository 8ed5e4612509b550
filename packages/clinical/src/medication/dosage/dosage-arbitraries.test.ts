import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dosagesArb, rawDosagesArb } from './dosage-arbitraries.ts';
import { normalizeDosages } from './dosage-normalize.ts';
import { validateDosage } from './dosage-validate.ts';

// The property tests are only as good as what the arbitrary generates: prove it covers the dangerous shapes.
describe('dosage arbitraries', () => {
  const sample = fc.sample(dosagesArb, { numRuns: 600, seed: 42 });
  const repeats = sample.flatMap((dosages) => dosages.map((dosage) => dosage.timing?.repeat ?? {}));

  it.each([
    [
      'weekly on weekdays',
      () => repeats.some((r) => r.periodUnit === 'wk' && (r.dayOfWeek?.length ?? 0) > 0),
    ],
    ['weekly without a weekday', () => repeats.some((r) => r.periodUnit === 'wk' && !r.dayOfWeek)],
    ['every N days', () => repeats.some((r) => r.periodUnit === 'd' && (r.period ?? 1) > 1)],
    ['every third day', () => repeats.some((r) => r.periodUnit === 'd' && r.period === 3)],
    ['times of day (when)', () => repeats.some((r) => r.when?.includes('MORN') && r.when.length > 1)],
    [
      'bedtime and night',
      () => repeats.some((r) => r.when?.includes('HS')) && repeats.some((r) => r.when?.includes('NIGHT')),
    ],
    ['clock times', () => repeats.some((r) => (r.timeOfDay?.length ?? 0) > 0)],
    ['tapering', () => sample.some((dosages) => dosages.some((dosage) => (dosage.sequence ?? 0) >= 2))],
    ['durations', () => repeats.some((r) => r.boundsDuration)],
    ['dated periods', () => repeats.some((r) => r.boundsPeriod)],
    [
      'as-needed with a daily maximum',
      () =>
        sample.some((d) => d.some((x) => x.asNeededBoolean && x.maxDosePerPeriod?.denominator?.code === 'd')),
    ],
    [
      'as-needed with an indication',
      () => sample.some((d) => d.some((x) => x.asNeededCodeableConcept?.text)),
    ],
    ['hourly', () => repeats.some((r) => r.periodUnit === 'h')],
    ['free text', () => sample.some((d) => d[0]?.text !== undefined)],
  ])('generates %s', (_name, present) => {
    expect(present()).toBe(true);
  });

  it('generates only valid regimens, already canonical', () => {
    fc.assert(
      fc.property(rawDosagesArb, (raw) => {
        expect(validateDosage(raw).valid).toBe(true);
        const canonical = normalizeDosages(raw);
        expect(normalizeDosages(canonical)).toEqual(canonical);
      }),
      { numRuns: 300 },
    );
  });
});
