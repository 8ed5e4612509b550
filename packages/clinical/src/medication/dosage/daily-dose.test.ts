import { describe, expect, it } from 'vitest';
import { computeDailyDose } from './daily-dose.ts';
import { asNeeded, daily, days, regular } from './dosage-test-builders.ts';

function single(dosages: Parameters<typeof computeDailyDose>[0]) {
  const result = computeDailyDose(dosages);
  if (!result.ok) throw new Error(result.reason);
  expect(result.doses).toHaveLength(1);
  return result.doses[0]!;
}

describe('computeDailyDose', () => {
  it('counts a daily schedule', () => {
    expect(single([daily(500, 'mg', ['MORN', 'NOON', 'EVE'])])).toMatchObject({
      averagePerDay: 1500,
      peakPerDay: 1500,
    });
  });

  it('averages a weekly dose over the week and keeps the day’s dose as peak', () => {
    const result = single([
      regular(15, 'mg', { frequency: 1, period: 1, periodUnit: 'wk', dayOfWeek: ['mon'] }),
    ]);
    expect(result.averagePerDay).toBeCloseTo(15 / 7);
    expect(result.peakPerDay).toBe(15);
  });

  it('averages every third day', () => {
    const result = single([regular(1, 'tablett', { frequency: 1, period: 3, periodUnit: 'd' })]);
    expect(result.averagePerDay).toBeCloseTo(1 / 3);
    expect(result.peakPerDay).toBe(1);
  });

  it('counts hourly schedules per day', () => {
    expect(single([regular(1, 'g', { frequency: 1, period: 6, periodUnit: 'h' })])).toMatchObject({
      averagePerDay: 4,
      peakPerDay: 4,
    });
  });

  it('counts as-needed at its maximum per day', () => {
    const result = single([
      asNeeded(1, 'tablett', { repeat: { frequency: 3, period: 1, periodUnit: 'd' }, maxPerDay: 6 }),
    ]);
    expect(result).toMatchObject({ peakPerDay: 3, includesAsNeeded: true });
    expect(single([asNeeded(1, 'tablett', { maxPerDay: 6 })]).peakPerDay).toBe(6);
  });

  it('sums concurrent elements and takes the heaviest step of a taper', () => {
    const first = daily(2, 'tablett', ['MORN', 'EVE'], { sequence: 1 });
    first.timing!.repeat!.boundsDuration = days(3);
    const second = daily(1, 'tablett', ['MORN'], { sequence: 2 });
    expect(single([first, second])).toMatchObject({ peakPerDay: 4 });
    expect(single([daily(1, 'tablett', ['MORN']), daily(2, 'tablett', ['EVE'])]).peakPerDay).toBe(3);
  });

  it('says why it cannot compute', () => {
    expect(computeDailyDose([asNeeded(1, 'tablett')])).toEqual({
      ok: false,
      reason: 'as-needed-without-limit',
    });
    expect(computeDailyDose([regular(1, 'tablett', { frequency: 2 })])).toEqual({
      ok: false,
      reason: 'invalid-dosage',
    });
    expect(computeDailyDose([{ text: 'etter avtale' }])).toEqual({ ok: false, reason: 'no-dose' });
  });
});
