import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dosagesArb } from './dosage-arbitraries.ts';
import { renderDosage, UNCLEAR_DOSAGE_NB } from './dosage-render.ts';
import { asNeeded, daily, days, regular } from './dosage-test-builders.ts';
import { weekdayNb, type Weekday } from './timing-vocabulary.ts';

describe('renderDosage: the examples clinicians read every day', () => {
  it.each([
    ['morning and evening', [daily(1, 'tablett', ['MORN', 'EVE'])], '1 tablett morgen og kveld'],
    [
      'three times a day',
      [daily(2, 'tabletter', ['MORN', 'NOON', 'EVE'])],
      '2 tabletter morgen, midt på dagen og kveld',
    ],
    ['once daily', [regular(1, 'tablett', { frequency: 1, period: 1, periodUnit: 'd' })], '1 tablett daglig'],
    [
      '3 times daily',
      [regular(5, 'ml', { frequency: 3, period: 1, periodUnit: 'd' })],
      '5 ml 3 ganger daglig',
    ],
    [
      'weekly on Monday',
      [regular(2, 'mg', { frequency: 1, period: 1, periodUnit: 'wk', dayOfWeek: ['mon'] })],
      '2 mg hver mandag',
    ],
    [
      'twice weekly at a time of day',
      [
        regular(1, 'tablett', {
          frequency: 2,
          period: 1,
          periodUnit: 'wk',
          dayOfWeek: ['thu', 'mon'],
          when: ['MORN'],
        }),
      ],
      '1 tablett hver mandag og torsdag morgen',
    ],
    [
      'every third day',
      [regular(1, 'tablett', { frequency: 1, period: 3, periodUnit: 'd' })],
      '1 tablett hver tredje dag',
    ],
    [
      'every other day',
      [regular(1, 'tablett', { frequency: 1, period: 2, periodUnit: 'd' })],
      '1 tablett annenhver dag',
    ],
    [
      'every 14 days',
      [regular(1, 'plaster', { frequency: 1, period: 14, periodUnit: 'd' })],
      '1 plaster hver 14. dag',
    ],
    [
      'weekly without a day',
      [regular(70, 'mg', { frequency: 1, period: 1, periodUnit: 'wk' })],
      '70 mg 1 gang i uken',
    ],
    [
      'every other week',
      [
        regular(1, 'sprøyte', {
          frequency: 1,
          period: 2,
          periodUnit: 'wk',
          dayOfWeek: ['fri'],
          when: ['EVE'],
        }),
      ],
      '1 sprøyte fredag kveld annenhver uke',
    ],
    [
      'every 8 hours',
      [regular(2.5, 'ml', { frequency: 1, period: 8, periodUnit: 'h' })],
      '2,5 ml hver 8. time',
    ],
    [
      'every third month',
      [regular(1, 'sprøyte', { frequency: 1, period: 3, periodUnit: 'mo' })],
      '1 sprøyte 1 gang hver tredje måned',
    ],
    [
      'clock times',
      [
        regular(0.5, 'tablett', {
          frequency: 2,
          period: 1,
          periodUnit: 'd',
          timeOfDay: ['20:00:00', '08:00:00'],
        }),
      ],
      '½ tablett kl. 08.00 og 20.00',
    ],
    ['inhaler at bedtime', [daily(2, 'pust', ['HS'])], '2 pust ved sengetid'],
    ['drops at night', [daily(1, 'dråpe', ['NIGHT'])], '1 dråpe natt'],
    ['drops, plural', [daily(3, 'dråpe', ['MORN'])], '3 dråper morgen'],
    ['capsules, plural', [daily(2, 'kapsel', ['MORN'])], '2 kapsler morgen'],
    ['inhalations', [daily(1, 'inhalasjon', ['MORN', 'EVE'])], '1 inhalasjon morgen og kveld'],
    [
      'a course',
      [regular(1, 'tablett', { frequency: 3, period: 1, periodUnit: 'd', boundsDuration: days(7) })],
      '1 tablett 3 ganger daglig i 7 dager',
    ],
    [
      'dated period',
      [
        regular(1, 'tablett', {
          frequency: 1,
          period: 1,
          periodUnit: 'd',
          boundsPeriod: { start: '2026-03-01', end: '2026-03-14' },
        }),
      ],
      '1 tablett daglig fra 01.03.2026 til 14.03.2026',
    ],
  ])('%s', (_name, dosages, expected) => {
    expect(renderDosage(dosages)).toBe(expected);
  });

  it('renders the as-needed line from scenario 3 exactly', () => {
    const dosage = asNeeded(1, 'tablett', {
      repeat: { frequency: 3, period: 1, periodUnit: 'd' },
      maxPerDay: 6,
    });
    expect(renderDosage([dosage])).toBe('1 tablett 3 ganger daglig ved behov, maks 6 per døgn');
  });

  it('names the indication and writes the unit of a maximum in another unit', () => {
    const dosage = {
      ...asNeeded(1, 'tablett', { reason: 'smerter' }),
      maxDosePerPeriod: { numerator: { value: 4, unit: 'g' }, denominator: { value: 1, unit: 'd' } },
    };
    expect(renderDosage([dosage])).toBe('1 tablett ved behov (smerter), maks 4 g per døgn');
  });

  it('writes the unit of a maximum in a measured unit', () => {
    const dosage = {
      ...asNeeded(1000, 'mg', { repeat: { frequency: 1, period: 6, periodUnit: 'h' } }),
      maxDosePerPeriod: { numerator: { value: 3000, unit: 'mg' }, denominator: { value: 1, unit: 'd' } },
    };
    expect(renderDosage([dosage])).toBe('1000 mg hver 6. time ved behov, maks 3000 mg per døgn');
  });

  it('renders tapering as ordered steps', () => {
    const dosages = [
      daily(2, 'tablett', ['MORN'], { sequence: 1 }),
      daily(1, 'tablett', ['MORN'], { sequence: 2 }),
    ];
    dosages[0]!.timing!.repeat!.boundsDuration = days(3);
    dosages[1]!.timing!.repeat!.boundsDuration = days(4);
    expect(renderDosage(dosages)).toBe('Dag 1–3: 2 tabletter morgen; deretter 1 tablett morgen i 4 dager');
  });

  it('renders a taper that continues without end', () => {
    const first = daily(20, 'mg', ['MORN'], { sequence: 1 });
    first.timing!.repeat!.boundsDuration = { value: 1, unit: 'wk', code: 'wk' };
    const second = daily(10, 'mg', ['MORN'], { sequence: 2 });
    expect(renderDosage([first, second])).toBe('Uke 1: 20 mg morgen; deretter 10 mg morgen');
  });

  it('merges elements of the same step into one phrase, ordered through the day', () => {
    const dosages = [
      daily(2, 'tablett', ['NOON']),
      daily(1, 'tablett', ['EVE']),
      daily(1, 'tablett', ['MORN']),
    ];
    expect(renderDosage(dosages)).toBe('1 tablett morgen og kveld, 2 tabletter midt på dagen');
  });

  it('never reads a weekday schedule with a daily period as daily: it is marked unclear', () => {
    const ambiguous = regular(1, 'tablett', { frequency: 1, period: 1, periodUnit: 'd', dayOfWeek: ['mon'] });
    const text = renderDosage([ambiguous]);
    expect(text).toBe(UNCLEAR_DOSAGE_NB);
    expect(text).not.toContain('daglig');
  });

  it('shows free text of an unclear dosage quoted, and can throw instead', () => {
    const unclear = { ...regular(1, 'tablett', { frequency: 2 }), text: 'morgen og kveld' };
    expect(renderDosage([unclear])).toBe(`${UNCLEAR_DOSAGE_NB}: «morgen og kveld»`);
    expect(() => renderDosage([unclear], { onInvalid: 'throw' })).toThrow(/not per what/);
  });

  it('falls back to free text only when there is no structure', () => {
    expect(renderDosage([{ text: 'Etter avtale med lege' }])).toBe('Etter avtale med lege');
    expect(renderDosage([])).toBe('Dosering mangler');
  });
});

