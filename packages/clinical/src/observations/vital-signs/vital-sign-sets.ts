// Which vital signs belong to one set (one NEWS2). NEWS2 scores one round of measurements; under hourly
// monitoring (required from NEWS2 5) a window of an hour would mix this round's pulse with the previous round's
// temperature. So the set is what the writer grouped explicitly — the measurements taken together carry the same
// effective time (the web app writes a round in one transaction with one time; HL7 Norway's vital-signs
// profiles put the time on each Observation) — and only a measurement that shares its time with no other one
// falls back to a tight window, taking the other such lone measurements around it.

import type { Observation } from '@medplum/fhirtypes';
import { news2ParametersOf } from './read-vital-signs.ts';

/** A lone measurement is grouped with the other lone measurements this close to it (either side). */
export const VITAL_SIGN_SET_WINDOW_MINUTES = 10;

const USABLE_STATUSES = new Set(['final', 'amended', 'corrected']);

export interface VitalSignSetAnchor {
  /** The time the set is looked for at (the written measurement's, or a stored NEWS2's). */
  readonly effective: string;
  /** The contact it was taken in; measurements of another contact are never in the same set. */
  readonly encounter?: string;
}

export interface VitalSignSet {
  /** The measurements of the set, in id order (the order NEWS2's derivedFrom lists them in). */
  readonly members: Observation[];
  /** `shared-time`: measurements written with the same time; `window`: lone measurements close together. */
  readonly grouping: 'shared-time' | 'window';
}

export function effectiveOf(observation: Observation): string | undefined {
  return (
    observation.effectiveDateTime ??
    observation.effectivePeriod?.end ??
    observation.effectivePeriod?.start ??
    observation.effectiveInstant
  );
}

/** A usable measurement of a NEWS2 parameter, with its time. */
interface Measurement {
  readonly observation: Observation;
  readonly time: number;
}

function measurementsOf(candidates: readonly Observation[]): Measurement[] {
  const out: Measurement[] = [];
  for (const observation of candidates) {
    if (!USABLE_STATUSES.has(observation.status) || news2ParametersOf(observation).length === 0) continue;
    const effective = effectiveOf(observation);
    const time = effective ? Date.parse(effective) : Number.NaN;
    if (!Number.isNaN(time)) out.push({ observation, time });
  }
  return out;
}

const byId = (a: Observation, b: Observation): number => ((a.id ?? '') < (b.id ?? '') ? -1 : 1);

/**
 * The set of vital signs at `anchor` among `candidates` (the patient's measurements around that time; others
 * are ignored): the usable measurements taken at exactly that time when there are at least two of them, and
 * otherwise the measurements within VITAL_SIGN_SET_WINDOW_MINUTES that share their time with no other
 * measurement. Measurements of another encounter than the anchor's are never part of its set.
 */
export function vitalSignSetAt(anchor: VitalSignSetAnchor, candidates: readonly Observation[]): VitalSignSet {
  const at = Date.parse(anchor.effective);
  const sameContact = (o: Observation): boolean =>
    anchor.encounter === undefined ||
    o.encounter?.reference === undefined ||
    o.encounter.reference === anchor.encounter;
  const measurements = measurementsOf(candidates).filter((m) => sameContact(m.observation));
  const atTime = new Map<number, Measurement[]>();
  for (const m of measurements) {
    const list = atTime.get(m.time);
    if (list) list.push(m);
    else atTime.set(m.time, [m]);
  }
  const shared = atTime.get(at) ?? [];
  if (shared.length >= 2) {
    return { members: shared.map((m) => m.observation).sort(byId), grouping: 'shared-time' };
  }
  const window = VITAL_SIGN_SET_WINDOW_MINUTES * 60_000;
  const lone = measurements.filter(
    (m) => Math.abs(m.time - at) <= window && (atTime.get(m.time)?.length ?? 0) === 1,
  );
  return { members: lone.map((m) => m.observation).sort(byId), grouping: 'window' };
}
