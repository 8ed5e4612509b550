import { fail, loadDefinitions } from '@akson/fhir';
import type { ResourceRow } from '@akson/store';
import type { Params, RecordSearch } from './record-search.ts';

let compartmentTypes: readonly string[] | undefined;

/**
 * The types of a patient's record, in the order $everything returns them: the Patient, then every type of the
 * patient compartment alphabetically. The audit log is not part of the record (Patient/{id}/$access-log is).
 */
export function everythingTypes(): readonly string[] {
  compartmentTypes ??= [
    'Patient',
    ...[...loadDefinitions().patientCompartment.keys()]
      .filter((t) => t !== 'Patient' && t !== 'AuditEvent')
      .sort(),
  ];
  return compartmentTypes;
}

export interface EverythingQuery {
  readonly types: readonly string[];
  readonly count: number;
  readonly since: string | undefined;
  /** Where the page starts: a type, and the store's cursor within it (undefined at its beginning). */
  readonly start: { readonly type: string; readonly cursor: string | undefined } | undefined;
}

export interface EverythingPage {
  readonly matches: readonly ResourceRow[];
  readonly next: { readonly type: string; readonly cursor: string | undefined } | undefined;
  /** Withheld from the caller among the types begun on this page (each type is counted on one page only). */
  readonly withheld: number;
}

/**
 * One page of $everything: the types in order, each read with the caller's own compartment search (and its
 * keyset cursor), until the page is full. A page that ends inside a type continues it on the next page.
 */
export async function readEverythingPage(
  search: RecordSearch,
  query: EverythingQuery,
): Promise<EverythingPage> {
  let index = query.start ? query.types.indexOf(query.start.type) : 0;
  if (index < 0) throw fail('AKS_ERR_SEARCH_CURSOR');
  let cursor = query.start?.cursor;
  const matches: ResourceRow[] = [];
  let withheld = 0;
  while (index < query.types.length && matches.length < query.count) {
    const type = query.types[index] as string;
    const params: Params = [
      ['_count', String(query.count - matches.length)],
      ...(query.since ? ([['_lastUpdated', `ge${query.since}`]] as const) : []),
      ...(cursor ? ([['_cursor', cursor]] as const) : []),
    ];
    const found = await search(type, params);
    matches.push(...found.rows);
    if (!cursor) withheld += found.withheld;
    if (found.next) return { matches, next: { type, cursor: found.next }, withheld };
    index++;
    cursor = undefined;
  }
  const next =
    index < query.types.length ? { type: query.types[index] as string, cursor: undefined } : undefined;
  return { matches, next, withheld };
}
