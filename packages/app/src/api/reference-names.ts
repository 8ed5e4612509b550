import type { Organization, Practitioner, PractitionerRole, Resource } from '@medplum/fhirtypes';
import type { FhirClient } from './fhir-client.ts';
import { personName } from '../text/fhir-text.ts';

/**
 * Names of units and staff for references that carry no display, read once per session (reference data every
 * clinician and citizen may read). Unknown references keep their id.
 */
const cache = new WeakMap<FhirClient, Map<string, string>>();

function nameOf(resource: Resource): string | undefined {
  switch (resource.resourceType) {
    case 'Organization':
      return (resource as Organization).name;
    case 'Practitioner':
      return personName((resource as Practitioner).name);
    case 'PractitionerRole':
      return (resource as PractitionerRole).practitioner?.display;
    default:
      return undefined;
  }
}

/** Names for references, with their id when a name cannot be found (lists that must show something). */
export async function resolveNames(
  client: FhirClient,
  references: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const names = await lookUpNames(client, references, signal);
  return new Map(references.map((r) => [r, names.get(r) ?? r.split('/')[1] ?? r]));
}

/** Names for references, undefined where none is found (the caller says "name unknown" its own way). */
export async function lookUpNames(
  client: FhirClient,
  references: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, string | undefined>> {
  let known = cache.get(client);
  if (!known) cache.set(client, (known = new Map()));
  const missing = [...new Set(references)].filter((r) => r.includes('/') && !known.has(r));
  const byType = new Map<string, string[]>();
  for (const ref of missing) {
    const [type, id] = ref.split('/') as [string, string];
    if (!['Organization', 'Practitioner', 'PractitionerRole'].includes(type)) continue;
    byType.set(type, [...(byType.get(type) ?? []), id]);
  }
  await Promise.all(
    [...byType].map(async ([type, ids]) => {
      const found = await client.search(type, { _id: ids.join(','), _count: ids.length }, signal);
      for (const r of found.resources) {
        const name = nameOf(r);
        if (name) known.set(`${type}/${r.id}`, name);
      }
    }),
  );
  return new Map(references.map((r) => [r, known.get(r)]));
}
