import type { Random } from '../random.ts';
import type { SeedClock } from '../seed-clock.ts';
import type { AddressSampler } from './addresses.ts';
import type { NameSampler } from './name-sampler.ts';
import type { NationalIdAllocator } from './national-ids.ts';
import type { Person } from './person.ts';

/**
 * Households make the population: people living together share an address (and often a surname and a GP),
 * children have their parents as relatives, and protected addresses protect the whole household. The mix of
 * household types gives roughly Norway's age pyramid (SSB: about a fifth under 18, a fifth over 65).
 */
type HouseholdType = 'single' | 'couple' | 'family' | 'single-parent' | 'elderly-single' | 'elderly-couple';

const HOUSEHOLD_TYPES: readonly (readonly [HouseholdType, number])[] = [
  ['single', 0.22],
  ['couple', 0.22],
  ['family', 0.25],
  ['single-parent', 0.06],
  ['elderly-single', 0.15],
  ['elderly-couple', 0.1],
];

/**
 * Share of households with an address protected by the population register (fortrolig / strengt fortrolig):
 * some thousands of people in Norway, a little over one in a thousand.
 */
const PROTECTION = { fortrolig: 0.0012, strengt: 0.0004 } as const;

export interface HouseholdInputs {
  readonly names: NameSampler;
  readonly addresses: AddressSampler;
  readonly ids: NationalIdAllocator;
  readonly clock: SeedClock;
}

/**
 * One household, drawn from its own stream. `index` is the household's number in the municipality; the first
 * households of a municipality with enough people include a protected address of each level, so that every
 * seeded municipality shows how protection works.
 */
export function household(
  inputs: HouseholdInputs,
  random: Random,
  index: number,
  protectExamples: boolean,
): Person[] {
  const type = random.weighted(HOUSEHOLD_TYPES);
  const address = inputs.addresses.draw(random);
  const protection: Person['protection'] =
    protectExamples && index === 7
      ? 'fortrolig'
      : protectExamples && index === 13
        ? 'strengt-fortrolig'
        : random.chance(PROTECTION.strengt)
          ? 'strengt-fortrolig'
          : random.chance(PROTECTION.fortrolig)
            ? 'fortrolig'
            : undefined;
  const surname = inputs.names.surname(random);
  const make = (
    age: number,
    gender: 'male' | 'female',
    family: string,
    parents: Person['parents'] = [],
  ): Person => {
    const birthDate = birthDateFor(inputs.clock, age, random);
    return {
      id: random.uuid(),
      given: inputs.names.givenNames(gender, random),
      family,
      gender,
      birthDate,
      fnr: inputs.ids.allocate(birthDate, gender),
      address,
      ...(protection ? { protection } : {}),
      ...(age >= 13 && random.chance(0.95)
        ? { phone: `${random.pick(['4', '9'])}${random.int(1_000_000, 9_999_999)}` }
        : {}),
      parents,
    };
  };
  const gender = (): 'male' | 'female' => (random.chance(0.5) ? 'female' : 'male');
  const partnerOf = (first: Person, age: number): Person => {
    const g = random.chance(0.95) ? (first.gender === 'female' ? 'male' : 'female') : first.gender;
    return make(Math.max(18, age), g, random.chance(0.6) ? first.family : inputs.names.surname(random));
  };
  switch (type) {
    case 'single':
      return [make(adultAge(random, 19, 66), gender(), surname)];
    case 'couple': {
      const age = adultAge(random, 23, 66);
      const first = make(age, gender(), surname);
      return [first, partnerOf(first, age + random.int(-4, 4))];
    }
    case 'elderly-single':
      return [make(elderlyAge(random), random.chance(0.65) ? 'female' : 'male', surname)];
    case 'elderly-couple': {
      const age = Math.min(elderlyAge(random), 94);
      const first = make(age, 'male', surname);
      return [first, partnerOf(first, age - random.int(0, 5))];
    }
    case 'family':
    case 'single-parent': {
      const age = adultAge(random, 26, 56);
      const first = make(age, type === 'single-parent' && random.chance(0.8) ? 'female' : gender(), surname);
      const adults = type === 'family' ? [first, partnerOf(first, age + random.int(-4, 4))] : [first];
      const parents = adults.map((a) => ({ fnr: a.fnr, given: a.given[0] as string, family: a.family }));
      const count = random.weighted([
        [1, 0.35],
        [2, 0.45],
        [3, 0.2],
      ] as const);
      // Children born when the parent was 20 to 45; some stay at home until 19.
      const youngest = Math.max(0, age - 45);
      const oldest = Math.min(19, age - 20);
      const children = Array.from({ length: count }, () =>
        make(random.int(youngest, Math.max(youngest, oldest)), gender(), first.family, parents),
      );
      return [...adults, ...children];
    }
  }
}

/** One person living alone at an address of their own (the scenarios' extra residents and home-care clients). */
export function singlePerson(
  inputs: HouseholdInputs,
  random: Random,
  age: number,
  gender: 'male' | 'female',
): Person {
  const birthDate = birthDateFor(inputs.clock, age, random);
  return {
    id: random.uuid(),
    given: inputs.names.givenNames(gender, random),
    family: inputs.names.surname(random),
    gender,
    birthDate,
    fnr: inputs.ids.allocate(birthDate, gender),
    address: inputs.addresses.draw(random),
    ...(random.chance(0.7) ? { phone: `${random.pick(['4', '9'])}${random.int(1_000_000, 9_999_999)}` } : {}),
    parents: [],
  };
}

function adultAge(random: Random, min: number, max: number): number {
  return random.int(min, max);
}

/** 67 and older, thinning out towards a hundred. */
function elderlyAge(random: Random): number {
  return Math.min(103, 67 + Math.floor(Math.abs(random.normal(0, 13.5))));
}

function birthDateFor(clock: SeedClock, age: number, random: Random): string {
  // A birthday between one year and one day before the reference date and the reference date itself.
  const daysBack = age * 365.25 + random.int(0, 364);
  return clock.date(-Math.round(daysBack));
}
