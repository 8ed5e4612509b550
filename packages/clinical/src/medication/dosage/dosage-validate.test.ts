import type { Dosage } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { DosageIssueCode } from './dosage-issues.ts';
import { asNeeded, daily, days, dose, regular } from './dosage-test-builders.ts';
import { validateDosage } from './dosage-validate.ts';

function codes(dosages: Dosage | Dosage[]): DosageIssueCode[] {
  return validateDosage(dosages).issues.map((issue) => issue.code);
}

describe('validateDosage', () => {
  it('accepts clear dosages without issues', () => {
    for (const dosages of [
      [daily(1, 'tablett', ['MORN', 'EVE'])],
      [regular(2, 'mg', { frequency: 1, period: 1, periodUnit: 'wk', dayOfWeek: ['mon'] })],
      [asNeeded(1, 'tablett', { repeat: { frequency: 3, period: 1, periodUnit: 'd' }, maxPerDay: 6 })],
    ]) {
      expect(validateDosage(dosages)).toEqual({ valid: true, issues: [] });
    }
  });

  it.each<[string, Dosage[], DosageIssueCode]>([
    ['frequency without period', [regular(1, 'tablett', { frequency: 2 })], 'frequency-without-period'],
    ['period without unit', [regular(1, 'tablett', { frequency: 1, period: 1 })], 'period-without-unit'],
    [
      'a dose with no unit',
      [
        {
          timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
          doseAndRate: [{ doseQuantity: { value: 1 } }],
        },
      ],
      'dose-unit-missing',
    ],
    ['no dose', [{ timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } } }], 'dose-missing'],
    ['zero dose', [regular(0, 'mg', { frequency: 1, period: 1, periodUnit: 'd' })], 'dose-not-positive'],
    [
      'a dose range',
      [
        {
          timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
          doseAndRate: [
            { doseRange: { low: { value: 1, unit: 'tablett' }, high: { value: 2, unit: 'tablett' } } },
          ],
        },
      ],
      'dose-range-unsupported',
    ],
    ['a regular dose without timing', [dose(1, 'tablett')], 'timing-missing'],
    [
      'weekdays with a daily period (the weekly-to-daily bug)',
      [regular(1, 'tablett', { frequency: 1, period: 1, periodUnit: 'd', dayOfWeek: ['mon'] })],
      'day-of-week-needs-weekly-period',
    ],
    [
      'once daily but two times of day',
      [regular(1, 'tablett', { frequency: 1, period: 1, periodUnit: 'd', when: ['MORN', 'EVE'] })],
      'slots-frequency-mismatch',
    ],
    [
      'weekly count not divisible by days',
      [regular(1, 'tablett', { frequency: 3, period: 1, periodUnit: 'wk', dayOfWeek: ['mon', 'thu'] })],
      'days-frequency-mismatch',
    ],
    [
      'when and timeOfDay together',
      [
        regular(1, 'tablett', {
          frequency: 1,
          period: 1,
          periodUnit: 'd',
          when: ['MORN'],
          timeOfDay: ['08:00:00'],
        }),
      ],
      'when-and-time-of-day',
    ],
    [
      'generic meal code',
      [regular(1, 'tablett', { frequency: 1, period: 1, periodUnit: 'd', when: ['C'] })],
      'when-unsupported',
    ],
    [
      'malformed clock time',
      [regular(1, 'tablett', { frequency: 1, period: 1, periodUnit: 'd', timeOfDay: ['8 am'] })],
      'time-of-day-invalid',
    ],
    [
      'duplicate time',
      [regular(1, 'tablett', { frequency: 2, period: 1, periodUnit: 'd', when: ['MORN', 'MORN'] })],
      'slot-duplicated',
    ],
    [
      'hourly with a time of day',
      [regular(1, 'tablett', { frequency: 1, period: 8, periodUnit: 'h', when: ['MORN'] })],
      'slots-not-allowed',
    ],
    [
      'seconds as period unit',
      [regular(1, 'tablett', { frequency: 1, period: 30, periodUnit: 's' })],
      'period-unit-unsupported',
    ],
    [
      'count (not understood)',
      [regular(1, 'tablett', { frequency: 1, period: 1, periodUnit: 'd', count: 10 })],
      'repeat-element-unsupported',
    ],
    [
      'route (not carried)',
      [daily(1, 'tablett', ['MORN'], { route: { text: 'oral' } })],
      'dosage-element-unsupported',
    ],
    [
      'both bounds',
      [
        regular(1, 'tablett', {
          frequency: 1,
          period: 1,
          periodUnit: 'd',
          boundsDuration: days(3),
          boundsPeriod: { start: '2026-01-01' },
        }),
      ],
      'bounds-both',
    ],
    [
      'end before start',
      [
        regular(1, 'tablett', {
          frequency: 1,
          period: 1,
          periodUnit: 'd',
          boundsPeriod: { start: '2026-02-01', end: '2026-01-01' },
        }),
      ],
      'bounds-period-invalid',
    ],
    [
      'as-needed at fixed times',
      [{ ...asNeeded(1, 'tablett', { maxPerDay: 2 }), timing: { repeat: { when: ['EVE'] } } }],
      'as-needed-with-slots',
    ],
    [
      'max on a regular dose',
      [
        {
          ...daily(1, 'tablett', ['MORN']),
          maxDosePerPeriod: {
            numerator: { value: 2, unit: 'tablett' },
            denominator: { value: 1, unit: 'd' },
          },
        },
      ],
      'max-dose-on-fixed-dosage',
    ],
    [
      'a step without duration before the next',
      [daily(2, 'tablett', ['MORN'], { sequence: 1 }), daily(1, 'tablett', ['MORN'], { sequence: 2 })],
      'step-duration-missing',
    ],
    [
      'sequence on some elements only',
      [daily(2, 'tablett', ['MORN'], { sequence: 1 }), daily(1, 'tablett', ['EVE'])],
      'sequence-inconsistent',
    ],
    [
      'two doses at the same time',
      [daily(1, 'tablett', ['MORN']), daily(2, 'tablett', ['MORN', 'EVE'])],
      'slot-duplicated',
    ],
  ])('rejects %s', (_name, dosages, code) => {
    const result = validateDosage(dosages);
    expect(result.valid).toBe(false);
    expect(result.issues.map((issue) => issue.code)).toContain(code);
    const issue = result.issues.find((candidate) => candidate.code === code);
    expect(issue?.severity).toBe('error');
    expect(issue?.message.nb.length).toBeGreaterThan(10);
    expect(issue?.message.en.length).toBeGreaterThan(10);
  });

  it('warns about as-needed without a maximum', () => {
    const result = validateDosage([
      asNeeded(1, 'tablett', { repeat: { frequency: 3, period: 1, periodUnit: 'd' } }),
    ]);
    expect(result.valid).toBe(true);
    expect(result.issues.map((issue) => issue.code)).toEqual(['as-needed-without-max']);
  });

  it('warns when the frequency is implied, and reads it from the times', () => {
    expect(codes([{ timing: { repeat: { when: ['MORN', 'EVE'] } }, ...dose(1, 'tablett') }])).toEqual([
      'frequency-missing',
    ]);
  });

  it('warns about an unknown unit but keeps it', () => {
    expect(codes([regular(1, 'skje', { frequency: 1, period: 1, periodUnit: 'd' })])).toEqual([
      'dose-unit-unknown',
    ]);
  });

  it('warns when the free text says something else than the structure', () => {
    const result = validateDosage([{ ...daily(2, 'mg', ['MORN']), text: '2 mg hver mandag' }]);
    expect(result.valid).toBe(true);
    expect(result.issues.map((issue) => issue.code)).toEqual(['text-differs']);
    expect(codes([{ ...daily(2, 'mg', ['MORN']), text: '2 mg morgen' }])).toEqual([]);
  });

  it('warns about text-only dosages and rejects empty ones', () => {
    expect(codes([{ text: 'Etter avtale' }])).toEqual(['text-only']);
    expect(codes([{}])).toEqual(['dosage-empty']);
    expect(codes([])).toEqual(['dosage-empty']);
  });

  it('accepts a single element as well as an array', () => {
    expect(validateDosage(daily(1, 'tablett', ['MORN'])).valid).toBe(true);
  });

  it('gives the location of each issue', () => {
    const result = validateDosage([daily(1, 'tablett', ['MORN']), regular(1, 'tablett', { frequency: 2 })]);
    expect(result.issues[0]?.path).toBe('dosage[1].timing.repeat.period');
  });
});
