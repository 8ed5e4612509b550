import {
  calculateNews2,
  news2ToObservation,
  vitalSignObservation,
  vitalSignsFromObservations,
  type Acvpu,
  type SpO2Scale,
  type VitalSignKind,
  type VitalSignValues,
} from '@akson/clinical';
import type { Observation, Patient, Reference } from '@medplum/fhirtypes';
import { NEWS2_IDENTIFIER_SYSTEM } from '../../record/vital-signs/news2-rule.ts';
import type { Ref } from '../care-setting.ts';
import type { CitizenContext } from '../citizen-context.ts';
import type { FhirResource } from '../record-builder.ts';

/** One set of measurements taken together; leave out what was not measured. */
export interface VitalValues {
  readonly respirationRate?: number;
  readonly spo2?: { readonly percent: number; readonly onOxygen: boolean };
  readonly bloodPressure?: { readonly systolic: number; readonly diastolic: number };
  readonly pulse?: number;
  readonly temperature?: number;
  readonly consciousness?: Acvpu;
  readonly weight?: number;
  readonly height?: number;
}

export interface VitalSetInput {
  /** Local date-time the set was taken. */
  readonly at: string;
  readonly performer: Ref;
  readonly encounter?: Ref;
  readonly values: VitalValues;
  /** SpO2 scale 2 for patients with hypercapnic respiratory failure (a Flag or Condition says so). */
  readonly spo2Scale?: SpO2Scale;
}

export interface VitalSet {
  /** The vital-sign Observations, in writing order. */
  readonly observations: readonly FhirResource[];
  /** The NEWS2 Observation, when all seven parameters were measured. */
  readonly news2?: FhirResource;
  readonly total?: number;
}

/** The server scores NEWS2 from the vital signs within this window; sets are kept further apart than that. */
const NEWS2_WINDOW_MS = 60 * 60_000;

/**
 * A set of vital signs as HL7 Norway's vital-signs Observations, and, when the set is complete, its NEWS2
 * computed the way the server's NEWS2 rule computes it when the same Observations are written
 * (record/vital-signs/news2-rule.ts): vitalSignsFromObservations → calculateNews2 → news2ToObservation, with the
 * rule's identifier, the measurements' performer and encounter. A set too close to an earlier one of the same
 * patient would be scored together with it by the server, so such a set is not written (returns undefined).
 */
export function vitalSet(ctx: CitizenContext, input: VitalSetInput): VitalSet | undefined {
  const time = Date.parse(input.at);
  if (ctx.vitalSignTimes.some((t) => Math.abs(t - time) <= 2 * NEWS2_WINDOW_MS)) return undefined;
  ctx.vitalSignTimes.push(time);
  const v = input.values;
  const context = (id: string) => ({
    id,
    subject: ctx.patient as Reference<Patient>,
    effectiveDateTime: input.at,
    performer: [input.performer],
    ...(input.encounter ? { encounter: input.encounter } : {}),
  });
  const parts: [VitalSignKind, VitalSignValues[VitalSignKind] | undefined][] = [
    ['respirationRate', v.respirationRate],
    ['oxygenSaturation', v.spo2 && { percent: v.spo2.percent, onOxygen: v.spo2.onOxygen }],
    ['bloodPressure', v.bloodPressure && { ...v.bloodPressure }],
    ['pulse', v.pulse],
    ['bodyTemperature', v.temperature],
    ['consciousness', v.consciousness],
    ['bodyWeight', v.weight],
    ['bodyHeight', v.height],
  ];
  const built: Observation[] = [];
  for (const [kind, value] of parts) {
    if (value === undefined) continue;
    built.push(vitalSignObservation(kind, value as never, context(ctx.out.newId())));
  }
  const observations = built.map((o) => ctx.out.add(o as FhirResource & Observation, input.at));
  // The rule reads the set back from the database, in id order (a search without _sort): the order decides
  // the order of derivedFrom.
  const stored = [...built].sort((a, b) => ((a.id ?? '') < (b.id ?? '') ? -1 : 1));
  const reading = vitalSignsFromObservations(stored, { maxAgeMinutes: 60, spo2Scale: input.spo2Scale ?? 1 });
  const result = calculateNews2(reading.input);
  if (!result.complete || !reading.effectiveDateTime) return { observations };
  const news2 = news2ToObservation(result, {
    subject: { reference: ctx.patient.reference } as Reference<Patient>,
    effectiveDateTime: reading.effectiveDateTime,
    derivedFrom: reading.derivedFrom,
    identifier: [{ system: NEWS2_IDENTIFIER_SYSTEM, value: reading.effectiveDateTime }],
    performer: [input.performer],
    ...(input.encounter ? { encounter: input.encounter } : {}),
  });
  return {
    observations,
    news2: ctx.out.add({ ...news2, id: ctx.out.newId() } as FhirResource & Observation, input.at),
    ...(result.total !== null ? { total: result.total } : {}),
  };
}

