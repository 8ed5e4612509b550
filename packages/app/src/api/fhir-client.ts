import type { Bundle, Resource } from '@medplum/fhirtypes';
import { ApiError, apiErrorFrom, NetworkError } from './api-error.ts';

export type SearchParams = Record<string, string | number | readonly string[] | undefined>;

export interface SearchResult<T extends Resource = Resource> {
  /** The matches, in the server's order. */
  readonly resources: T[];
  /** Resources added by _include/_revinclude, by "Type/id". */
  readonly included: ReadonlyMap<string, Resource>;
  /**
   * How many resources were withheld from this search (blocked, confidential or private to another service):
   * the screen says that something is withheld, never what.
   */
  readonly withheld: number;
  /** The next page's URL, when there is one. */
  readonly next: string | undefined;
  readonly total: number | undefined;
}

export interface Versioned<T> {
  readonly resource: T;
  /** The ETag (W/"3"), for If-Match on the next update. */
  readonly etag: string | undefined;
}

interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly body?: unknown;
  readonly ifMatch?: string;
  readonly signal?: AbortSignal;
}

/** The server's notice that something was withheld (search bundles, the timeline), with how many. */
const WITHHELD = /^(\d+) (?:ressurs(?:er)?|oppføring(?:er)?) er holdt tilbake/;

/**
 * The app's only way to the server: the FHIR API with the signed-in person's token, like any other client.
 * Errors become ApiErrors with a Norwegian message; a 401 ends the session (the token expired).
 */
export class FhirClient {
  readonly base: string;
  readonly #token: () => string | undefined;
  readonly #onUnauthorized: () => void;
  /** The smallest `_count` this server has refused as larger than its largest page. */
  #countRefusedFrom: number | undefined;

  constructor(base: string, token: () => string | undefined, onUnauthorized: () => void) {
    this.base = base.replace(/\/$/, '');
    this.#token = token;
    this.#onUnauthorized = onUnauthorized;
  }

  async request<T>(
    path: string,
    options: RequestOptions = {},
  ): Promise<{ body: T; etag: string | undefined; status: number }> {
    const headers = new Headers({ accept: 'application/fhir+json' });
    const token = this.#token();
    if (token) headers.set('authorization', `Bearer ${token}`);
    if (options.body !== undefined) headers.set('content-type', 'application/fhir+json');
    if (options.ifMatch) headers.set('if-match', options.ifMatch);
    let response: Response;
    try {
      const url = path.startsWith('http') ? path : path ? `${this.base}/${path}` : this.base;
      response = await fetch(url, {
        method: options.method ?? 'GET',
        headers,
        // Never from (or into) the browser's HTTP cache: the server sends Last-Modified without Cache-Control,
        // so a browser may answer a read from its heuristic cache with a version others have since changed (an
        // edit would then conflict with a stale copy forever), and health data has no place on the disk cache.
        cache: 'no-store',
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new NetworkError();
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      if (response.status === 401) this.#onUnauthorized();
      throw apiErrorFrom(response.status, body);
    }
    return { body: body as T, etag: response.headers.get('etag') ?? undefined, status: response.status };
  }

  async read<T extends Resource>(type: string, id: string, signal?: AbortSignal): Promise<Versioned<T>> {
    const { body, etag } = await this.request<T>(`${type}/${encodeURIComponent(id)}`, {
      ...(signal ? { signal } : {}),
    });
    return { resource: body, etag: etag ?? versionTag(body) };
  }

  /**
   * One page of a search: up to `_count` matches. A server whose largest page is smaller than the `_count` asked
   * for (AKSON_SEARCH_MAX_COUNT) refuses it; the search then takes the server's own page size and follows the
   * next links until it has as many as asked for, so a smaller limit never turns into an error.
   */
  async search<T extends Resource>(
    type: string,
    params: SearchParams = {},
    signal?: AbortSignal,
  ): Promise<SearchResult<T>> {
    const wanted = params['_count'] === undefined ? undefined : Number(params['_count']);
    const tooLarge = this.#countRefusedFrom;
    if (wanted === undefined || tooLarge === undefined || wanted < tooLarge) {
      try {
        return await this.#searchPage<T>(`${type}?${searchQuery(params)}`, signal);
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 'AKS_ERR_SEARCH_COUNT') || wanted === undefined)
          throw err;
        this.#countRefusedFrom = Math.min(wanted, this.#countRefusedFrom ?? Infinity);
      }
    }
    const { _count: _ignored, ...rest } = params;
    let page = await this.#searchPage<T>(`${type}?${searchQuery(rest)}`, signal);
    const resources = [...page.resources];
    const included = new Map(page.included);
    while (page.next && resources.length < wanted) {
      page = await this.#searchPage<T>(page.next, signal);
      resources.push(...page.resources);
      for (const [key, r] of page.included) included.set(key, r);
    }
    const kept = resources.slice(0, wanted);
    return {
      resources: kept,
      included,
      withheld: page.withheld,
      // Past what was asked for, the caller continues from the server's next page.
      next: kept.length < resources.length ? undefined : page.next,
      total: page.total,
    };
  }

