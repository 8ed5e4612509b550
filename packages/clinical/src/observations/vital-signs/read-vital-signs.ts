// Reads NEWS2 inputs back from vital-sign Observations, so the server can recompute NEWS2 whenever vital signs
// are written. NEWS2 must come from one set of observations: only observations taken within `maxAgeMinutes`
// before the newest one are used, so a pulse from last week is never combined with tonight's temperature.

import type { Coding, Extension, Observation, Quantity, Reference } from '@medplum/fhirtypes';
import { LOINC_SYSTEM, SNOMED_SYSTEM } from '../../codes/code-system-urls.ts';
import type { News2Input, News2Parameter } from '../news2/calculate-news2.ts';
import type { SpO2Scale } from '../news2/news2-chart.ts';
import { acvpuFromSnomed, isAcvpu } from './acvpu.ts';
import {
  BLOOD_PRESSURE_COMPONENTS,
  BREATHING_ROOM_AIR_SNOMED,
  FIO2_EXTENSION,
  INSPIRED_OXYGEN_EXTENSION,
  ON_AIR_EXTENSION,
  OXYGEN_FLOW_EXTENSION,
  PATIENT_ON_OXYGEN_SNOMED,
  PERCENT_O2_EXTENSION,
  VITAL_SIGNS,
} from './vital-sign-definitions.ts';

export interface ReadVitalSignsOptions {
  /** The moment the NEWS2 is for; default: the newest usable observation. */
  at?: string;
  /** How far back before `at` observations still belong to the same set. Default 60. */
  maxAgeMinutes?: number;
  /** SpO2 scale from the care plan (not derivable from vital signs). Default 1. */
  spo2Scale?: SpO2Scale;
}

export interface IgnoredObservation {
  reference?: string;
  reason: string;
}

export interface VitalSignsReading {
  input: News2Input;
  /** The Observation used for each parameter. */
  sources: Partial<Record<News2Parameter, Reference<Observation>>>;
  /** Unique references to every Observation used, for NEWS2 Observation.derivedFrom. */
  derivedFrom: Reference<Observation>[];
  /** effective time of the newest observation used. */
  effectiveDateTime?: string;
  ignored: IgnoredObservation[];
}

const USABLE_STATUSES = new Set(['final', 'amended', 'corrected']);
const DEFAULT_MAX_AGE_MINUTES = 60;

type Reading =
  | {
      parameter: 'respirationRate' | 'oxygenSaturation' | 'systolicBloodPressure' | 'pulse' | 'temperature';
      value: number;
    }
  | { parameter: 'airOrOxygen'; value: boolean }
  | { parameter: 'consciousness'; value: News2Input['consciousness'] };

function hasCoding(codings: Coding[] | undefined, system: string, code: string): boolean {
  return (codings ?? []).some((coding) => coding.system === system && coding.code === code);
}

function matches(
  observation: Observation,
  definition: { loinc: { code: string }[]; snomed: { code: string } },
): boolean {
  const codings = observation.code?.coding;
  return (
    definition.loinc.some((loinc) => hasCoding(codings, LOINC_SYSTEM, loinc.code)) ||
    hasCoding(codings, SNOMED_SYSTEM, definition.snomed.code)
  );
}

function effectiveTime(observation: Observation): string | undefined {
  return (
    observation.effectiveDateTime ??
    observation.effectivePeriod?.end ??
    observation.effectivePeriod?.start ??
    observation.effectiveInstant
  );
}

/** Quantity in the unit NEWS2 expects; converts Fahrenheit; undefined for unknown units. */
function number(quantity: Quantity | undefined, expectedUnit: string): number | undefined {
  if (quantity?.value === undefined) return undefined;
  const unit = quantity.code ?? quantity.unit;
  if (unit === undefined || unit === expectedUnit) return quantity.value;
  if (expectedUnit === 'Cel' && (unit === '[degF]' || unit === '°F')) return ((quantity.value - 32) * 5) / 9;
  if (expectedUnit === 'Cel' && unit === '°C') return quantity.value;
  if (expectedUnit === '/min' && (unit === 'beats/min' || unit === 'breaths/min' || unit === '{beats}/min'))
    return quantity.value;
  if (expectedUnit === 'mm[Hg]' && unit === 'mmHg') return quantity.value;
  return undefined;
}

