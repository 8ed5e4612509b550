// Builds every kind of vital sign and checks it against the HL7 Norway StructureDefinition snapshots bundled in
// packages/fhir/data: every fixed/pattern value (LOINC + SNOMED codings, category, UCUM system and code) and
// every required top-level element. A small checker rather than a full validator, but it reads the profiles
// themselves, so a profile change or a typo in our codes makes these tests fail.

import { readFileSync } from 'node:fs';
import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { ObservationContext } from '../observation-context.ts';
import { validateVitalSign, type VitalSignValues } from './validate-vital-sign.ts';
import { VITAL_SIGNS, type VitalSignKind } from './vital-sign-definitions.ts';
import { VitalSignValueError, vitalSignObservation } from './vital-sign-observation.ts';

const PROFILE_DIR = new URL('../../../../fhir/data/no-domain-vitalsigns/', import.meta.url);

interface ElementDefinition {
  id: string;
  min?: number;
  [key: string]: unknown;
}

interface Constraint {
  segments: string[];
  value: unknown;
}

function loadSnapshot(profileUrl: string): { url: string; elements: ElementDefinition[] } {
  const name = profileUrl.split('/').pop() ?? '';
  const json = JSON.parse(readFileSync(new URL(`StructureDefinition-${name}.json`, PROFILE_DIR), 'utf8')) as {
    url: string;
    snapshot: { element: ElementDefinition[] };
  };
  return { url: json.url, elements: json.snapshot.element };
}

/** Optional slices we do not populate (mean arterial pressure, pulse pressure). */
const OPTIONAL_SLICES = ['component:MeanArterialPressure', 'component:PulsePressure'];

function constraintsOf(elements: ElementDefinition[]): Constraint[] {
  const constraints: Constraint[] = [];
  for (const element of elements) {
    if (/extension/i.test(element.id) || OPTIONAL_SLICES.some((slice) => element.id.includes(slice)))
      continue;
    const key = Object.keys(element).find((name) => name.startsWith('fixed') || name.startsWith('pattern'));
    if (!key) continue;
    constraints.push({ segments: element.id.split('.').slice(1), value: element[key] });
  }
  return constraints;
}