  /**
   * Every match of a search, page by page along the next links, up to `limit`: for lists that must be
   * complete (a ward's residents, a patient's allergies) and never cut at one page without saying so.
   * `complete` is false when the limit stopped it; `total` is then the number of matches.
   */
  async searchAll<T extends Resource>(
    type: string,
    params: SearchParams = {},
    options: { limit?: number; signal?: AbortSignal } = {},
  ): Promise<SearchResult<T> & { complete: boolean }> {
    const limit = options.limit ?? 5000;
    const pageSize = Math.min(Number(params['_count'] ?? 200), limit);
    let page = await this.search<T>(type, { ...params, _count: pageSize }, options.signal);
    const resources = [...page.resources];
    const included = new Map(page.included);
    // Every page of a patient-focused search carries the same count of what is withheld from the whole search.
    const withheld = page.withheld;
    while (page.next && resources.length < limit) {
      page = await this.nextPage<T>(page.next, options.signal);
      resources.push(...page.resources);
      for (const [key, r] of page.included) included.set(key, r);
    }
    const complete = !page.next && resources.length <= limit;
    let total = complete ? resources.length : page.total;
    if (!complete && total === undefined) {
      const { _count: _c, _sort: _s, _include: _i, ...filters } = params;
      total = (await this.search(type, { ...filters, _summary: 'count' }, options.signal)).total;
    }
    return {
      resources: resources.slice(0, limit),
      included,
      withheld,
      next: complete ? undefined : page.next,
      total,
      complete,
    };
  }

  async #searchPage<T extends Resource>(
    path: string,
    signal: AbortSignal | undefined,
  ): Promise<SearchResult<T>> {
    const { body } = await this.request<Bundle>(path, { ...(signal ? { signal } : {}) });
    return readSearchBundle<T>(body);
  }

  /** The next page of a search, from its `next` link. */
  async nextPage<T extends Resource>(url: string, signal?: AbortSignal): Promise<SearchResult<T>> {
    const { body } = await this.request<Bundle>(url, { ...(signal ? { signal } : {}) });
    return readSearchBundle<T>(body);
  }

  async create<T extends Resource>(resource: T): Promise<Versioned<T>> {
    const { body, etag } = await this.request<T>(resource.resourceType, { method: 'POST', body: resource });
    return { resource: body, etag: etag ?? versionTag(body) };
  }

  /**
   * Updates with If-Match: a concurrent change is a 412 ApiError (isConflict), never a silent overwrite. Without
   * an explicit ETag the version the resource itself carries (meta.versionId) is the one insisted on; an update
   * knowing neither is refused here, before it could overwrite whatever is there now.
   */
  async update<T extends Resource>(resource: T, ifMatch: string | undefined): Promise<Versioned<T>> {
    if (!resource.id) throw new Error('update needs an id');
    const match = ifMatch ?? versionTag(resource);
    if (!match)
      throw new Error(`update of ${resource.resourceType}/${resource.id} without a version to match`);
    const { body, etag } = await this.request<T>(`${resource.resourceType}/${resource.id}`, {
      method: 'PUT',
      body: resource,
      ifMatch: match,
    });
    return { resource: body, etag: etag ?? versionTag(body) };
  }

  /** Invokes an operation; GET when there are only simple parameters and no body. */
  async operation<T>(
    path: string,
    options: { method?: 'GET' | 'POST'; params?: SearchParams; body?: unknown; signal?: AbortSignal } = {},
  ): Promise<T> {
    const query = options.params ? `?${searchQuery(options.params)}` : '';
    const { body } = await this.request<T>(`${path}${query}`, {
      method: options.method ?? (options.body !== undefined ? 'POST' : 'GET'),
      ...(options.body !== undefined ? { body: options.body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return body;
  }

  /** A transaction bundle: all entries are saved, or none. */
  async transaction(entries: { resource: Resource; fullUrl?: string }[]): Promise<Bundle> {
    const { body } = await this.request<Bundle>('', {
      method: 'POST',
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: entries.map((e) => ({
          ...(e.fullUrl ? { fullUrl: e.fullUrl } : {}),
          resource: e.resource,
          request: { method: 'POST', url: e.resource.resourceType },
        })),
      },
    });
    return body;
  }
}

export function searchQuery(params: SearchParams): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) query.append(key, v);
    else query.append(key, String(value));
  }
  return query.toString();
}

export function readSearchBundle<T extends Resource>(bundle: Bundle): SearchResult<T> {
  const resources: T[] = [];
  const included = new Map<string, Resource>();
  let withheld = 0;
  for (const entry of bundle.entry ?? []) {
    const resource = entry.resource;
    if (!resource) continue;
    const mode = entry.search?.mode ?? 'match';
    if (mode === 'outcome' || (resource.resourceType === 'OperationOutcome' && mode !== 'include')) {
      for (const issue of (resource as { issue?: { details?: { text?: string } }[] }).issue ?? []) {
        const match = WITHHELD.exec(issue.details?.text ?? '');
        if (match) withheld += Number(match[1]);
      }
    } else if (mode === 'include') {
      included.set(`${resource.resourceType}/${resource.id}`, resource);
    } else {
      resources.push(resource as T);
    }
  }
  return {
    resources,
    included,
    withheld,
    next: bundle.link?.find((l) => l.relation === 'next')?.url,
    total: bundle.total,
  };
}

function versionTag(resource: Resource | undefined): string | undefined {
  const version = resource?.meta?.versionId;
  return version ? `W/"${version}"` : undefined;
}

export { ApiError };
