import type { ResourceRow } from '@akson/store';

/**
 * Bundles are assembled as text from the stored JSON of each resource: a search page is not parsed and
 * re-serialised, which keeps large pages cheap. Only subsetting (_summary/_elements) parses.
 */
export interface BundleEntryText {
  /** JSON text of the entry's extensions (a timeline entry's what/where/when), or undefined. */
  readonly extension?: string;
  readonly fullUrl?: string;
  /** JSON text of the resource, or undefined. */
  readonly resource?: string;
  readonly search?: { mode: 'match' | 'include' | 'outcome' };
  readonly request?: { method: string; url: string };
  readonly response?: {
    status: string;
    location?: string;
    etag?: string;
    lastModified?: string;
    outcome?: string;
  };
}

export interface BundleText {
  readonly type: 'searchset' | 'history' | 'batch-response' | 'transaction-response' | 'document';
  /** Required for documents (a persistent identity for the generated document). */
  readonly identifier?: { readonly system: string; readonly value: string };
  readonly total?: number;
  readonly links: readonly { relation: string; url: string }[];
  readonly entries: readonly BundleEntryText[];
  readonly timestamp?: string;
}

export function bundleToText(bundle: BundleText): string {
  const head: Record<string, unknown> = { resourceType: 'Bundle' };
  if (bundle.identifier) head['identifier'] = bundle.identifier;
  head['type'] = bundle.type;
  if (bundle.timestamp) head['timestamp'] = bundle.timestamp;
  if (bundle.total !== undefined) head['total'] = bundle.total;
  if (bundle.links.length > 0) head['link'] = bundle.links;
  const headText = JSON.stringify(head).slice(0, -1);
  const entries = bundle.entries.map(entryToText).join(',');
  return `${headText},"entry":[${entries}]}`;
}

function entryToText(e: BundleEntryText): string {
  const parts: string[] = [];
  if (e.extension) parts.push(`"extension":${e.extension}`);
  if (e.fullUrl) parts.push(`"fullUrl":${JSON.stringify(e.fullUrl)}`);
  if (e.resource) parts.push(`"resource":${e.resource}`);
  if (e.search) parts.push(`"search":${JSON.stringify(e.search)}`);
  if (e.request) parts.push(`"request":${JSON.stringify(e.request)}`);
  if (e.response) {
    const { outcome, ...rest } = e.response;
    const responseText = JSON.stringify(rest);
    parts.push(`"response":${outcome ? `${responseText.slice(0, -1)},"outcome":${outcome}}` : responseText}`);
  }
  return `{${parts.join(',')}}`;
}

export function fullUrlOf(base: string, row: Pick<ResourceRow, 'type' | 'id'>): string {
  return `${base}/${row.type}/${row.id}`;
}
