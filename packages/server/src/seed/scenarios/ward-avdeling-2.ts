import { chronicConditions, citizenContext, gpReferences } from '../citizen-record.ts';
import { patientResource } from '../clinical/people.ts';
import { gpCare } from '../pathways/gp-care.ts';
import { nursingHomeStay, type StayPlan } from '../pathways/nursing-home.ts';
import { singlePerson } from '../population/households.ts';
import type { CitizenRecord } from '../record-builder.ts';
import type { ScenarioInputs } from './scenario-context.ts';

export const WARD = 'solglott-avd-2';

/**
 * Who lies in Solgløtt avdeling 2 (korttid og KAD) today, SCENARIOS.md 5: fourteen residents, two in municipal
 * acute beds, with the course of their last days (0 well, 1 acutely ill; the last value is today) and whether
 * they were measured this morning. One is getting worse (today's NEWS2 calls for the doctor), one is recovering.
 */
const RESIDENTS: readonly Omit<StayPlan, 'ward'>[] = [
  { kind: 'kad', sinceDays: 2, course: [0.6, 0.45, 0.3], measuredToday: true, reason: 'R81' },
  { kind: 'kad', sinceDays: 1, course: [0.55, 0.5], measuredToday: true, reason: 'U70' },
  {
    kind: 'korttidsopphold',
    sinceDays: 6,
    course: [0.05, 0.1, 0.25, 0.45, 0.7],
    measuredToday: true,
    reason: 'A28',
  },
  { kind: 'korttidsopphold', sinceDays: 12, reason: 'L75', measuredToday: true },
  { kind: 'korttidsopphold', sinceDays: 9, reason: 'A28', measuredToday: false },
  {
    kind: 'korttidsopphold',
    sinceDays: 5,
    course: [0.5, 0.4, 0.3, 0.2, 0.1],
    measuredToday: true,
    reason: 'R81',
  },
  { kind: 'korttidsopphold', sinceDays: 15, reason: 'K90', measuredToday: true },
  { kind: 'korttidsopphold', sinceDays: 3, reason: 'A80', measuredToday: true },
  { kind: 'korttidsopphold', sinceDays: 20, reason: 'A28', measuredToday: true },
  { kind: 'korttidsopphold', sinceDays: 8, reason: 'S97', measuredToday: false },
  { kind: 'korttidsopphold', sinceDays: 11, reason: 'K77', measuredToday: true },
  { kind: 'korttidsopphold', sinceDays: 4, reason: 'L75', measuredToday: true },
  { kind: 'korttidsopphold', sinceDays: 17, reason: 'A28', measuredToday: false },
  { kind: 'korttidsopphold', sinceDays: 7, reason: 'P20', measuredToday: false },
];

export const WARD_RESIDENTS = RESIDENTS.length;

export function wardResidents(inputs: ScenarioInputs): CitizenRecord[] {
  const ward = inputs.citizen.setting.unitById(WARD);
  return RESIDENTS.map((plan, i) => {
    const random = inputs.random.fork(`ward:${i}`);
    const person = singlePerson(
      { names: inputs.names, addresses: inputs.addresses, ids: inputs.ids, clock: inputs.citizen.clock },
      random,
      random.int(74, 97),
      random.chance(0.6) ? 'female' : 'male',
    );
    const gp = inputs.citizen.municipality.assignGp(random.next());
    const ctx = citizenContext(inputs.citizen, person, random, gp);
    ctx.out.add(patientResource(person, gpReferences(ctx.setting, gp)), ctx.clock.at(-5 * 365, 9 * 60));
    gpCare(ctx, chronicConditions(ctx));
    nursingHomeStay(ctx, { ...plan, ward });
    return { patientId: person.id, resources: ctx.out.items };
  });
}

/** Residents count 14 places on the ward; Olav holds one in avdeling 1. */
export const SCENARIO_WARD_PLACES: ReadonlyMap<string, number> = new Map([
  [WARD, RESIDENTS.length],
  ['solglott-avd-1', 1],
]);
