import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculateNews2, NEWS2_PARAMETERS, type News2Input } from './calculate-news2.ts';

/** A healthy adult: every parameter scores 0. */
const normal: News2Input = {
  respirationRate: 16,
  oxygenSaturation: 98,
  onOxygen: false,
  systolicBloodPressure: 125,
  pulse: 72,
  consciousness: 'A',
  temperature: 36.8,
};

const scores = (input: News2Input) =>
  Object.fromEntries(
    NEWS2_PARAMETERS.map((parameter) => [parameter, calculateNews2(input).components[parameter].score]),
  );

describe('worked examples (hand-scored from RCP Chart 1)', () => {
  it('scores 0 for normal observations: low risk, routine monitoring', () => {
    const result = calculateNews2(normal);
    expect(result).toMatchObject({ complete: true, total: 0, risk: 'low', escalation: false, missing: [] });
    expect(result.response.level).toBe('score-0');
    expect(result.response.monitoring.nb).toBe('Minimum hver 12. time');
  });

  it('scores each component and sums them', () => {
    // RR 22 → 2, SpO2 94 → 1, oxygen → 2, systolic 105 → 1, pulse 112 → 2, alert → 0, 38.4 °C → 1 = 9
    const input: News2Input = {
      respirationRate: 22,
      oxygenSaturation: 94,
      onOxygen: true,
      systolicBloodPressure: 105,
      pulse: 112,
      consciousness: 'A',
      temperature: 38.4,
    };
    expect(scores(input)).toEqual({
      respirationRate: 2,
      oxygenSaturation: 1,
      airOrOxygen: 2,
      systolicBloodPressure: 1,
      pulse: 2,
      consciousness: 0,
      temperature: 1,
    });
    expect(calculateNews2(input)).toMatchObject({ total: 9, risk: 'high', escalation: true });
  });

  it('treats a single parameter scoring 3 as low–medium risk with escalation, even at total 3', () => {
    const result = calculateNews2({ ...normal, consciousness: 'V' });
    expect(result).toMatchObject({
      total: 3,
      risk: 'low-medium',
      singleParameterScore3: true,
      escalation: true,
    });
    expect(result.response.level).toBe('single-parameter-3');
    expect(result.response.headline.nb).toBe('Vurder tilsyn av lege');
  });

  it('classifies 1–4 as low, 5–6 as medium and 7+ as high', () => {
    expect(calculateNews2({ ...normal, pulse: 95 })).toMatchObject({
      total: 1,
      risk: 'low',
      escalation: false,
    });
    expect(calculateNews2({ ...normal, pulse: 95, temperature: 38.5, respirationRate: 21 })).toMatchObject({
      total: 4,
      risk: 'low',
      escalation: false,
    });
    const five = calculateNews2({ ...normal, pulse: 115, temperature: 38.5, respirationRate: 21 });
    expect(five).toMatchObject({ total: 5, risk: 'medium', escalation: true });
    expect(five.response.level).toBe('score-5-6');
    const seven = calculateNews2({
      ...normal,
      pulse: 115,
      temperature: 39.5,
      respirationRate: 21,
      systolicBloodPressure: 108,
    });
    expect(seven).toMatchObject({ total: 7, risk: 'high', escalation: true });
    expect(seven.response.level).toBe('score-7-or-more');
  });

  it('uses SpO2 scale 2 only when asked, and then depends on air/oxygen', () => {
    const copd = { ...normal, oxygenSaturation: 90 };
    expect(calculateNews2(copd).components.oxygenSaturation.score).toBe(3); // scale 1: ≤91 → 3
    expect(calculateNews2({ ...copd, spo2Scale: 2 }).components.oxygenSaturation.score).toBe(0); // in target
    const overOxygenated = calculateNews2({ ...normal, spo2Scale: 2, oxygenSaturation: 97, onOxygen: true });
    expect(overOxygenated.components.oxygenSaturation.score).toBe(3);
    expect(overOxygenated.total).toBe(5); // 3 for SpO2 + 2 for oxygen
    expect(overOxygenated.spo2Scale).toBe(2);
  });
});

describe('the SCENARIOS.md story of Ingrid (84)', () => {
  it('scores 3 at the 21:00 home-care visit: low risk, increased observation', () => {
    const evening = calculateNews2({
      respirationRate: 20, // 0
      oxygenSaturation: 95, // 1
      onOxygen: false, // 0
      systolicBloodPressure: 118, // 0
      pulse: 96, // 1
      consciousness: 'A', // 0
      temperature: 38.3, // 1
    });
    expect(evening).toMatchObject({ complete: true, total: 3, risk: 'low', escalation: false });
    expect(evening.response.headline.nb).toBe('Økt observasjon');
  });

  it('scores 7 at the legevakt with new confusion and fever: high risk, escalation', () => {
    const night = calculateNews2({
      respirationRate: 22, // 2
      oxygenSaturation: 96, // 0
      onOxygen: false, // 0
      systolicBloodPressure: 112, // 0
      pulse: 104, // 1
      consciousness: 'C', // 3
      temperature: 38.9, // 1
    });
    expect(night).toMatchObject({
      complete: true,
      total: 7,
      risk: 'high',
      escalation: true,
      singleParameterScore3: true,
    });
    expect(night.response.level).toBe('score-7-or-more');
  });
});

