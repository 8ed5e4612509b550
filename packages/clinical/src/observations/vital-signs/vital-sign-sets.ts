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
  /** The set's time: the shared time as written (a shared-time set); for a window, the newest measurement's. */
  readonly effective: string | undefined;
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
 * are ignored):
 * - the usable measurements taken at exactly that time, when there are at least two of them, completed by lone
 *   measurements within VITAL_SIGN_SET_WINDOW_MINUTES of parameters the group lacks (a pulse taken two minutes
 *   after the rest of the round);
 * - for a lone measurement: the nearest such group within the window that lacks its parameter, or else the
 *   other lone measurements within the window (measurements written one by one, each with its own time).
 * A measurement that shares its time with another is never taken into another time's set, so a partial round
 * is never completed with the previous round's values. Measurements of another encounter than the anchor's
 * are never part of its set.
 */
export function vitalSignSetAt(anchor: VitalSignSetAnchor, candidates: readonly Observation[]): VitalSignSet {
  const at = Date.parse(anchor.effective);
  const window = VITAL_SIGN_SET_WINDOW_MINUTES * 60_000;
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
  const lone = measurements.filter((m) => atTime.get(m.time)?.length === 1);
  const parametersOf = (ms: readonly Measurement[]) =>
    new Set(ms.flatMap((m) => news2ParametersOf(m.observation)));
  const lacks = (group: readonly Measurement[], m: Measurement): boolean => {
    const have = parametersOf(group);
    return news2ParametersOf(m.observation).every((p) => !have.has(p));
  };
  const sharedSet = (time: number): VitalSignSet => {
    const group = atTime.get(time) ?? [];
    const completing = lone.filter((m) => Math.abs(m.time - time) <= window && lacks(group, m));
    const members = [...group, ...completing].map((m) => m.observation).sort(byId);
    const first = group.map((m) => m.observation).sort(byId)[0];
    return { members, grouping: 'shared-time', effective: first ? effectiveOf(first) : undefined };
  };
  if ((atTime.get(at)?.length ?? 0) >= 2) return sharedSet(at);

  const self = atTime.get(at)?.[0];
  const groups = [...atTime]
    .filter(
      ([time, group]) => group.length >= 2 && Math.abs(time - at) <= window && (!self || lacks(group, self)),
    )
    .sort(([a], [b]) => Math.abs(a - at) - Math.abs(b - at) || a - b);
  const nearest = groups[0];
  if (nearest) return sharedSet(nearest[0]);

  const members = lone.filter((m) => Math.abs(m.time - at) <= window);
  const newest = [...members].sort((a, b) => b.time - a.time)[0];
  return {
    members: members.map((m) => m.observation).sort(byId),
    grouping: 'window',
    effective: newest ? effectiveOf(newest.observation) : undefined,
  };
}
