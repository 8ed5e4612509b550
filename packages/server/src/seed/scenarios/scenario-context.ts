import { DEMO_CITIZENS, DEMO_MUNICIPALITY, DEMO_STAFF } from '../../demo/demo-municipality.ts';
import { citizenPid } from '../../demo/directory-resources.ts';
import type { Ref } from '../care-setting.ts';
import type { CitizenContext } from '../citizen-context.ts';
import { citizenContext, type CitizenInputs } from '../citizen-record.ts';
import { CHRONIC_CONDITIONS, type ChronicCondition } from '../clinical/problem-catalogue.ts';
import type { AddressSampler } from '../population/addresses.ts';
import type { NameSampler } from '../population/name-sampler.ts';
import type { NationalIdAllocator } from '../population/national-ids.ts';
import type { Person } from '../population/person.ts';
import type { Random } from '../random.ts';

/** What the scenario builders share: the demo municipality's generation inputs and the scenarios' own stream. */
export interface ScenarioInputs {
  readonly citizen: CitizenInputs;
  readonly names: NameSampler;
  readonly ids: NationalIdAllocator;
  readonly addresses: AddressSampler;
  /** Independent of --seed: the named citizens' records are the same in every demo. */
  readonly random: Random;
}

/** The context of a citizen of the demo register (their Patient is the register's; only content is added). */
export function namedContext(
  inputs: ScenarioInputs,
  citizenId: string,
  zoneId = 'hjemmesykepleien-nord',
): CitizenContext {
  const c = DEMO_CITIZENS.find((x) => x.id === citizenId);
  if (!c) throw new Error(`No demo citizen ${citizenId}`);
  const person: Person = {
    id: c.id,
    given: [c.given],
    family: c.family,
    gender: c.gender,
    birthDate: c.birthDate,
    fnr: citizenPid(c),
    address: { line: c.address, postalCode: c.postalCode, city: DEMO_MUNICIPALITY.city },
    ...(c.protection ? { protection: c.protection } : {}),
    parents: [],
  };
  const gp = c.gp ? inputs.citizen.municipality.gpFor(c.gp) : undefined;
  const zone = inputs.citizen.setting.unitById(zoneId);
  return citizenContext(inputs.citizen, person, inputs.random.fork(`named:${c.id}`), gp, zone);
}

/** The role a demo staff member acts in at a unit. */
export function demoRole(inputs: ScenarioInputs, staffId: string, unitId: string): Ref {
  const staff = inputs.citizen.setting.register.staff.find((s) => s.id === staffId);
  if (!staff || !DEMO_STAFF.some((s) => s.id === staffId)) throw new Error(`No demo staff ${staffId}`);
  return inputs.citizen.setting.role(staff, inputs.citizen.setting.unitById(unitId));
}

export function chronic(key: string): ChronicCondition {
  const c = CHRONIC_CONDITIONS.find((x) => x.key === key);
  if (!c) throw new Error(`No chronic condition ${key}`);
  return c;
}
