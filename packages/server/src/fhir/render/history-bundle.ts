import type { HistoryPage } from '@akson/store';
import { bundleToText, type BundleEntryText } from './bundle-text.ts';
import { etag } from './request-headers.ts';
import { pageLink } from './page-links.ts';

/** A history Bundle: each version with the request that made it (POST, PUT or DELETE) and its response. */
export function renderHistoryBundle(
  base: string,
  path: string,
  params: readonly (readonly [string, string])[],
  page: HistoryPage,
): string {
  const link = (cursor?: string): string => pageLink(base, path, params, cursor);
  const links = [{ relation: 'self', url: link(params.find(([k]) => k === '_cursor')?.[1]) }];
  if (page.next) links.push({ relation: 'next', url: link(page.next) });
  const entries: BundleEntryText[] = page.entries.map((row) => {
    const method = row.deleted ? 'DELETE' : row.versionId === 1 ? 'POST' : 'PUT';
    return {
      fullUrl: `${base}/${row.type}/${row.id}`,
      ...(row.content ? { resource: row.content } : {}),
      request: { method, url: method === 'POST' ? row.type : `${row.type}/${row.id}` },
      response: {
        status: row.deleted ? '204' : row.versionId === 1 ? '201' : '200',
        etag: etag(row.versionId),
        lastModified: row.lastUpdated,
      },
    };
  });
  return bundleToText({ type: 'history', links, entries });
}