describe('renderDosage properties', () => {
  const weekdayNames = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as Weekday[]).map(weekdayNb);

  it('is deterministic and never empty', () => {
    fc.assert(
      fc.property(dosagesArb, (dosages) => {
        const text = renderDosage(dosages);
        expect(text.trim().length).toBeGreaterThan(0);
        expect(renderDosage(structuredClone(dosages))).toBe(text);
        expect(text).not.toContain(UNCLEAR_DOSAGE_NB);
      }),
      { numRuns: 500 },
    );
  });

  it('always states the interval of weekly and every-N-days schedules, and never calls them daily', () => {
    fc.assert(
      fc.property(dosagesArb, (dosages) => {
        const text = renderDosage(dosages);
        for (const dosage of dosages) {
          const repeat = dosage.timing?.repeat;
          if (!repeat) continue;
          if (repeat.periodUnit === 'wk') {
            const namesDay = repeat.dayOfWeek?.every((day) => text.includes(weekdayNb(day))) ?? false;
            expect(namesDay || /\buke[n]?\b/.test(text)).toBe(true);
            if (repeat.dayOfWeek && repeat.period === 1) {
              expect(text).toMatch(new RegExp(`hver (${weekdayNames.join('|')})`));
            }
          }
          if (repeat.periodUnit === 'd' && (repeat.period ?? 1) > 1) {
            expect(text).toMatch(/(hver|annenhver) (\S+ )?dag/);
          }
        }
        const onlyNonDaily = dosages.every((dosage) => {
          const unit = dosage.timing?.repeat?.periodUnit;
          return unit === 'wk' || unit === 'mo' || (unit === 'd' && (dosage.timing?.repeat?.period ?? 1) > 1);
        });
        if (onlyNonDaily) expect(text).not.toContain('daglig');
      }),
      { numRuns: 500 },
    );
  });
});

describe('renderDosage: bounds of steps with several parts', () => {
  it('puts the duration first when a step has several parts, so it cannot attach to the last one', () => {
    const first = daily(2, 'tablett', ['MORN'], { sequence: 1 });
    first.timing!.repeat!.boundsDuration = days(3);
    const regularPart = daily(1, 'tablett', ['MORN'], { sequence: 2 });
    regularPart.timing!.repeat!.boundsDuration = days(4);
    const asNeededPart = {
      sequence: 2,
      ...asNeeded(1, 'tablett', {
        repeat: { frequency: 3, period: 1, periodUnit: 'd', boundsDuration: days(4) },
        maxPerDay: 6,
      }),
    };
    expect(renderDosage([first, regularPart, asNeededPart])).toBe(
      'Dag 1–3: 2 tabletter morgen; deretter i 4 dager: 1 tablett morgen, 1 tablett 3 ganger daglig ved behov, maks 6 per døgn',
    );
    const course = asNeeded(1, 'tablett', {
      repeat: { frequency: 3, period: 1, periodUnit: 'd', boundsDuration: days(7) },
      maxPerDay: 6,
    });
    expect(renderDosage([course])).toBe('I 7 dager: 1 tablett 3 ganger daglig ved behov, maks 6 per døgn');
    expect(
      renderDosage([
        regular(2.5, 'ml', { frequency: 1, period: 8, periodUnit: 'h', boundsDuration: days(7) }),
      ]),
    ).toBe('2,5 ml hver 8. time i 7 dager');
  });
});
