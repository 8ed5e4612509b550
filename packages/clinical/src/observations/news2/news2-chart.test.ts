// Every boundary of RCP NEWS2 Chart 1, value by value, plus a differential test against an independent
// if/else transcription of the chart so a mistyped band cannot hide between the listed boundaries.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PULSE_BANDS,
  RESPIRATION_RATE_BANDS,
  SPO2_SCALE_1_BANDS,
  SYSTOLIC_BANDS,
  TEMPERATURE_BANDS,
  scoreFromBands,
  scoreOxygenSaturation,
} from './news2-chart.ts';

describe('respiration rate (≤8 → 3, 9–11 → 1, 12–20 → 0, 21–24 → 2, ≥25 → 3)', () => {
  it.each([
    [5, 3],
    [8, 3],
    [9, 1],
    [11, 1],
    [12, 0],
    [20, 0],
    [21, 2],
    [24, 2],
    [25, 3],
    [40, 3],
  ])('%i/min scores %i', (value, score) => {
    expect(scoreFromBands(value, RESPIRATION_RATE_BANDS)).toBe(score);
  });
});

describe('SpO2 scale 1 (≤91 → 3, 92–93 → 2, 94–95 → 1, ≥96 → 0)', () => {
  it.each([
    [85, 3],
    [91, 3],
    [92, 2],
    [93, 2],
    [94, 1],
    [95, 1],
    [96, 0],
    [100, 0],
  ])('%i %% scores %i, on air and on oxygen alike', (value, score) => {
    expect(scoreFromBands(value, SPO2_SCALE_1_BANDS)).toBe(score);
    expect(scoreOxygenSaturation(value, 1, false)).toBe(score);
    expect(scoreOxygenSaturation(value, 1, true)).toBe(score);
  });
});

describe('SpO2 scale 2', () => {
  it.each([
    [80, 3],
    [83, 3],
    [84, 2],
    [85, 2],
    [86, 1],
    [87, 1],
    [88, 0],
    [90, 0],
    [92, 0],
  ])('%i %% scores %i whether on air or oxygen', (value, score) => {
    expect(scoreOxygenSaturation(value, 2, false)).toBe(score);
    expect(scoreOxygenSaturation(value, 2, true)).toBe(score);
    expect(scoreOxygenSaturation(value, 2, undefined)).toBe(score);
  });

  it.each([93, 94, 95, 96, 97, 100])('%i %% on air scores 0', (value) => {
    expect(scoreOxygenSaturation(value, 2, false)).toBe(0);
  });

  it.each([
    [93, 1],
    [94, 1],
    [95, 2],
    [96, 2],
    [97, 3],
    [100, 3],
  ])('%i %% on oxygen scores %i', (value, score) => {
    expect(scoreOxygenSaturation(value, 2, true)).toBe(score);
  });

  it('cannot score 93 % or above without knowing air/oxygen', () => {
    expect(scoreOxygenSaturation(93, 2, undefined)).toBeUndefined();
    expect(scoreOxygenSaturation(99, 2, undefined)).toBeUndefined();
  });
});

describe('systolic blood pressure (≤90 → 3, 91–100 → 2, 101–110 → 1, 111–219 → 0, ≥220 → 3)', () => {
  it.each([
    [70, 3],
    [90, 3],
    [91, 2],
    [100, 2],
    [101, 1],
    [110, 1],
    [111, 0],
    [219, 0],
    [220, 3],
    [260, 3],
  ])('%i mmHg scores %i', (value, score) => {
    expect(scoreFromBands(value, SYSTOLIC_BANDS)).toBe(score);
  });
});

describe('pulse (≤40 → 3, 41–50 → 1, 51–90 → 0, 91–110 → 1, 111–130 → 2, ≥131 → 3)', () => {
  it.each([
    [30, 3],
    [40, 3],
    [41, 1],
    [50, 1],
    [51, 0],
    [90, 0],
    [91, 1],
    [110, 1],
    [111, 2],
    [130, 2],
    [131, 3],
    [180, 3],
  ])('%i/min scores %i', (value, score) => {
    expect(scoreFromBands(value, PULSE_BANDS)).toBe(score);
  });
});

describe('temperature (≤35.0 → 3, 35.1–36.0 → 1, 36.1–38.0 → 0, 38.1–39.0 → 1, ≥39.1 → 2)', () => {
  it.each([
    [34.2, 3],
    [35.0, 3],
    [35.1, 1],
    [36.0, 1],
    [36.1, 0],
    [38.0, 0],
    [38.1, 1],
    [39.0, 1],
    [39.1, 2],
    [41.0, 2],
  ])('%f °C scores %i', (value, score) => {
    expect(scoreFromBands(value, TEMPERATURE_BANDS)).toBe(score);
  });
});

/** The chart transcribed a second time, as conditions, to cross-check the band tables. */
const reference = {
  respirationRate: (v: number) => (v <= 8 ? 3 : v <= 11 ? 1 : v <= 20 ? 0 : v <= 24 ? 2 : 3),
  spo2Scale1: (v: number) => (v <= 91 ? 3 : v <= 93 ? 2 : v <= 95 ? 1 : 0),
  spo2Scale2: (v: number, oxygen: boolean) =>
    v <= 83 ? 3 : v <= 85 ? 2 : v <= 87 ? 1 : v <= 92 || !oxygen ? 0 : v <= 94 ? 1 : v <= 96 ? 2 : 3,
  systolic: (v: number) => (v <= 90 ? 3 : v <= 100 ? 2 : v <= 110 ? 1 : v <= 219 ? 0 : 3),
  pulse: (v: number) => (v <= 40 ? 3 : v <= 50 ? 1 : v <= 90 ? 0 : v <= 110 ? 1 : v <= 130 ? 2 : 3),
  temperatureTenths: (t: number) => (t <= 350 ? 3 : t <= 360 ? 1 : t <= 380 ? 0 : t <= 390 ? 1 : 2),
};

describe('band tables agree with an independent transcription of the chart', () => {
  it('for every integer and every tenth of a degree in range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.boolean(), (value, oxygen) => {
        expect(scoreFromBands(value, RESPIRATION_RATE_BANDS)).toBe(reference.respirationRate(value));
        expect(scoreFromBands(value, SPO2_SCALE_1_BANDS)).toBe(reference.spo2Scale1(value));
        expect(scoreOxygenSaturation(value, 2, oxygen)).toBe(reference.spo2Scale2(value, oxygen));
        expect(scoreFromBands(value, SYSTOLIC_BANDS)).toBe(reference.systolic(value));
        expect(scoreFromBands(value, PULSE_BANDS)).toBe(reference.pulse(value));
      }),
      { numRuns: 2000 },
    );
    for (let tenths = 250; tenths <= 450; tenths++) {
      expect(scoreFromBands(tenths / 10, TEMPERATURE_BANDS), `${tenths / 10} °C`).toBe(
        reference.temperatureTenths(tenths),
      );
    }
  });
});
