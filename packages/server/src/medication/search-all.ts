import type { Queryable, ResourceRow } from '@akson/store';
import type { ResourceService, SearchOptions } from '../services/resource-service.ts';

/** Page size for reading whole lists (internal searches; searches for a client use at most their maximum). */
export const PAGE_SIZE = '200';

/**
 * Every match of a search through the caller's service (scoped and audited as any search), page by page, and
 * how many matches the caller's access withholds (patient-focused searches count them; a count, never which).
 */
export async function searchAll(
  fhir: ResourceService,
  type: string,
  params: readonly [string, string][],
  options: SearchOptions = { lenient: false },
  q?: Queryable,
): Promise<{ rows: ResourceRow[]; withheld: number }> {
  const rows: ResourceRow[] = [];
  let withheld = 0;
  let cursor: string | undefined;
  // Audited as the caller's search, so within the caller's page limit (AKSON_SEARCH_MAX_COUNT may be small).
  const pageSize = String(Math.min(Number(PAGE_SIZE), fhir.maxCount));
  do {
    const { page } = await fhir.search(
      type,
      [...params, ['_count', pageSize], ...(cursor ? [['_cursor', cursor] as [string, string]] : [])],
      options,
      q,
    );
    if (!cursor) withheld = page.withheld ?? 0;
    rows.push(...page.matches);
    cursor = page.next;
  } while (cursor);
  return { rows, withheld };
}