/** Instance key for a path segment: "value[x]:valueQuantity" → valueQuantity, "coding:Loinc" → coding. */
function keyOf(segment: string, node: Record<string, unknown>): string {
  const [base, slice] = segment.split(':');
  if (base === 'value[x]')
    return slice ?? Object.keys(node).find((key) => key.startsWith('value')) ?? 'value';
  return base ?? segment;
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** ∃-semantics: some array item (per slice) satisfies all constraints that share that slice, together. */
function satisfies(node: unknown, constraints: Constraint[]): boolean {
  if (typeof node !== 'object' || node === null) return false;
  const groups = new Map<string, Constraint[]>();
  for (const constraint of constraints) {
    const [first = ''] = constraint.segments;
    groups.set(first, [
      ...(groups.get(first) ?? []),
      { segments: constraint.segments.slice(1), value: constraint.value },
    ]);
  }
  for (const [segment, group] of groups) {
    const children = asArray(
      (node as Record<string, unknown>)[keyOf(segment, node as Record<string, unknown>)],
    );
    const leaves = group.filter((constraint) => constraint.segments.length === 0);
    const deeper = group.filter((constraint) => constraint.segments.length > 0);
    const ok = children.some(
      (child) =>
        leaves.every((leaf) => JSON.stringify(child) === JSON.stringify(leaf.value)) &&
        (deeper.length === 0 || satisfies(child, deeper)),
    );
    if (!ok) return false;
  }
  return true;
}

function checkAgainstProfile(observation: Observation): string[] {
  const profile = observation.meta?.profile?.[0];
  if (!profile) return ['no meta.profile'];
  const { url, elements } = loadSnapshot(profile);
  const problems: string[] = [];
  if (url !== profile) problems.push(`profile url ${url} ≠ ${profile}`);
  // Constraints under one slice (e.g. component:SystolicBP) must hold on the same item, so they are checked as a
  // group: the slice is "discriminated" by satisfying all of them together.
  const groups = new Map<string, Constraint[]>();
  for (const constraint of constraintsOf(elements)) {
    const sliceEnd = constraint.segments.findIndex((segment) => segment.includes(':'));
    const key =
      sliceEnd < 0 ? constraint.segments.join('.') : constraint.segments.slice(0, sliceEnd + 1).join('.');
    groups.set(key, [...(groups.get(key) ?? []), constraint]);
  }
  for (const [key, group] of groups) {
    if (!satisfies(observation, group)) {
      problems.push(
        `${key}: ${group.map((c) => `${c.segments.join('.')} = ${JSON.stringify(c.value)}`).join(', ')}`,
      );
    }
  }
  for (const element of elements) {
    const path = element.id.split('.');
    if (path.length === 2 && (element.min ?? 0) >= 1 && !element.id.includes(':')) {
      const key = path[1] === 'effective[x]' ? 'effectiveDateTime' : (path[1] ?? '');
      if ((observation as unknown as Record<string, unknown>)[key] === undefined)
        problems.push(`missing ${element.id}`);
    }
  }
  return problems;
}

const context: ObservationContext = {
  subject: { reference: 'Patient/ingrid' },
  effectiveDateTime: '2026-03-02T21:00:00+01:00',
  performer: [{ reference: 'PractitionerRole/silje' }],
};

const samples: { [K in VitalSignKind]: VitalSignValues[K] } = {
  heartRate: 72,
  pulse: 96,
  respirationRate: 20,
  oxygenSaturation: { percent: 95, onOxygen: false },
  bloodPressure: { systolic: 118, diastolic: 74 },
  bodyTemperature: 38.3,
  consciousness: 'C',
  bodyWeight: 61.4,
  bodyHeight: 162,
};

const profiled = (Object.keys(samples) as VitalSignKind[]).filter((kind) => VITAL_SIGNS[kind].profile);

describe('vitalSignObservation conforms to the HL7 Norway vital-signs profiles', () => {
  it.each(profiled)('%s', (kind) => {
    const observation = vitalSignObservation(kind, samples[kind] as never, context);
    expect(checkAgainstProfile(observation)).toEqual([]);
    expect(observation).toMatchObject({
      resourceType: 'Observation',
      status: 'final',
      subject: context.subject,
      effectiveDateTime: context.effectiveDateTime,
      performer: context.performer,
    });
  });

  it('the checker catches a wrong code (so the test above can fail)', () => {
    const observation = vitalSignObservation('pulse', 80, context);
    const broken = structuredClone(observation);
    broken.code.coding = broken.code.coding?.filter((coding) => coding.code !== '78564009');
    expect(checkAgainstProfile(broken)).toEqual([
      'code.coding:PulseSNOMEDCode: code.coding:PulseSNOMEDCode.system = "http://snomed.info/sct", ' +
        'code.coding:PulseSNOMEDCode.code = "78564009"',
    ]);

    const bp = vitalSignObservation('bloodPressure', { systolic: 120, diastolic: 80 }, context);
    const wrongUnit = structuredClone(bp);
    const systolic = wrongUnit.component?.[0]?.valueQuantity;
    if (systolic) systolic.code = 'mmHg';
    expect(checkAgainstProfile(wrongUnit)).toHaveLength(1);
    expect(checkAgainstProfile(wrongUnit)[0]).toMatch(
      /^component:SystolicBP: .*value\[x\]\.code = "mm\[Hg\]"/,
    );
  });
});

describe('vitalSignObservation values', () => {
  it('writes blood pressure as systolic and diastolic components in mm[Hg]', () => {
    const observation = vitalSignObservation('bloodPressure', { systolic: 142, diastolic: 88 }, context);
    expect(observation.valueQuantity).toBeUndefined();
    expect(observation.component?.map((component) => component.valueQuantity)).toEqual([
      { value: 142, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
      { value: 88, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
    ]);
  });

  it('records air or oxygen on the SpO2 observation with the Norwegian inspired-oxygen extension', () => {
    const onOxygen = vitalSignObservation(
      'oxygenSaturation',
      { percent: 92, onOxygen: true, oxygenFlowLitresPerMinute: 2 },
      context,
    );
    expect(onOxygen.extension).toEqual([
      {
        url: 'http://hl7.no/fhir/no-domain/vitalsigns/StructureDefinition/NoDomainVitalSignsInspiredOxygenExtension',
        extension: [
          {
            url: 'http://hl7.no/fhir/no-domain/vitalsigns/StructureDefinition/NoDomainVitalSignsOnAirExtension',
            valueBoolean: false,
          },
          {
            url: 'http://hl7.no/fhir/no-domain/vitalsigns/StructureDefinition/NoDomainVitalSignsFlowExtension',
            valueQuantity: { value: 2, unit: 'L/min', system: 'http://unitsofmeasure.org', code: 'L/min' },
          },
        ],
      },
    ]);
    expect(vitalSignObservation('oxygenSaturation', { percent: 97 }, context).extension).toBeUndefined();
  });

  it('codes ACVPU with SNOMED CT and LOINC 67775-7, category survey, no vital-signs profile', () => {
    const observation = vitalSignObservation('consciousness', 'V', context);
    expect(observation.meta).toBeUndefined();
    expect(observation.category?.[0]?.coding?.[0]?.code).toBe('survey');
    expect(observation.code.coding?.map((coding) => coding.code)).toEqual(['67775-7', '1104441000000107']);
    expect(observation.valueCodeableConcept).toEqual({
      coding: [{ system: 'http://snomed.info/sct', code: '300202002', display: 'Responds to voice' }],
      text: 'Reagerer på tiltale (V)',
    });
  });

  it('keeps one decimal for temperature and grams for weight', () => {
    expect(vitalSignObservation('bodyTemperature', 38.26, context).valueQuantity).toMatchObject({
      value: 38.3,
      code: 'Cel',
      unit: '°C',
    });
    expect(vitalSignObservation('bodyWeight', 3.4567, context).valueQuantity).toMatchObject({
      value: 3.457,
      code: 'kg',
    });
  });
});

describe('plausibility', () => {
  it('rejects typing errors with Norwegian and English messages', () => {
    expect(() => vitalSignObservation('pulse', 720, context)).toThrow(VitalSignValueError);
    const problems = validateVitalSign('pulse', 720);
    expect(problems[0]?.message.nb).toMatch(/Puls 720 er utenfor mulig område/);
    expect(validateVitalSign('bodyTemperature', Number.NaN)[0]?.message.en).toMatch(/must be a number/);
  });

  it('requires systolic above diastolic and a known ACVPU letter', () => {
    expect(validateVitalSign('bloodPressure', { systolic: 80, diastolic: 90 })[0]?.field).toBe('diastolic');
    expect(validateVitalSign('consciousness', 'X' as never)).toHaveLength(1);
  });

  it('rejects oxygen flow on a patient recorded as breathing room air', () => {
    expect(
      validateVitalSign('oxygenSaturation', { percent: 95, onOxygen: false, oxygenFlowLitresPerMinute: 2 })[0]
        ?.field,
    ).toBe('onOxygen');
  });

  it.each([
    ['pulse', 20],
    ['pulse', 250],
    ['respirationRate', 2],
    ['oxygenSaturation', { percent: 100 }],
    ['bodyTemperature', 25],
    ['bodyWeight', 0.3],
  ] as const)('accepts %s at the edge of the plausible range (%o)', (kind, value) => {
    expect(validateVitalSign(kind, value as never)).toEqual([]);
  });
});
