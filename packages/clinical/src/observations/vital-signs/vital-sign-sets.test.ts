import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { calculateNews2 } from '../news2/calculate-news2.ts';
import { vitalSignsFromObservations } from './read-vital-signs.ts';
import { vitalSignObservation } from './vital-sign-observation.ts';
import { vitalSignSetAt } from './vital-sign-sets.ts';

const time = (hh: number, mm = 0) => new Date(Date.UTC(2026, 2, 2, hh, mm)).toISOString();

/** A round of the six Observations NEWS2 needs, all at `at`; ids say the round and the parameter. */
function round(name: string, at: string, pulse = 72): Observation[] {
  const context = (id: string) => ({
    subject: { reference: 'Patient/p' },
    effectiveDateTime: at,
    id: `${name}-${id}`,
  });
  return [
    vitalSignObservation('respirationRate', 16, context('rr')),
    vitalSignObservation('oxygenSaturation', { percent: 97, onOxygen: false }, context('spo2')),
    vitalSignObservation('bloodPressure', { systolic: 130, diastolic: 80 }, context('bp')),
    vitalSignObservation('pulse', pulse, context('pulse')),
    vitalSignObservation('consciousness', 'A', context('acvpu')),
    vitalSignObservation('bodyTemperature', 37, context('temp')),
  ];
}

const ids = (observations: readonly Observation[]) => observations.map((o) => o.id).sort();
const complete = (observations: readonly Observation[]) =>
  calculateNews2(vitalSignsFromObservations(observations, { maxAgeMinutes: 30 }).input).complete;

describe('vitalSignSetAt', () => {
  it('takes the measurements written with the same time, and nothing of an earlier round', () => {
    const earlier = round('nine', time(9));
    const partial = round('ten', time(10)).filter((o) => !o.id?.endsWith('temp'));
    const set = vitalSignSetAt({ effective: time(10) }, [...earlier, ...partial]);
    expect(set.grouping).toBe('shared-time');
    expect(ids(set.members)).toEqual(ids(partial));
    expect(complete(set.members)).toBe(false);
    expect(set.effective).toBe(time(10));
  });

  it('lets a lone measurement minutes later complete the round it belongs to, under the round’s time', () => {
    const group = round('r', time(21)).filter((o) => !o.id?.endsWith('pulse'));
    const pulse = round('late', time(21, 2)).find((o) => o.id?.endsWith('pulse')) as Observation;
    for (const effective of [time(21), time(21, 2)]) {
      const set = vitalSignSetAt({ effective }, [...group, pulse]);
      expect(ids(set.members)).toEqual(ids([...group, pulse]));
      expect(set.effective).toBe(time(21));
      expect(complete(set.members)).toBe(true);
    }
    // A lone measurement of a parameter the round already has does not join it.
    const extra = { ...pulse, id: 'extra-pulse' };
    const set = vitalSignSetAt({ effective: time(21) }, [...round('full', time(21)), extra]);
    expect(set.members.map((o) => o.id)).not.toContain('extra-pulse');
  });

  it('groups lone measurements within ten minutes when nothing was written together', () => {
    const lone = round('x', time(8)).map((o, i) => ({ ...o, effectiveDateTime: time(8, i * 2) }));
    const set = vitalSignSetAt({ effective: time(8, 10) }, lone);
    expect(set.grouping).toBe('window');
    expect(ids(set.members)).toEqual(ids(lone));
    expect(set.effective).toBe(time(8, 10));
    // Ten minutes after the last one, only the last one is in reach.
    expect(vitalSignSetAt({ effective: time(8, 20) }, lone).members.map((o) => o.id)).toEqual(['x-temp']);
  });

  it('ignores withdrawn measurements and those of another encounter', () => {
    const set = round('e', time(12)).map((o) => ({ ...o, encounter: { reference: 'Encounter/a' } }));
    const withdrawn = set.map((o, i) => (i === 0 ? { ...o, status: 'entered-in-error' as const } : o));
    expect(vitalSignSetAt({ effective: time(12) }, withdrawn).members).toHaveLength(5);
    const other = vitalSignSetAt({ effective: time(12), encounter: 'Encounter/b' }, set);
    expect(other.members).toEqual([]);
  });
});
