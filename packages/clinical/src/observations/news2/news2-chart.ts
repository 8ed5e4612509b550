// The NEWS2 scoring chart (Royal College of Physicians 2017, "Chart 1: The NEWS scoring system") as data.
// Each band reads "value ≤ upTo scores `score`"; the first matching band wins. Thresholds were checked against
// the published chart (see docs/clinical-codes.md), boundary by boundary, in news2-chart.test.ts.

export type News2Score = 0 | 1 | 2 | 3;

export interface ScoreBand {
  upTo: number;
  score: News2Score;
}

/** Respiration rate, breaths per minute: ≤8 → 3, 9–11 → 1, 12–20 → 0, 21–24 → 2, ≥25 → 3. */
export const RESPIRATION_RATE_BANDS: readonly ScoreBand[] = [
  { upTo: 8, score: 3 },
  { upTo: 11, score: 1 },
  { upTo: 20, score: 0 },
  { upTo: 24, score: 2 },
  { upTo: Infinity, score: 3 },
];

/** SpO2 scale 1, %: ≤91 → 3, 92–93 → 2, 94–95 → 1, ≥96 → 0. */
export const SPO2_SCALE_1_BANDS: readonly ScoreBand[] = [
  { upTo: 91, score: 3 },
  { upTo: 93, score: 2 },
  { upTo: 95, score: 1 },
  { upTo: Infinity, score: 0 },
];

/** SpO2 scale 2 (hypercapnic respiratory failure, target 88–92 %), below 93 % — same on air and oxygen. */
export const SPO2_SCALE_2_LOW_BANDS: readonly ScoreBand[] = [
  { upTo: 83, score: 3 },
  { upTo: 85, score: 2 },
  { upTo: 87, score: 1 },
  { upTo: 92, score: 0 },
];

/** SpO2 scale 2 at 93 % or more while on oxygen: 93–94 → 1, 95–96 → 2, ≥97 → 3 (over-oxygenation). On air: 0. */
export const SPO2_SCALE_2_ON_OXYGEN_BANDS: readonly ScoreBand[] = [
  { upTo: 94, score: 1 },
  { upTo: 96, score: 2 },
  { upTo: Infinity, score: 3 },
];

/** Systolic blood pressure, mmHg: ≤90 → 3, 91–100 → 2, 101–110 → 1, 111–219 → 0, ≥220 → 3. */
export const SYSTOLIC_BANDS: readonly ScoreBand[] = [
  { upTo: 90, score: 3 },
  { upTo: 100, score: 2 },
  { upTo: 110, score: 1 },
  { upTo: 219, score: 0 },
  { upTo: Infinity, score: 3 },
];

/** Pulse, per minute: ≤40 → 3, 41–50 → 1, 51–90 → 0, 91–110 → 1, 111–130 → 2, ≥131 → 3. */
export const PULSE_BANDS: readonly ScoreBand[] = [
  { upTo: 40, score: 3 },
  { upTo: 50, score: 1 },
  { upTo: 90, score: 0 },
  { upTo: 110, score: 1 },
  { upTo: 130, score: 2 },
  { upTo: Infinity, score: 3 },
];

/** Temperature, °C (one decimal): ≤35.0 → 3, 35.1–36.0 → 1, 36.1–38.0 → 0, 38.1–39.0 → 1, ≥39.1 → 2. */
export const TEMPERATURE_BANDS: readonly ScoreBand[] = [
  { upTo: 35.0, score: 3 },
  { upTo: 36.0, score: 1 },
  { upTo: 38.0, score: 0 },
  { upTo: 39.0, score: 1 },
  { upTo: Infinity, score: 2 },
];

/** Supplemental oxygen scores 2, air scores 0 (on both SpO2 scales). */
export const ON_OXYGEN_SCORE: News2Score = 2;

/** Alert scores 0; new confusion, voice, pain or unresponsive score 3. */
export const NOT_ALERT_SCORE: News2Score = 3;

export function scoreFromBands(value: number, bands: readonly ScoreBand[]): News2Score {
  for (const band of bands) if (value <= band.upTo) return band.score;
  throw new RangeError(`No NEWS2 band for ${value}`);
}

export type SpO2Scale = 1 | 2;

/**
 * SpO2 score. On scale 2 the score for 93 % and above depends on air/oxygen, so `onOxygen` must be known there;
 * `undefined` is returned when it is not (the caller reports the parameter as undetermined, never as 0).
 */
export function scoreOxygenSaturation(
  percent: number,
  scale: SpO2Scale,
  onOxygen: boolean | undefined,
): News2Score | undefined {
  if (scale === 1) return scoreFromBands(percent, SPO2_SCALE_1_BANDS);
  if (percent <= 92) return scoreFromBands(percent, SPO2_SCALE_2_LOW_BANDS);
  if (onOxygen === undefined) return undefined;
  return onOxygen ? scoreFromBands(percent, SPO2_SCALE_2_ON_OXYGEN_BANDS) : 0;
}
