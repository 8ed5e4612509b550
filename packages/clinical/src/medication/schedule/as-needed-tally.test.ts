import { describe, expect, it } from 'vitest';
import { convertDoseAmount, strengthFromName } from '../dosage/dose-conversion.ts';
import { asNeededTally, type GivenDose } from './as-needed-tally.ts';
import type { AsNeededDose } from './administration-day.ts';

const H = 3_600_000;
const moment = Date.parse('2026-03-02T09:00:00+01:00');
const tablets = (hoursAgo: number[], value = 1, unit = 'tablett'): GivenDose[] =>
  hoursAgo.map((h) => ({ at: moment - h * H, value, unit }));

/** "1 tablett ved behov, maks 4 g per døgn" (paracetamol 500 mg). */
const paracetamol: AsNeededDose = {
  dose: { value: 1, unit: 'tablett' },
  maxPerDay: { value: 4, unit: 'g' },
};

describe('strengthFromName', () => {
  it('reads the one strength a product name ends with, and nothing it would have to guess', () => {
    expect(strengthFromName('Paracet tab 500 mg', 'tablett')).toEqual({
      value: 500,
      unit: 'mg',
      per: 'tablett',
    });
    expect(strengthFromName('Metex tab 2,5 mg', 'tabletter')).toEqual({
      value: 2.5,
      unit: 'mg',
      per: 'tablett',
    });
    expect(strengthFromName('Paralgin forte 400 mg/30 mg', 'tablett')).toBeUndefined();
    expect(strengthFromName('Naproxen mikst 25 mg/ml', 'ml')).toBeUndefined();
    expect(strengthFromName('Paracet tab 500 mg', 'ml')).toBeUndefined();
    expect(strengthFromName('Paracet', 'tablett')).toBeUndefined();
  });
});

describe('convertDoseAmount', () => {
  it('converts masses always, tablets and mass only through the strength, and nothing else', () => {
    const strength = { value: 500, unit: 'mg', per: 'tablett' };
    expect(convertDoseAmount(1500, 'mg', 'g')).toBe(1.5);
    expect(convertDoseAmount(2, 'tabletter', 'tablett')).toBe(2);
    expect(convertDoseAmount(2, 'tablett', 'g', strength)).toBe(1);
    expect(convertDoseAmount(1, 'g', 'tablett', strength)).toBe(2);
    expect(convertDoseAmount(2, 'tablett', 'g')).toBeUndefined();
    expect(convertDoseAmount(2, 'kapsel', 'g', strength)).toBeUndefined();
    expect(convertDoseAmount(5, 'ml', 'mg', strength)).toBeUndefined();
  });
});

describe('asNeededTally', () => {
  it('reaches a maximum in grams through the strength of the tablets', () => {
    const strength = strengthFromName('Paracet tab 500 mg', 'tablett');
    const tally = asNeededTally(paracetamol, tablets([1, 3, 5, 7, 9, 11, 13, 15]), moment, strength);
    expect(tally).toMatchObject({ givenCount: 8, givenAmount: 4, unit: 'g', assessed: true, remaining: 0 });
    expect(tally.overMax).toBe(false);
    const over = asNeededTally(paracetamol, tablets([1, 2, 3, 4, 5, 6, 7, 8, 9]), moment, strength);
    expect(over).toMatchObject({ givenAmount: 4.5, remaining: 0, overMax: true });
  });

  it('says the maximum cannot be assessed when the dose cannot be converted, never that it is kept', () => {
    const tally = asNeededTally(paracetamol, tablets([1, 2, 3, 4, 5, 6, 7, 8, 9]), moment);
    expect(tally.assessed).toBe(false);
    expect(tally.notAssessedReason?.nb).toMatch(/kan ikke vurderes/);
    expect(tally.overMax).toBeUndefined();
    expect(tally.remaining).toBeUndefined();
  });

  it('counts the 24 hours before the moment, not the calendar day', () => {
    // Four tablets (2 g) at 23:00 the evening before count at 09:00; tablets 25 hours ago do not.
    const strength = strengthFromName('Paracet tab 500 mg', 'tablett');
    const tally = asNeededTally(
      paracetamol,
      [...tablets([10, 10, 10, 10]), ...tablets([25, 25])],
      moment,
      strength,
    );
    expect(tally).toMatchObject({ givenCount: 4, givenAmount: 2, remaining: 2 });
    // Nothing given after the moment counts.
    expect(asNeededTally(paracetamol, tablets([-1]), moment, strength).givenCount).toBe(0);
  });

  it('counts in the dose unit when there is no maximum, and tablets against tablets without a strength', () => {
    const sixTablets: AsNeededDose = {
      dose: { value: 1, unit: 'tablett' },
      maxPerDay: { value: 6, unit: 'tablett' },
    };
    expect(asNeededTally(sixTablets, tablets([1, 2], 2), moment)).toMatchObject({
      givenAmount: 4,
      remaining: 2,
      overMax: false,
      assessed: true,
    });
    expect(asNeededTally({ dose: { value: 1, unit: 'tablett' } }, tablets([1]), moment)).toMatchObject({
      givenAmount: 1,
      unit: 'tablett',
      assessed: true,
    });
  });
});
