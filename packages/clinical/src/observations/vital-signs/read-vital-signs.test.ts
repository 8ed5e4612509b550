import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { ObservationContext } from '../observation-context.ts';
import { vitalSignsFromObservations } from './read-vital-signs.ts';
import { vitalSignObservation } from './vital-sign-observation.ts';

const at = (time: string, id: string): ObservationContext => ({
  subject: { reference: 'Patient/ingrid' },
  effectiveDateTime: time,
  id,
});

/** Ingrid's 21:00 set from SCENARIOS.md, built with the same builder the app uses. */
function eveningSet(): Observation[] {
  const t = '2026-03-02T21:00:00+01:00';
  return [
    vitalSignObservation('respirationRate', 20, at(t, 'rr')),
    vitalSignObservation('oxygenSaturation', { percent: 95, onOxygen: false }, at(t, 'spo2')),
    vitalSignObservation('bloodPressure', { systolic: 118, diastolic: 70 }, at(t, 'bp')),
    vitalSignObservation('pulse', 96, at('2026-03-02T21:02:00+01:00', 'pulse')),
    vitalSignObservation('consciousness', 'A', at(t, 'acvpu')),
    vitalSignObservation('bodyTemperature', 38.3, at(t, 'temp')),
    vitalSignObservation('bodyWeight', 61, at(t, 'weight')), // not a NEWS2 parameter: ignored silently
  ];
}

describe('vitalSignsFromObservations', () => {
  it('reads all seven NEWS2 inputs back from the Observations the builder writes', () => {
    const reading = vitalSignsFromObservations(eveningSet());
    expect(reading.input).toEqual({
      respirationRate: 20,
      oxygenSaturation: 95,
      onOxygen: false,
      systolicBloodPressure: 118,
      pulse: 96,
      consciousness: 'A',
      temperature: 38.3,
    });
    expect(reading.sources.airOrOxygen).toEqual({ reference: 'Observation/spo2' });
    expect(reading.derivedFrom.map((reference) => reference.reference).sort()).toEqual([
      'Observation/acvpu',
      'Observation/bp',
      'Observation/pulse',
      'Observation/rr',
      'Observation/spo2',
      'Observation/temp',
    ]);
    expect(reading.effectiveDateTime).toBe('2026-03-02T21:02:00+01:00');
    expect(reading.ignored).toEqual([]);
  });

  it('uses the newest value of each parameter and never mixes in observations from an older set', () => {
    const night = [
      vitalSignObservation('pulse', 104, at('2026-03-03T02:20:00+01:00', 'pulse-night')),
      vitalSignObservation('consciousness', 'C', at('2026-03-03T02:20:00+01:00', 'acvpu-night')),
    ];
    const reading = vitalSignsFromObservations([...eveningSet(), ...night]);
    expect(reading.input).toEqual({ pulse: 104, consciousness: 'C' });
    expect(reading.ignored.every((entry) => entry.reason === 'too old for this set of observations')).toBe(
      true,
    );
    expect(reading.ignored).toHaveLength(6);
  });

  it('can read the set as of a given time with a wider window', () => {
    const night = [vitalSignObservation('pulse', 104, at('2026-03-03T02:20:00+01:00', 'pulse-night'))];
    const reading = vitalSignsFromObservations([...eveningSet(), ...night], {
      at: '2026-03-02T21:30:00+01:00',
      maxAgeMinutes: 45,
      spo2Scale: 2,
    });
    expect(reading.input.pulse).toBe(96);
    expect(reading.input.spo2Scale).toBe(2);
    expect(reading.ignored).toEqual([
      { reference: 'Observation/pulse-night', reason: 'after the requested time' },
    ]);
  });

  it('skips observations entered in error and says why', () => {
    const wrong = {
      ...vitalSignObservation('pulse', 160, at('2026-03-02T21:05:00+01:00', 'typo')),
      status: 'entered-in-error' as const,
    };
    const reading = vitalSignsFromObservations([...eveningSet(), wrong]);
    expect(reading.input.pulse).toBe(96);
    expect(reading.ignored).toEqual([{ reference: 'Observation/typo', reason: 'status entered-in-error' }]);
  });

  it('understands observations from other systems: Fahrenheit, heart rate, FiO2 and a separate air/oxygen finding', () => {
    const time = '2026-03-02T21:00:00Z';
    const observations: Observation[] = [
      {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '8310-5' }] },
        effectiveDateTime: time,
        valueQuantity: { value: 100.4, unit: '°F', system: 'http://unitsofmeasure.org', code: '[degF]' },
      },
      {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
        effectiveDateTime: time,
        valueQuantity: { value: 88, unit: 'beats/min', system: 'http://unitsofmeasure.org', code: '/min' },
      },
      {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '59408-5' }] },
        effectiveDateTime: time,
        valueQuantity: { value: 93, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
        extension: [
          {
            url: 'http://hl7.no/fhir/no-domain/vitalsigns/StructureDefinition/NoDomainVitalSignsInspiredOxygenExtension',
            extension: [
              {
                url: 'http://hl7.no/fhir/no-domain/vitalsigns/StructureDefinition/NoDomainVitalSignsFiO2Extension',
                valueRatio: { numerator: { value: 28 }, denominator: { value: 100 } },
              },
            ],
          },
        ],
      },
    ];
    const reading = vitalSignsFromObservations(observations);
    expect(reading.input.temperature).toBeCloseTo(38, 5);
    expect(reading.input.pulse).toBe(88);
    expect(reading.input.oxygenSaturation).toBe(93);
    expect(reading.input.onOxygen).toBe(true);
    expect(reading.derivedFrom).toEqual([]); // no ids, nothing to reference

    const airFinding: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'Air or oxygen' },
      effectiveDateTime: time,
      valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '722742002' }] },
    };
    expect(vitalSignsFromObservations([airFinding]).input.onOxygen).toBe(false);
  });

  it('does not guess air/oxygen when the SpO2 observation does not say', () => {
    const observation = vitalSignObservation(
      'oxygenSaturation',
      { percent: 97 },
      at('2026-03-02T21:00:00Z', 's'),
    );
    expect(vitalSignsFromObservations([observation]).input).toEqual({ oxygenSaturation: 97 });
  });

  it('returns an empty reading for no observations', () => {
    expect(vitalSignsFromObservations([])).toEqual({ input: {}, sources: {}, derivedFrom: [], ignored: [] });
  });
});