describe('missing and invalid parameters', () => {
  it('never scores a missing parameter as 0: total and risk stay null, the lower bound is reported', () => {
    const { temperature: _omitted, ...withoutTemperature } = normal;
    const result = calculateNews2({ ...withoutTemperature, pulse: 95 });
    expect(result.complete).toBe(false);
    expect(result.total).toBeNull();
    expect(result.risk).toBeNull();
    expect(result.partialTotal).toBe(1);
    expect(result.minimumRisk).toBe('low');
    expect(result.missing).toEqual(['temperature']);
    expect(result.components.temperature).toMatchObject({ status: 'missing', reason: { nb: 'Ikke målt' } });
    expect(result.components.temperature.score).toBeUndefined();
  });

  it('reports every parameter as missing for empty input', () => {
    const result = calculateNews2({});
    expect(result.missing).toEqual(NEWS2_PARAMETERS);
    expect(result).toMatchObject({ complete: false, total: null, partialTotal: 0, escalation: false });
  });

  it('accepts null as "not measured"', () => {
    expect(calculateNews2({ ...normal, pulse: null }).missing).toEqual(['pulse']);
  });

  it('escalates on what is known when the known part already triggers', () => {
    const result = calculateNews2({ respirationRate: 26, consciousness: 'A' });
    expect(result).toMatchObject({
      complete: false,
      escalation: true,
      minimumRisk: 'low-medium',
      total: null,
    });
  });

  it('marks implausible values invalid instead of scoring them', () => {
    const result = calculateNews2({ ...normal, pulse: 720, temperature: Number.NaN });
    expect(result.components.pulse).toMatchObject({ status: 'invalid', value: 720 });
    expect(result.components.temperature.status).toBe('invalid');
    expect(result.missing).toEqual(['pulse', 'temperature']);
    expect(result.total).toBeNull();
  });

  it('cannot score SpO2 on scale 2 at 93 % or above without air/oxygen, and says so', () => {
    const { onOxygen: _omitted, ...noOxygenInfo } = normal;
    const result = calculateNews2({ ...noOxygenInfo, spo2Scale: 2, oxygenSaturation: 95 });
    expect(result.components.oxygenSaturation.status).toBe('undetermined');
    expect(result.missing).toEqual(['oxygenSaturation', 'airOrOxygen']);
    // Scale 1 does not need it for the SpO2 score, only for the air/oxygen score.
    expect(calculateNews2({ ...noOxygenInfo, oxygenSaturation: 95 }).missing).toEqual(['airOrOxygen']);
  });
});

describe('rounding to the precision of the chart', () => {
  it('rounds temperature to one decimal and the others to whole numbers before scoring', () => {
    expect(calculateNews2({ ...normal, temperature: 38.04 }).components.temperature).toMatchObject({
      value: 38,
      score: 0,
    });
    expect(calculateNews2({ ...normal, temperature: 38.05 }).components.temperature).toMatchObject({
      value: 38.1,
      score: 1,
    });
    expect(calculateNews2({ ...normal, pulse: 90.4 }).components.pulse).toMatchObject({
      value: 90,
      score: 0,
    });
    expect(calculateNews2({ ...normal, pulse: 90.5 }).components.pulse).toMatchObject({
      value: 91,
      score: 1,
    });
  });
});

describe('properties', () => {
  const plausible = fc.record({
    respirationRate: fc.integer({ min: 2, max: 80 }),
    oxygenSaturation: fc.integer({ min: 40, max: 100 }),
    onOxygen: fc.boolean(),
    systolicBloodPressure: fc.integer({ min: 40, max: 300 }),
    pulse: fc.integer({ min: 20, max: 250 }),
    consciousness: fc.constantFrom('A' as const, 'C' as const, 'V' as const, 'P' as const, 'U' as const),
    temperature: fc.integer({ min: 250, max: 450 }).map((tenths) => tenths / 10),
    spo2Scale: fc.constantFrom(1 as const, 2 as const),
  });

  it('total is the sum of the component scores, between 0 and 20, and escalation follows the RCP rule', () => {
    fc.assert(
      fc.property(plausible, (input) => {
        const result = calculateNews2(input);
        const sum = NEWS2_PARAMETERS.reduce(
          (total, parameter) => total + (result.components[parameter].score ?? -100),
          0,
        );
        expect(result.complete).toBe(true);
        expect(result.total).toBe(sum);
        expect(sum).toBeGreaterThanOrEqual(0);
        expect(sum).toBeLessThanOrEqual(20);
        const anyThree = NEWS2_PARAMETERS.some((parameter) => result.components[parameter].score === 3);
        expect(result.escalation).toBe(sum >= 5 || anyThree);
        expect(result.risk).toBe(sum >= 7 ? 'high' : sum >= 5 ? 'medium' : anyThree ? 'low-medium' : 'low');
      }),
    );
  });

  it('dropping a parameter never raises the partial total (the lower bound is safe)', () => {
    fc.assert(
      fc.property(plausible, fc.constantFrom(...NEWS2_PARAMETERS), (input, dropped) => {
        const full = calculateNews2(input);
        const key =
          dropped === 'airOrOxygen' ? 'onOxygen' : dropped === 'temperature' ? 'temperature' : dropped;
        const partial = calculateNews2({ ...input, [key]: undefined });
        expect(partial.partialTotal).toBeLessThanOrEqual(full.total ?? 0);
        if (partial.escalation) expect(full.escalation).toBe(true);
      }),
    );
  });
});
