import { parseLocalReference, type TypedValue } from '@akson/fhir';

/**
 * Reference values: "Type/id" for references to this server (absolute URLs under our base are made relative,
 * versions dropped), external URLs as they are, canonicals with and without version, and logical references
 * by identifier as "i:system|value" and "iv:value" (for :identifier).
 */
export const REFERENCE_TAG = { identifier: 'i:', identifierValue: 'iv:' } as const;

export function extractReferences(values: readonly TypedValue[], baseUrl: string): string[] {
  const out = new Set<string>();
  for (const { type, value } of values) {
    if (value === undefined || value === null) continue;
    if (type === 'Reference') {
      const ref = value as { reference?: string; identifier?: { system?: string; value?: string } };
      if (ref.reference) addReference(out, ref.reference, baseUrl);
      if (ref.identifier?.value) {
        out.add(`${REFERENCE_TAG.identifier}${ref.identifier.system ?? ''}|${ref.identifier.value}`);
        out.add(REFERENCE_TAG.identifierValue + ref.identifier.value);
      }
    } else if (typeof value === 'string') {
      // canonical / uri typed references
      out.add(value);
      const bar = value.indexOf('|');
      const unversioned = bar > 0 ? value.slice(0, bar) : value;
      if (bar > 0) out.add(unversioned);
      // A canonical that is the RESTful URL of a resource on this server is also stored as Type/id: the search
      // value parser makes absolute URLs under the base relative, so questionnaire=<that URL> (or
      // questionnaire=Questionnaire/id) would otherwise never match it.
      if (unversioned.startsWith(baseUrl + '/')) {
        const local = parseLocalReference(unversioned, baseUrl);
        if (local) out.add(`${local.type}/${local.id}`);
      }
    }
  }
  return [...out];
}

function addReference(out: Set<string>, reference: string, baseUrl: string): void {
  if (reference.startsWith('#')) return;
  const local = parseLocalReference(reference, baseUrl);
  if (local) out.add(`${local.type}/${local.id}`);
  else out.add(reference);
}

/** The resource types this parameter's values point at, for resolving "param=id" without a type. */
export function referenceKey(type: string, id: string): string {
  return `${type}/${id}`;
}
