import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dosagesArb, rawDosagesArb } from './dosage-arbitraries.ts';
import { dosageEquals, normalizeDosages } from './dosage-normalize.ts';
import { asNeeded, daily, dose, regular } from './dosage-test-builders.ts';

describe('normalizeDosages', () => {
  it('makes frequency explicit, sorts times and spells units canonically', () => {
    expect(
      normalizeDosages([{ timing: { repeat: { when: ['EVE', 'MORN'] } }, ...dose(2, 'tabletter') }]),
    ).toEqual([
      {
        timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd', when: ['MORN', 'EVE'] } },
        doseAndRate: [{ doseQuantity: { value: 2, unit: 'tablett' } }],
      },
    ]);
  });

  it('adds UCUM to measurable units', () => {
    const [result] = normalizeDosages([regular(5, 'mL', { frequency: 1, period: 1, periodUnit: 'd' })]);
    expect(result?.doseAndRate?.[0]?.doseQuantity).toEqual({
      value: 5,
      unit: 'ml',
      system: 'http://unitsofmeasure.org',
      code: 'mL',
    });
  });

  it('merges same-dose elements of one step and keeps different doses apart', () => {
    const result = normalizeDosages([
      daily(1, 'tablett', ['EVE']),
      daily(2, 'tablett', ['NOON']),
      daily(1, 'tablett', ['MORN']),
    ]);
    expect(result.map((dosage) => dosage.timing?.repeat?.when)).toEqual([['MORN', 'EVE'], ['NOON']]);
    expect(result[0]?.timing?.repeat?.frequency).toBe(2);
  });

  it('merges weekdays with the same times', () => {
    const result = normalizeDosages([
      regular(1, 'tablett', {
        frequency: 1,
        period: 1,
        periodUnit: 'wk',
        dayOfWeek: ['thu'],
        when: ['MORN'],
      }),
      regular(1, 'tablett', {
        frequency: 1,
        period: 1,
        periodUnit: 'wk',
        dayOfWeek: ['mon'],
        when: ['MORN'],
      }),
    ]);
    expect(result).toHaveLength(1);
    expect(result[0]?.timing?.repeat).toMatchObject({
      frequency: 2,
      dayOfWeek: ['mon', 'thu'],
      when: ['MORN'],
    });
  });

  it('drops a single-step sequence and keeps the text on the first element', () => {
    const result = normalizeDosages([
      { ...daily(1, 'tablett', ['EVE'], { sequence: 1 }), text: '1 tablett morgen og kveld' },
      daily(1, 'tablett', ['MORN'], { sequence: 1 }),
    ]);
    expect(result).toEqual([
      {
        text: '1 tablett morgen og kveld',
        timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd', when: ['MORN', 'EVE'] } },
        doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablett' } }],
      },
    ]);
  });

  it('returns an unchanged copy of an invalid regimen', () => {
    const invalid = [regular(1, 'tablett', { frequency: 1, period: 1, periodUnit: 'd', dayOfWeek: ['mon'] })];
    const result = normalizeDosages(invalid);
    expect(result).toEqual(invalid);
    expect(result).not.toBe(invalid);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(rawDosagesArb, (raw) => {
        const once = normalizeDosages(raw);
        expect(normalizeDosages(once)).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });

  it('survives a JSON round trip unchanged', () => {
    fc.assert(
      fc.property(dosagesArb, (dosages) => {
        expect(JSON.parse(JSON.stringify(dosages))).toEqual(dosages);
        expect(dosageEquals(JSON.parse(JSON.stringify(dosages)), dosages)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('dosageEquals', () => {
  it('treats equivalent spellings as equal', () => {
    expect(
      dosageEquals(
        [daily(1, 'tablett', ['MORN', 'EVE'])],
        [daily(1, 'tabletter', ['EVE']), daily(1, 'tab', ['MORN'])],
      ),
    ).toBe(true);
    expect(
      dosageEquals(daily(1, 'tablett', ['MORN']), { ...daily(1, 'tablett', ['MORN']), text: 'annen tekst' }),
    ).toBe(true);
  });

  it('tells weekly from daily and every third day from every day', () => {
    const weekly = regular(2, 'mg', { frequency: 1, period: 1, periodUnit: 'wk', dayOfWeek: ['mon'] });
    const dailyDose = regular(2, 'mg', { frequency: 1, period: 1, periodUnit: 'd' });
    expect(dosageEquals(weekly, dailyDose)).toBe(false);
    expect(
      dosageEquals(
        regular(1, 'tablett', { frequency: 1, period: 3, periodUnit: 'd' }),
        regular(1, 'tablett', { frequency: 1, period: 1, periodUnit: 'd' }),
      ),
    ).toBe(false);
  });

  it('tells as-needed from regular and different maxima apart', () => {
    const base = asNeeded(1, 'tablett', { maxPerDay: 6 });
    expect(dosageEquals(base, asNeeded(1, 'tablett', { maxPerDay: 4 }))).toBe(false);
    expect(dosageEquals(base, regular(1, 'tablett', { frequency: 6, period: 1, periodUnit: 'd' }))).toBe(
      false,
    );
  });

  it('is reflexive over generated regimens and sensitive to the dose', () => {
    fc.assert(
      fc.property(dosagesArb, (dosages) => {
        expect(dosageEquals(dosages, structuredClone(dosages))).toBe(true);
        const changed = structuredClone(dosages);
        const quantity = changed[0]?.doseAndRate?.[0]?.doseQuantity;
        if (quantity?.value !== undefined) {
          quantity.value += 1;
          expect(dosageEquals(dosages, changed)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});