/** Values of a person's usual state, with some day-to-day variation, rounded as a nurse writes them down. */
export interface Baseline {
  readonly respirationRate: number;
  readonly spo2: number;
  readonly systolic: number;
  readonly diastolic: number;
  readonly pulse: number;
  readonly temperature: number;
}

export function baselineFor(
  ctx: CitizenContext,
  conditions: { copd?: boolean; hypertension?: boolean } = {},
): Baseline {
  const r = ctx.random;
  const old = ctx.age >= 75;
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));
  const systolic = clamp(r.normal(conditions.hypertension ? 145 : old ? 135 : 122, 10), 95, 190);
  return {
    respirationRate: clamp(r.normal(conditions.copd ? 18 : 15, 1.5), 10, 24),
    spo2: clamp(r.normal(conditions.copd ? 93 : old ? 96 : 98, 1), 88, 99),
    systolic,
    // A pulse pressure of at least 25 mmHg: a diastolic at or above the systolic is a typing error, not a value.
    diastolic: clamp(r.normal(conditions.hypertension ? 85 : 78, 6), 50, systolic - 25),
    pulse: clamp(r.normal(old ? 74 : 70, 7), 50, 100),
    temperature: Math.round(Math.min(37.4, Math.max(36.1, r.normal(36.8, 0.2))) * 10) / 10,
  };
}

/**
 * A day's values on a trajectory: `illness` 0 (usual state) to 1 (acutely unwell: an infection or a
 * decompensation), moving breathing, saturation, blood pressure, pulse, temperature and alertness the way
 * deterioration does, so NEWS2 rises and falls with it.
 */
export function valuesOn(
  ctx: CitizenContext,
  base: Baseline,
  illness: number,
  onOxygen = false,
): VitalValues {
  const r = ctx.random;
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const rr = clamp(Math.round(base.respirationRate + illness * 9 + r.normal(0, 1)), 8, 40);
  const spo2 = clamp(Math.round(base.spo2 - illness * 7 + r.normal(0, 0.8) + (onOxygen ? 3 : 0)), 75, 100);
  const systolic = clamp(Math.round(base.systolic - illness * 30 + r.normal(0, 6)), 70, 230);
  const diastolic = clamp(
    Math.round(Math.min(systolic - 25, base.diastolic - illness * 12 + r.normal(0, 4))),
    35,
    130,
  );
  const pulse = clamp(Math.round(base.pulse + illness * 35 + r.normal(0, 4)), 40, 160);
  const temperature = clamp(
    Math.round((base.temperature + illness * 2.4 + r.normal(0, 0.2)) * 10) / 10,
    35,
    41,
  );
  const consciousness: Acvpu = illness > 0.75 && r.chance(0.6) ? 'C' : 'A';
  return {
    respirationRate: rr,
    spo2: { percent: spo2, onOxygen },
    bloodPressure: { systolic, diastolic },
    pulse,
    temperature,
    consciousness,
  };
}
