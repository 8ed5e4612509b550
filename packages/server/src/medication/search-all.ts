import type { Queryable, ResourceRow } from '@akson/store';
import type { ResourceService, SearchOptions } from '../services/resource-service.ts';

/** Page size for reading whole lists; well under any sensible AKSON_SEARCH_MAX_COUNT. */
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
  do {
    const { page } = await fhir.search(
      type,
      [...params, ['_count', PAGE_SIZE], ...(cursor ? [['_cursor', cursor] as [string, string]] : [])],
      options,
      q,
    );
    if (!cursor) withheld = page.withheld ?? 0;
    rows.push(...page.matches);
    cursor = page.next;
  } while (cursor);
  return { rows, withheld };
}