/** On air or oxygen from HL7 Norway's inspired-oxygen extension on the SpO2 Observation. */
function onOxygenFromExtension(extensions: Extension[] | undefined): boolean | undefined {
  const inspired = (extensions ?? []).find((extension) => extension.url === INSPIRED_OXYGEN_EXTENSION);
  if (!inspired) return undefined;
  const parts = inspired.extension ?? [];
  const onAir = parts.find((part) => part.url === ON_AIR_EXTENSION)?.valueBoolean;
  if (onAir !== undefined) return !onAir;
  const flow = parts.find((part) => part.url === OXYGEN_FLOW_EXTENSION)?.valueQuantity?.value;
  if (flow !== undefined) return flow > 0;
  const ratio = parts.find(
    (part) => part.url === FIO2_EXTENSION || part.url === PERCENT_O2_EXTENSION,
  )?.valueRatio;
  const numerator = ratio?.numerator?.value;
  const denominator = ratio?.denominator?.value ?? 1;
  // Room air is 21 % oxygen; anything above means supplemental oxygen.
  if (numerator !== undefined && denominator > 0) return numerator / denominator > 0.21 + 1e-9;
  return undefined;
}

function readingsOf(observation: Observation): Reading[] {
  const readings: Reading[] = [];
  if (matches(observation, VITAL_SIGNS.respirationRate)) {
    const value = number(observation.valueQuantity, '/min');
    if (value !== undefined) readings.push({ parameter: 'respirationRate', value });
  }
  if (matches(observation, VITAL_SIGNS.oxygenSaturation)) {
    const value = number(observation.valueQuantity, '%');
    if (value !== undefined) readings.push({ parameter: 'oxygenSaturation', value });
    const onOxygen = onOxygenFromExtension(observation.extension);
    if (onOxygen !== undefined) readings.push({ parameter: 'airOrOxygen', value: onOxygen });
  }
  if (matches(observation, VITAL_SIGNS.pulse) || matches(observation, VITAL_SIGNS.heartRate)) {
    const value = number(observation.valueQuantity, '/min');
    if (value !== undefined) readings.push({ parameter: 'pulse', value });
  }
  if (matches(observation, VITAL_SIGNS.bodyTemperature)) {
    const value = number(observation.valueQuantity, 'Cel');
    if (value !== undefined) readings.push({ parameter: 'temperature', value });
  }
  const systolic = BLOOD_PRESSURE_COMPONENTS.systolic;
  const systolicCode = { loinc: [systolic.loinc], snomed: systolic.snomed };
  if (matches(observation, VITAL_SIGNS.bloodPressure) || matches(observation, systolicCode)) {
    const component = (observation.component ?? []).find((part) => {
      const codings = part.code?.coding;
      return (
        hasCoding(codings, LOINC_SYSTEM, systolic.loinc.code) ||
        hasCoding(codings, SNOMED_SYSTEM, systolic.snomed.code)
      );
    });
    const value = number(component?.valueQuantity ?? observation.valueQuantity, 'mm[Hg]');
    if (value !== undefined) readings.push({ parameter: 'systolicBloodPressure', value });
  }
  if (matches(observation, VITAL_SIGNS.consciousness)) {
    const coding = observation.valueCodeableConcept?.coding ?? [];
    const fromSnomed = coding
      .filter((c) => c.system === SNOMED_SYSTEM)
      .map((c) => acvpuFromSnomed(c.code ?? ''));
    const letter = observation.valueCodeableConcept?.text?.trim().slice(-2, -1);
    const level = fromSnomed.find((value) => value !== undefined) ?? (isAcvpu(letter) ? letter : undefined);
    if (level) readings.push({ parameter: 'consciousness', value: level });
  }
  // Air/oxygen recorded as its own Observation (as some NEWS2 feeds do).
  const valueCodings = observation.valueCodeableConcept?.coding;
  if (hasCoding(valueCodings, SNOMED_SYSTEM, BREATHING_ROOM_AIR_SNOMED))
    readings.push({ parameter: 'airOrOxygen', value: false });
  if (hasCoding(valueCodings, SNOMED_SYSTEM, PATIENT_ON_OXYGEN_SNOMED))
    readings.push({ parameter: 'airOrOxygen', value: true });
  return readings;
}

