import { describe, expect, it } from 'vitest';
import type { ObservationContext } from '../observation-context.ts';
import { vitalSignsFromObservations } from '../vital-signs/read-vital-signs.ts';
import { vitalSignObservation } from '../vital-signs/vital-sign-observation.ts';
import { calculateNews2 } from './calculate-news2.ts';
import {
  NEWS2_RISK_SYSTEM,
  News2IncompleteError,
  news2ToObservation,
  readNews2Observation,
} from './news2-observation.ts';

const context: ObservationContext = {
  subject: { reference: 'Patient/ingrid' },
  effectiveDateTime: '2026-03-03T02:20:00+01:00',
  performer: [{ reference: 'PractitionerRole/dr-aas' }],
};

/** Ingrid at the legevakt (SCENARIOS.md): NEWS2 7 with new confusion. */
const night = {
  respirationRate: 22,
  oxygenSaturation: 96,
  onOxygen: false,
  systolicBloodPressure: 112,
  pulse: 104,
  consciousness: 'C' as const,
  temperature: 38.9,
};

describe('news2ToObservation', () => {
  it('records the total, the seven component scores, risk and escalation', () => {
    const observation = news2ToObservation(calculateNews2(night), {
      ...context,
      derivedFrom: [{ reference: 'Observation/rr' }, { reference: 'Observation/acvpu' }],
    });
    expect(observation).toMatchObject({
      resourceType: 'Observation',
      status: 'final',
      category: [
        {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }],
        },
      ],
      code: { coding: [{ system: 'http://snomed.info/sct', code: '1104051000000101' }] },
      valueQuantity: { value: 7, system: 'http://unitsofmeasure.org', code: '{score}' },
      subject: { reference: 'Patient/ingrid' },
      derivedFrom: [{ reference: 'Observation/rr' }, { reference: 'Observation/acvpu' }],
    });
    expect(
      observation.component?.map((component) => [
        component.code.coding?.[0]?.code,
        component.valueQuantity?.value,
      ]),
    ).toEqual([
      ['1104301000000104', 2], // respiration rate
      ['1104311000000102', 0], // SpO2 scale 1
      ['1104331000000105', 0], // air or oxygen
      ['1104341000000101', 0], // systolic
      ['1104351000000103', 1], // pulse
      ['1104361000000100', 3], // consciousness
      ['1104371000000107', 1], // temperature
    ]);
    expect(observation.interpretation?.[0]?.coding).toEqual([
      {
        system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
        code: 'HH',
        display: 'Critical high',
      },
      { system: NEWS2_RISK_SYSTEM, code: 'high', display: 'High risk' },
    ]);
    expect(observation.interpretation?.[0]?.text).toBe('Høy risiko – krever eskalering');
  });

  it('uses the scale 2 component code when scale 2 was used', () => {
    const observation = news2ToObservation(calculateNews2({ ...night, spo2Scale: 2 }), context);
    expect(observation.component?.[1]?.code.coding?.[0]?.code).toBe('1104321000000108');
    expect(observation.component?.[1]?.code.text).toBe('SpO2 (skala 2)');
  });

  it.each([
    [{ ...night, consciousness: 'A' as const, respirationRate: 16, pulse: 80, temperature: 37 }, 'N', 'low'],
    [{ ...night, consciousness: 'A' as const }, 'A', 'low'],
    [
      { ...night, consciousness: 'A' as const, respirationRate: 26, pulse: 80, temperature: 37 },
      'H',
      'low-medium',
    ],
    [
      { ...night, consciousness: 'A' as const, pulse: 115, respirationRate: 22, temperature: 38.5 },
      'H',
      'medium',
    ],
  ])('interprets %o as %s / %s', (input, interpretation, risk) => {
    const coding = news2ToObservation(calculateNews2(input), context).interpretation?.[0]?.coding;
    expect(coding?.[0]?.code).toBe(interpretation);
    expect(coding?.[1]?.code).toBe(risk);
  });

  it('refuses to record an incomplete NEWS2', () => {
    const { temperature: _omitted, ...incomplete } = night;
    expect(() => news2ToObservation(calculateNews2(incomplete), context)).toThrow(News2IncompleteError);
  });

  it('is read back by readNews2Observation', () => {
    const observation = news2ToObservation(calculateNews2(night), context);
    expect(readNews2Observation(observation)).toEqual({
      total: 7,
      risk: 'high',
      escalation: true,
      effectiveDateTime: '2026-03-03T02:20:00+01:00',
    });
    expect(readNews2Observation(vitalSignObservation('pulse', 80, context))).toBeUndefined();
  });
});

describe('server flow: vital signs written → NEWS2 recomputed', () => {
  it('goes from stored vital-sign Observations to a NEWS2 Observation that points back at them', () => {
    const time = '2026-03-03T02:20:00+01:00';
    const with_ = (id: string): ObservationContext => ({ ...context, effectiveDateTime: time, id });
    const vitals = [
      vitalSignObservation('respirationRate', night.respirationRate, with_('rr')),
      vitalSignObservation(
        'oxygenSaturation',
        { percent: night.oxygenSaturation, onOxygen: false },
        with_('spo2'),
      ),
      vitalSignObservation(
        'bloodPressure',
        { systolic: night.systolicBloodPressure, diastolic: 70 },
        with_('bp'),
      ),
      vitalSignObservation('pulse', night.pulse, with_('pulse')),
      vitalSignObservation('consciousness', night.consciousness, with_('acvpu')),
      vitalSignObservation('bodyTemperature', night.temperature, with_('temp')),
    ];
    const reading = vitalSignsFromObservations(vitals);
    const result = calculateNews2(reading.input);
    expect(result.total).toBe(7);
    const news2 = news2ToObservation(result, {
      ...context,
      effectiveDateTime: reading.effectiveDateTime ?? time,
      derivedFrom: reading.derivedFrom,
    });
    expect(news2.derivedFrom).toHaveLength(6);
    expect(news2.effectiveDateTime).toBe(time);
  });
});
