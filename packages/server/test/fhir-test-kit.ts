/**
 * Small helpers shared by the search, paging, bundle, robustness, validation and examples integration tests.
 * Everything goes through real HTTP against the server started by test-server.ts; nothing here talks to the
 * database directly.
 */
import { expect } from 'vitest';
import { expectStatus, type TestServer } from './test-server.ts';

export interface Resource {
  resourceType: string;
  id: string;
  meta?: {
    versionId?: string;
    lastUpdated?: string;
    tag?: { system?: string; code?: string }[];
    profile?: string[];
  };
  [key: string]: unknown;
}

export interface BundleEntry {
  fullUrl?: string;
  resource?: Resource;
  search?: { mode: 'match' | 'include' | 'outcome' };
  request?: { method: string; url: string };
  response?: {
    status: string;
    location?: string;
    etag?: string;
    lastModified?: string;
    outcome?: OperationOutcome;
  };
}

export interface Bundle {
  resourceType: 'Bundle';
  type: string;
  total?: number;
  link?: { relation: string; url: string }[];
  entry?: BundleEntry[];
}

export interface OperationOutcomeIssue {
  severity: string;
  code: string;
  details?: { text?: string; coding?: { system?: string; code: string }[] };
  diagnostics?: string;
  expression?: string[];
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: OperationOutcomeIssue[];
}

/** The Akson error code (AKS_ERR_...) of the first issue. */
export function errorCode(oo: OperationOutcome): string | undefined {
  return oo.issue[0]?.details?.coding?.[0]?.code;
}

/** Checks an error response: status, an OperationOutcome body, and optionally the Akson error code. */
export async function expectError(
  response: Response,
  status: number,
  code?: string,
): Promise<OperationOutcome> {
  const oo = await expectStatus<OperationOutcome>(response, status);
  expect(oo.resourceType).toBe('OperationOutcome');
  expect(oo.issue.length).toBeGreaterThan(0);
  if (code !== undefined) expect(errorCode(oo), JSON.stringify(oo)).toBe(code);
  return oo;
}

/** Tag that keeps one test's data apart from the rest of the file: add to resources, search with `_tag=`. */
export const TAG_SYSTEM = 'urn:akson-test:set';

export function tag(set: string): { meta: { tag: { system: string; code: string }[] } } {
  return { meta: { tag: [{ system: TAG_SYSTEM, code: set }] } };
}

/** Adds the set's tag to a resource body (keeping other meta). */
export function tagged<T extends Record<string, unknown>>(set: string, resource: T): T {
  const meta = (resource['meta'] as Record<string, unknown> | undefined) ?? {};
  const tags = (meta['tag'] as unknown[] | undefined) ?? [];
  return { ...resource, meta: { ...meta, tag: [...tags, { system: TAG_SYSTEM, code: set }] } };
}

export function tagParam(set: string): string {
  return `_tag=${encodeURIComponent(`${TAG_SYSTEM}|${set}`)}`;
}

export async function create<T extends Resource = Resource>(
  t: TestServer,
  resource: Record<string, unknown>,
): Promise<T> {
  const type = resource['resourceType'] as string;
  return expectStatus<T>(await t.fhir(type, { method: 'POST', json: resource }), 201);
}

/** Creates resources with bounded concurrency, returning them in the order given. */
export async function createAll<T extends Resource = Resource>(
  t: TestServer,
  resources: readonly Record<string, unknown>[],
  concurrency = 4,
): Promise<T[]> {
  const out: T[] = new Array(resources.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < resources.length) {
      const i = next++;
      out[i] = await create<T>(t, resources[i] as Record<string, unknown>);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, resources.length) }, worker));
  return out;
}

/** GET a search (path relative to the base, e.g. "Patient?name=x") and expect a searchset Bundle. */
export async function search(t: TestServer, query: string, init?: RequestInit): Promise<Bundle> {
  const bundle = await expectStatus<Bundle>(await t.fhir(query, init), 200);
  expect(bundle.resourceType).toBe('Bundle');
  expect(bundle.type).toBe('searchset');
  return bundle;
}

export function entries(bundle: Bundle, mode: 'match' | 'include' | 'outcome' = 'match'): BundleEntry[] {
  return (bundle.entry ?? []).filter((e) => e.search?.mode === mode);
}

/** Ids of the matches, in the order the server returned them. */
export function matchIds(bundle: Bundle): string[] {
  return entries(bundle, 'match').map((e) => e.resource?.id as string);
}

/** Type/id of the included resources, sorted. */
export function includedKeys(bundle: Bundle): string[] {
  return entries(bundle, 'include')
    .map((e) => `${e.resource?.resourceType}/${e.resource?.id}`)
    .sort();
}

/** Sorted ids of every match of a search (all pages, following next links). */
export async function searchIds(t: TestServer, query: string, init?: RequestInit): Promise<string[]> {
  const ids: string[] = [];
  let bundle = await search(t, query, init);
  for (let pages = 0; ; pages++) {
    ids.push(...matchIds(bundle));
    const next = bundle.link?.find((l) => l.relation === 'next')?.url;
    if (!next || pages > 200) break;
    bundle = await search(t, next, init);
  }
  return ids.sort();
}

export function sortedIds(resources: readonly { id: string }[]): string[] {
  return resources.map((r) => r.id).sort();
}

/** Escapes a value for use inside a FHIR search value (",", "|", "$" and "\" are separators). */
export function escapeSearchValue(value: string): string {
  return value.replace(/[\\,|$]/g, (c) => `\\${c}`);
}

/** Query string from pairs, URL-encoded (so "+" in a time zone stays a "+"). */
export function qs(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** Number of matches of a search, as the server counts them (_summary=count). */
export async function countOf(t: TestServer, query: string): Promise<number> {
  const sep = query.includes('?') ? '&' : '?';
  const bundle = await search(t, `${query}${sep}_summary=count`);
  expect(typeof bundle.total).toBe('number');
  return bundle.total as number;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