/**
 * The NEWS2 parameters an Observation measures, whatever its status: a pulse marked entered-in-error is still a
 * pulse, and the NEWS2 it was part of must be brought up to date.
 */
export function news2ParametersOf(observation: Observation): News2Parameter[] {
  return [...new Set(readingsOf(observation).map((reading) => reading.parameter))];
}

export function vitalSignsFromObservations(
  observations: readonly Observation[],
  options: ReadVitalSignsOptions = {},
): VitalSignsReading {
  const ignored: IgnoredObservation[] = [];
  const candidates: Array<{
    observation: Observation;
    time: number;
    effective: string;
    readings: Reading[];
  }> = [];
  for (const observation of observations) {
    const reference = observation.id ? `Observation/${observation.id}` : undefined;
    const note = (reason: string): void => {
      ignored.push({ ...(reference ? { reference } : {}), reason });
    };
    const readings = readingsOf(observation);
    if (readings.length === 0) continue; // not a vital sign NEWS2 uses
    if (!USABLE_STATUSES.has(observation.status)) {
      note(`status ${observation.status}`);
      continue;
    }
    const effective = effectiveTime(observation);
    const time = effective ? Date.parse(effective) : Number.NaN;
    if (!effective || Number.isNaN(time)) {
      note('no effective time');
      continue;
    }
    candidates.push({ observation, time, effective, readings });
  }

  const at = options.at ? Date.parse(options.at) : Math.max(...candidates.map((candidate) => candidate.time));
  const earliest = at - (options.maxAgeMinutes ?? DEFAULT_MAX_AGE_MINUTES) * 60_000;
  const input: News2Input = {};
  const sources: Partial<Record<News2Parameter, Reference<Observation>>> = {};
  const chosenTime: Partial<Record<News2Parameter, number>> = {};
  let newest: { time: number; effective: string } | undefined;
  for (const candidate of candidates) {
    const reference = candidate.observation.id ? `Observation/${candidate.observation.id}` : undefined;
    if (candidate.time > at) {
      ignored.push({ ...(reference ? { reference } : {}), reason: 'after the requested time' });
      continue;
    }
    if (candidate.time < earliest) {
      ignored.push({ ...(reference ? { reference } : {}), reason: 'too old for this set of observations' });
      continue;
    }
    for (const reading of candidate.readings) {
      // The newest reading of each parameter wins.
      if ((chosenTime[reading.parameter] ?? -Infinity) > candidate.time) continue;
      chosenTime[reading.parameter] = candidate.time;
      const key = reading.parameter === 'airOrOxygen' ? 'onOxygen' : reading.parameter;
      (input as Record<string, unknown>)[key] = reading.value;
      if (reference) sources[reading.parameter] = { reference };
      else delete sources[reading.parameter];
    }
    if (!newest || candidate.time > newest.time)
      newest = { time: candidate.time, effective: candidate.effective };
  }
  if (options.spo2Scale) input.spo2Scale = options.spo2Scale;
  const derivedFrom = [...new Set(Object.values(sources).map((source) => source.reference ?? ''))]
    .filter((reference) => reference.length > 0)
    .map((reference) => ({ reference }));
  return { input, sources, derivedFrom, ...(newest ? { effectiveDateTime: newest.effective } : {}), ignored };
}
