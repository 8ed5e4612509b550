import type { Ref } from '../care-setting.ts';
import { chronicConditions, citizenContext, gpReferences } from '../citizen-record.ts';
import { patientResource } from '../clinical/people.ts';
import { gpCare } from '../pathways/gp-care.ts';
import { homeCare } from '../pathways/home-care.ts';
import { singlePerson } from '../population/households.ts';
import type { CitizenRecord } from '../record-builder.ts';
import { demoRole, type ScenarioInputs } from './scenario-context.ts';

/** Visits a day of the round's clients (besides Ingrid): their day-shift visits fill Silje's round. */
const CLIENT_VISITS: readonly (1 | 2 | 3 | 4)[] = [1, 1, 2, 2, 3, 2, 2, 4];

/**
 * Silje's round today (SCENARIOS.md 2): twelve visits in hjemmesykepleien sone Nord, Ingrid's morning
 * medicines at 08:00 among them. Each entry is a client's planned visit (minute of the day in the care plan)
 * and where it lies on the round.
 */
const ROUND: readonly { client: string; minute: number; at: number }[] = [
  { client: 'round:4', minute: 480, at: 450 },
  { client: 'round:7', minute: 480, at: 465 },
  { client: 'ingrid', minute: 480, at: 480 },
  { client: 'round:2', minute: 510, at: 505 },
  { client: 'round:3', minute: 510, at: 530 },
  { client: 'round:5', minute: 510, at: 555 },
  { client: 'round:6', minute: 510, at: 580 },
  { client: 'round:0', minute: 540, at: 610 },
  { client: 'round:1', minute: 540, at: 640 },
  { client: 'ingrid', minute: 720, at: 720 },
  { client: 'round:7', minute: 720, at: 750 },
  { client: 'round:4', minute: 840, at: 840 },
];

export const SILJE = 'silje-nilsen';
export const ROUND_CLIENTS = CLIENT_VISITS.length;
export const NORD = 'hjemmesykepleien-nord';

export interface SiljeRound {
  /** Who has a client's visit today and when on the round (Silje by day, the evening nurse after 15:00). */
  visitOf(client: string, minute: number): { owner: Ref; at: number };
  readonly eveningNurse: Ref;
}

export function siljeRound(inputs: ScenarioInputs): SiljeRound {
  const setting = inputs.citizen.setting;
  const nord = setting.unitById(NORD);
  const silje = demoRole(inputs, SILJE, NORD);
  const colleague = setting.staffAt(NORD).find((s) => s.id !== SILJE);
  const eveningNurse = colleague ? setting.role(colleague, nord) : setting.org(nord);
  return {
    eveningNurse,
    visitOf(client, minute) {
      const stop = ROUND.find((r) => r.client === client && r.minute === minute);
      if (stop) return { owner: silje, at: stop.at };
      return { owner: minute >= 15 * 60 ? eveningNurse : silje, at: minute };
    },
  };
}

/** The other clients on Silje's round: generated elderly people in sone Nord with home care by decision. */
export function roundClients(inputs: ScenarioInputs, round: SiljeRound): CitizenRecord[] {
  return CLIENT_VISITS.map((visits, i) => {
    const random = inputs.random.fork(`round:${i}`);
    const person = singlePerson(
      { names: inputs.names, addresses: inputs.addresses, ids: inputs.ids, clock: inputs.citizen.clock },
      random,
      random.int(76, 95),
      random.chance(0.65) ? 'female' : 'male',
    );
    const gp = inputs.citizen.municipality.assignGp(random.next());
    const ctx = citizenContext(inputs.citizen, person, random, gp, inputs.citizen.setting.unitById(NORD));
    ctx.out.add(patientResource(person, gpReferences(ctx.setting, gp)), ctx.clock.at(-5 * 365, 9 * 60));
    gpCare(ctx, chronicConditions(ctx));
    homeCare(ctx, {
      visitsPerDay: visits,
      sinceDays: random.int(60, 1200),
      practicalHelp: random.chance(0.5),
      route: (minute) => round.visitOf(`round:${i}`, minute),
    });
    return { patientId: person.id, resources: ctx.out.items };
  });
}
