import type { Queryable } from '@akson/store';
import type { RegisterLookup } from './register-lookup.ts';

/**
 * The unit (Organization/x) behind a reference: an Organization is one; a PractitionerRole belongs to one; a
 * HealthcareService is provided by one; a Location is managed by one. Read inside the caller's transaction, so
 * a unit created earlier in the same transaction is found.
 */
export function unitResolver(
  find: RegisterLookup,
  q: Queryable,
): (reference: string) => Promise<string | undefined> {
  const cache = new Map<string, string | undefined>();
  return async (reference) => {
    if (cache.has(reference)) return cache.get(reference);
    const [type, id] = reference.split('/');
    let unit: string | undefined;
    if (type === 'Organization' && id) unit = reference;
    else if (id && (type === 'PractitionerRole' || type === 'HealthcareService' || type === 'Location')) {
      const found = (await find(type, [['_id', id]], q))[0] as
        | {
            organization?: { reference?: string };
            providedBy?: { reference?: string };
            managingOrganization?: { reference?: string };
          }
        | undefined;
      const ref =
        found?.organization?.reference ??
        found?.providedBy?.reference ??
        found?.managingOrganization?.reference;
      unit = ref?.startsWith('Organization/') ? ref : undefined;
    }
    cache.set(reference, unit);
    return unit;
  };
}

/** The practitioner behind a PractitionerRole reference (blocks name people, whatever role they act in). */
export async function practitionerOf(
  find: RegisterLookup,
  q: Queryable,
  reference: string,
): Promise<string | undefined> {
  const id = reference.split('/')[1];
  if (!id) return undefined;
  const role = (await find('PractitionerRole', [['_id', id]], q))[0] as
    { practitioner?: { reference?: string } } | undefined;
  return role?.practitioner?.reference;
}

/** Organisation fields (in resources written by systems) that name the producing unit, in order of preference. */
export const PRODUCER_FIELDS = [
  'serviceProvider',
  'managingOrganization',
  'custodian',
  'author',
  'performer',
  'recorder',
  'asserter',
  'requester',
  'owner',
  'informationSource',
  'organization',
];
