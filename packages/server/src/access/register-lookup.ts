import { parseSearch } from '@akson/fhir';
import { ALL, runSearch, type Queryable } from '@akson/store';

/** Reads from the register (staff, units, patients) on the platform's own authority: for the access module only. */
export type RegisterLookup = (
  type: string,
  params: [string, string][],
  q?: Queryable,
) => Promise<(Record<string, unknown> & { id: string })[]>;

export function registerLookup(
  db: Queryable,
  options: { baseUrl: string; timeZone: string },
): RegisterLookup {
  return async (type, params, q = db) => {
    const request = parseSearch(type, params, {
      lenient: false,
      timeZone: options.timeZone,
      baseUrl: options.baseUrl,
      defaultCount: 100,
      maxCount: 1000,
    });
    const page = await runSearch(q, request, ALL);
    return page.matches.map((r) => JSON.parse(r.content ?? '{}') as Record<string, unknown> & { id: string });
  };
}
