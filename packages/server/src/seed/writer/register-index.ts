import type { Queryable } from '@akson/store';
import type { RegisterLookup } from '../../access/register-lookup.ts';
import type { FhirResource } from '../record-builder.ts';

/** Register types the access module looks up by id (units, roles, services, locations). */
const INDEXED = new Set([
  'Organization',
  'PractitionerRole',
  'HealthcareService',
  'Location',
  'Practitioner',
]);

/**
 * The register as the access module's lookups see it, answered from memory for what the seeder knows (the demo
 * register and the units and staff it generates) and from the database for anything else. The access labels and
 * care relations of a million resources would otherwise cost a million lookups of the same few hundred units.
 */
export class RegisterIndex {
  readonly #byRef = new Map<string, FhirResource>();
  readonly #fallback: RegisterLookup;

  constructor(fallback: RegisterLookup) {
    this.#fallback = fallback;
  }

  add(resources: Iterable<FhirResource>): void {
    for (const r of resources)
      if (INDEXED.has(r.resourceType)) this.#byRef.set(`${r.resourceType}/${r.id}`, r);
  }

  /** A RegisterLookup (same contract as access/register-lookup.ts) that answers id lookups from memory. */
  readonly lookup: RegisterLookup = async (type: string, params: [string, string][], q?: Queryable) => {
    const [first] = params;
    if (params.length === 1 && first?.[0] === '_id') {
      const hit = this.#byRef.get(`${type}/${first[1]}`);
      if (hit) return [hit];
    }
    return this.#fallback(type, params, q);
  };
}
