import { generatedCitizen, type CitizenInputs } from '../citizen-record.ts';
import type { Random } from '../random.ts';
import type { CitizenRecord } from '../record-builder.ts';
import type { AddressSampler } from './addresses.ts';
import { household } from './households.ts';
import type { NameSampler } from './name-sampler.ts';
import type { NationalIdAllocator } from './national-ids.ts';

export interface PopulationInputs {
  readonly citizen: CitizenInputs;
  readonly names: NameSampler;
  readonly addresses: AddressSampler;
  readonly ids: NationalIdAllocator;
  /** The municipality's stream; each household forks its own from it. */
  readonly random: Random;
  readonly kommunenummer: string;
  readonly count: number;
}

/**
 * A municipality's generated citizens, household by household, one record at a time (so a population of any
 * size streams through in batches). A household shares its GP.
 */
export function* municipalityPopulation(inputs: PopulationInputs): Generator<CitizenRecord> {
  const { citizen, count } = inputs;
  let made = 0;
  for (let h = 0; made < count; h++) {
    const random = inputs.random.fork(`household:${inputs.kommunenummer}:${h}`);
    const members = household(
      { names: inputs.names, addresses: inputs.addresses, ids: inputs.ids, clock: citizen.clock },
      random,
      h,
      count >= 100,
    );
    const gp = citizen.municipality.assignGp(random.next(), members.length);
    for (const person of members) {
      if (made >= count) break;
      yield generatedCitizen(citizen, person, random.fork(`citizen:${person.id}`), gp);
      made++;
    }
  }
}
