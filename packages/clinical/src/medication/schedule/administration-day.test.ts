import { describe, expect, it } from 'vitest';
import { asNeeded, daily, regular } from '../dosage/dosage-test-builders.ts';
import { administrationDay, intervalInstants } from './administration-day.ts';

const times = (result: ReturnType<typeof administrationDay>) =>
  result.kind === 'scheduled'
    ? result.doses.map((d) => `${d.time} ${d.dose.value} ${d.dose.unit}`)
    : result.reason.nb;

describe('administrationDay', () => {
  it('puts times of day at the routine clock times, and exact times where given', () => {
    expect(times(administrationDay([daily(1, 'tablett', ['MORN', 'EVE'])], '2026-03-29', undefined))).toEqual(
      ['08:00 1 tablett', '20:00 1 tablett'],
    );
    expect(
      times(
        administrationDay(
          [
            regular(2, 'mg', {
              frequency: 2,
              period: 1,
              periodUnit: 'd',
              timeOfDay: ['07:30:00', '19:15:00'],
            }),
          ],
          '2026-01-01',
          undefined,
        ),
      ),
    ).toEqual(['07:30 2 mg', '19:15 2 mg']);
    const assumed = administrationDay(
      [regular(5, 'ml', { frequency: 3, period: 1, periodUnit: 'd' })],
      '2026-01-01',
      undefined,
    );
    expect(assumed.kind === 'scheduled' && assumed.doses.map((d) => [d.time, d.timeAssumed])).toEqual([
      ['08:00', true],
      ['14:00', true],
      ['20:00', true],
    ]);
  });

  it('gives weekly doses on their weekday only, every other week from the start', () => {
    const weekly = [
      regular(6, 'tablett', {
        frequency: 1,
        period: 1,
        periodUnit: 'wk',
        dayOfWeek: ['mon'],
        when: ['MORN'],
      }),
    ];
    expect(times(administrationDay(weekly, '2026-03-30', undefined))).toEqual(['08:00 6 tablett']);
    expect(times(administrationDay(weekly, '2026-03-31', undefined))).toEqual([]);
    const fortnightly = [
      regular(1, 'sprøyte', { frequency: 1, period: 2, periodUnit: 'wk', dayOfWeek: ['fri'] }),
    ];
    expect(times(administrationDay(fortnightly, '2026-01-02', '2026-01-01'))).toEqual(['08:00 1 sprøyte']);
    expect(times(administrationDay(fortnightly, '2026-01-09', '2026-01-01'))).toEqual([]);
    expect(times(administrationDay(fortnightly, '2026-01-16', '2026-01-01'))).toEqual(['08:00 1 sprøyte']);
    expect(administrationDay(fortnightly, '2026-01-16', undefined).kind).toBe('unscheduled');
  });

  it('counts every N days from the start date, and refuses to guess without one', () => {
    const third = [regular(1, 'tablett', { frequency: 1, period: 3, periodUnit: 'd' })];
    expect(
      ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'].map(
        (d) => times(administrationDay(third, d, '2026-03-01')).length,
      ),
    ).toEqual([1, 0, 0, 1]);
    expect(administrationDay(third, '2026-03-04', undefined)).toMatchObject({ kind: 'unscheduled' });
    expect(times(administrationDay(third, '2026-02-26', '2026-03-01'))).toEqual([]);
  });

  it('follows a taper step by step and ends a course', () => {
    const taper = [
      regular(
        2,
        'tablett',
        {
          frequency: 1,
          period: 1,
          periodUnit: 'd',
          when: ['MORN'],
          boundsDuration: { value: 3, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' },
        },
        { sequence: 1 },
      ),
      regular(
        1,
        'tablett',
        {
          frequency: 1,
          period: 1,
          periodUnit: 'd',
          when: ['MORN'],
          boundsDuration: { value: 4, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' },
        },
        { sequence: 2 },
      ),
    ];
    const on = (d: string) => times(administrationDay(taper, d, '2026-03-01'));
    expect([
      on('2026-03-01'),
      on('2026-03-03'),
      on('2026-03-04'),
      on('2026-03-07'),
      on('2026-03-08'),
    ]).toEqual([['08:00 2 tablett'], ['08:00 2 tablett'], ['08:00 1 tablett'], ['08:00 1 tablett'], []]);
    expect(administrationDay(taper, '2026-03-01', undefined).kind).toBe('unscheduled');
  });

  it('spreads hourly intervals over the day from 08:00, and lists as-needed doses with their daily maximum', () => {
    expect(
      times(
        administrationDay(
          [regular(1, 'tablett', { frequency: 1, period: 8, periodUnit: 'h' })],
          '2026-10-25',
          undefined,
        ),
      ),
    ).toEqual(['00:00 1 tablett', '08:00 1 tablett', '16:00 1 tablett']);
    // The times are those of an ordinary day; the interval itself is elapsed time, from the start when known.
    const hourly = administrationDay(
      [regular(1, 'tablett', { frequency: 1, period: 8, periodUnit: 'h' })],
      '2026-03-29',
      '2026-03-27',
    );
    expect(hourly.kind === 'scheduled' && hourly.doses[0]?.interval).toEqual({
      minutes: 480,
      from: '2026-03-27',
    });
    const H = 3_600_000;
    const anchor = Date.parse('2026-03-27T07:00:00Z'); // 08:00 local on the start day
    expect(
      intervalInstants({ minutes: 480, from: '2026-03-27' }, anchor, anchor - 24 * H, anchor + 24 * H),
    ).toEqual([anchor, anchor + 8 * H, anchor + 16 * H]);
    expect(intervalInstants({ minutes: 480 }, anchor, anchor - 9 * H, anchor)).toEqual([anchor - 8 * H]);
    expect(
      administrationDay(
        [regular(1, 'tablett', { frequency: 1, period: 5, periodUnit: 'h' })],
        '2026-10-25',
        undefined,
      ).kind,
    ).toBe('unscheduled');
    const prn = administrationDay(
      [asNeeded(1, 'tablett', { repeat: { frequency: 3, period: 1, periodUnit: 'd' }, maxPerDay: 6 })],
      '2026-01-01',
      undefined,
    );
    expect(prn).toEqual({
      kind: 'scheduled',
      doses: [],
      asNeeded: [
        { dose: { value: 1, unit: 'tablett' }, maxPerDay: { value: 6, unit: 'tablett' }, timesPerDay: 3 },
      ],
    });
  });
});
