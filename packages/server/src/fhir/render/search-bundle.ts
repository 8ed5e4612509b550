import type { ResourceRow } from '@akson/store';
import type { SearchResult } from '../../services/resource-service.ts';
import { bundleToText, fullUrlOf, type BundleEntryText } from './bundle-text.ts';
import { needsSubset, subsetResource } from './subset.ts';
import { pageLink } from './page-links.ts';

/**
 * A searchset Bundle: matches and includes, total when asked for, self/next/previous links that repeat the
 * search with a keyset cursor, and an OperationOutcome entry for parameters ignored under lenient handling.
 */
export function renderSearchBundle(
  base: string,
  path: string,
  params: readonly (readonly [string, string])[],
  result: SearchResult,
): string {
  const { request, page } = result;
  const link = (cursor?: string): string => pageLink(base, path, params, cursor);
  const links = [{ relation: 'self', url: link(request.cursor) }];
  if (page.next) links.push({ relation: 'next', url: link(page.next) });
  if (page.previous) links.push({ relation: 'previous', url: link(page.previous) });

  const render = (row: ResourceRow, mode: 'match' | 'include'): BundleEntryText => {
    let resource = row.content ?? undefined;
    if (resource && needsSubset(request.summary, request.elements)) {
      resource = JSON.stringify(
        subsetResource(JSON.parse(resource) as Record<string, unknown>, request.summary, request.elements),
      );
    }
    return { fullUrl: fullUrlOf(base, row), ...(resource ? { resource } : {}), search: { mode } };
  };
  const entries = [
    ...page.matches.map((r) => render(r, 'match')),
    ...page.included.map((r) => render(r, 'include')),
  ];
  const warnings = [
    // Blocks, confidentiality and private notes: the clinician is told that something is withheld, never what.
    ...(page.withheld
      ? [
          `${page.withheld} ${page.withheld === 1 ? 'ressurs er' : 'ressurser er'} holdt tilbake (sperret, skjermet eller privat for en annen tjeneste).`,
        ]
      : []),
    ...request.ignored.map((i) => `Ignored parameter ${i.param}: ${i.reason}`),
    ...(page.includesTruncated
      ? ['Included resources were cut at the limit; narrow the search to see them all.']
      : []),
  ];
  if (warnings.length > 0) {
    entries.push({
      resource: JSON.stringify({
        resourceType: 'OperationOutcome',
        issue: warnings.map((text) => ({ severity: 'warning', code: 'processing', details: { text } })),
      }),
      search: { mode: 'outcome' },
    });
  }
  return bundleToText({
    type: 'searchset',
    ...(page.total !== undefined ? { total: page.total } : {}),
    links,
    entries,
  });
}
