import {
  BLOOD_PRESSURE_COMPONENTS,
  calculateNews2,
  LOINC_SYSTEM,
  NEWS2_TOTAL_SNOMED,
  readNews2Observation,
  SNOMED_SYSTEM,
  VITAL_SIGNS,
  vitalSignsFromObservations,
  type News2Input,
} from '@akson/clinical';
import type { Observation } from '@medplum/fhirtypes';
import type { FhirClient } from '../../../api/fhir-client.ts';

/** One set of vital signs taken together (same effective time), with its NEWS2. */
export interface VitalSet {
  readonly time: string;
  readonly input: News2Input;
  readonly diastolic: number | undefined;
  readonly news2:
    | {
        readonly total: number;
        readonly escalation: boolean;
        /** Stored by the server (the record's NEWS2), or computed here for display when none is stored. */
        readonly source: 'record' | 'computed';
      }
    | undefined;
}

/** Every code the vital-signs screens read: the NEWS2 parameters and the NEWS2 total itself. */
export const VITAL_SIGN_CODES: readonly string[] = [
  ...new Set(
    [
      VITAL_SIGNS.respirationRate,
      VITAL_SIGNS.oxygenSaturation,
      VITAL_SIGNS.bloodPressure,
      VITAL_SIGNS.pulse,
      VITAL_SIGNS.bodyTemperature,
      VITAL_SIGNS.consciousness,
    ].flatMap((d) => d.loinc.map((l) => `${LOINC_SYSTEM}|${l.code}`)),
  ),
  `${SNOMED_SYSTEM}|${NEWS2_TOTAL_SNOMED.code}`,
];

function isNews2(o: Observation): boolean {
  return (
    o.code?.coding?.some((c) => c.system === SNOMED_SYSTEM && c.code === NEWS2_TOTAL_SNOMED.code) ?? false
  );
}

function diastolicOf(observations: readonly Observation[]): number | undefined {
  for (const o of observations)
    for (const c of o.component ?? [])
      if (c.code?.coding?.some((x) => x.code === BLOOD_PRESSURE_COMPONENTS.diastolic.loinc.code))
        return c.valueQuantity?.value;
  return undefined;
}

/** Groups observations into sets by effective time, newest first, each with the NEWS2 of that set. */
export function groupVitalSets(observations: readonly Observation[]): VitalSet[] {
  const byTime = new Map<string, Observation[]>();
  const news2ByTime = new Map<string, Observation>();
  for (const o of observations) {
    if (o.status === 'entered-in-error' || o.status === 'cancelled') continue;
    const time = o.effectiveDateTime ?? o.effectivePeriod?.start;
    if (!time) continue;
    const key = new Date(time).toISOString();
    if (isNews2(o)) {
      if (!news2ByTime.has(key)) news2ByTime.set(key, o);
      continue;
    }
    const list = byTime.get(key);
    if (list) list.push(o);
    else byTime.set(key, [o]);
  }
  const times = new Set([...byTime.keys(), ...news2ByTime.keys()]);
  const sets = [...times].map((time): VitalSet => {
    const group = byTime.get(time) ?? [];
    const input = group.length > 0 ? vitalSignsFromObservations(group, { maxAgeMinutes: 0 }).input : {};
    const stored = news2ByTime.get(time);
    const summary = stored ? readNews2Observation(stored) : undefined;
    let news2: VitalSet['news2'];
    if (summary) news2 = { total: summary.total, escalation: summary.escalation, source: 'record' };
    else {
      const computed = calculateNews2(input);
      if (computed.complete && computed.total !== null)
        news2 = { total: computed.total, escalation: computed.escalation, source: 'computed' };
    }
    return { time, input, diastolic: diastolicOf(group), news2 };
  });
  return sets.sort((a, b) => b.time.localeCompare(a.time));
}

/** Most measurements one chart reads (a year of four daily sets for a nursing-home resident fits). */
const MAX_OBSERVATIONS = 12_000;

export interface VitalSets {
  readonly sets: VitalSet[];
  readonly withheld: number;
  /** Fewer than all measurements of the period were read: the screen says "viser N av M". */
  readonly shown: number;
  readonly total: number | undefined;
  readonly complete: boolean;
}

/** The patient's vital signs and NEWS2 since `from` (ISO date), newest first: every page of the period. */
export async function loadVitalSets(
  client: FhirClient,
  patientId: string,
  from: string,
  signal: AbortSignal,
): Promise<VitalSets> {
  const result = await client.searchAll<Observation>(
    'Observation',
    { patient: patientId, code: VITAL_SIGN_CODES.join(','), date: `ge${from}`, _sort: '-date', _count: 1000 },
    { limit: MAX_OBSERVATIONS, signal },
  );
  // A cut list ends mid-set: the oldest set read may be incomplete, so it is left out rather than shown wrong.
  const sets = groupVitalSets(result.resources);
  return {
    sets: result.complete ? sets : sets.slice(0, -1),
    withheld: result.withheld,
    shown: result.resources.length,
    total: result.total,
    complete: result.complete,
  };
}
