import {
  fail,
  isResourceType,
  isValidId,
  parseSearch,
  validateResource,
  type SearchRequest,
} from '@akson/fhir';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import {
  createResource,
  deleteResource,
  findMatchingIds,
  lockCondition,
  readCurrent,
  readHistory,
  readVersion,
  runSearch,
  updateResource,
  type Db,
  type HistoryPage,
  type IndexContext,
  type PreparedVersion,
  type Queryable,
  type ResourceInput,
  type ResourceRow,
  type SearchPage,
} from '@akson/store';
import type { AccessContext } from '../access/access-context.ts';
import type { AksonConfig } from '../config/schema.ts';
import { compartmentFilterFor } from './compartment-filter.ts';
import { applyJsonPatch } from './json-patch.ts';

export interface ServiceDeps {
  readonly db: Db;
  readonly config: AksonConfig;
  readonly index: IndexContext;
}

export interface WriteOutcome {
  /** 201 for a create, 200 otherwise (including a conditional create that found its match). */
  readonly status: 200 | 201;
  readonly type: string;
  readonly id: string;
  readonly versionId: number;
  readonly lastUpdated: string;
  readonly content: string;
  /** Validation warnings worth returning with Prefer: return=OperationOutcome. */
  readonly warnings: readonly OperationOutcomeIssue[];
}

export interface SearchOptions {
  readonly lenient: boolean;
  /** Patient/{id}/{type}: restrict to the patient's compartment. */
  readonly compartmentPatient?: string;
}

export interface SearchResult {
  readonly request: SearchRequest;
  readonly page: SearchPage;
}

/**
 * FHIR interactions with their rules (validation, versioning, conditional semantics) over the store, for one
 * caller: the AccessContext is fixed at construction, so every read is scoped and every write authorised.
 */
export class ResourceService {
  readonly #deps: ServiceDeps;
  readonly #access: AccessContext;

  constructor(deps: ServiceDeps, access: AccessContext) {
    this.#deps = deps;
    this.#access = access;
  }

  get access(): AccessContext {
    return this.#access;
  }

  /** Runs `fn` in one database transaction (bundles, operations that write several resources). */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.#deps.db.transaction(fn);
  }

  async read(type: string, id: string, q: Queryable = this.#deps.db): Promise<ResourceRow> {
    assertType(type);
    assertId(id);
    const row = await readCurrent(q, type, id);
    if (!row || !this.#access.canRead(row)) throw fail('AKS_ERR_RESOURCE_NOT_FOUND', { type, id });
    if (row.deleted) throw fail('AKS_ERR_RESOURCE_DELETED', { type, id });
    return row;
  }

  async vread(type: string, id: string, version: string, q: Queryable = this.#deps.db): Promise<ResourceRow> {
    assertType(type);
    assertId(id);
    if (!/^\d{1,9}$/.test(version)) throw fail('AKS_ERR_RESOURCE_VERSION_NOT_FOUND', { type, id, version });
    const row = await readVersion(q, type, id, Number(version));
    if (!row || !this.#access.canRead(row)) throw fail('AKS_ERR_RESOURCE_VERSION_NOT_FOUND', { type, id, version });
    if (row.deleted) throw fail('AKS_ERR_RESOURCE_DELETED', { type, id });
    return row;
  }

  /** FHIR create; with `ifNoneExist`, only when no resource matches that search (otherwise returns the match). */
  async create(type: string, body: unknown, options: { ifNoneExist?: string; id?: string } = {}, q?: Queryable): Promise<WriteOutcome> {
    const resource = this.#checkBody(type, body);
    const { warnings } = validateResource(resource);
    const write = async (tx: Queryable): Promise<WriteOutcome> => {
      if (options.ifNoneExist !== undefined) {
        const match = await this.findByCondition(type, options.ifNoneExist, tx);
        if (match) return existingOutcome(match, warnings);
      }
      const result = await createResource(tx, resource, { ...this.#writeOptions(), ...(options.id ? { id: options.id } : {}) });
      return outcomeOf(result.version, 201, warnings);
    };
    return q ? write(q) : this.#deps.db.transaction(write);
  }

  async update(type: string, id: string, body: unknown, options: { ifMatch?: number } = {}, q?: Queryable): Promise<WriteOutcome> {
    assertId(id);
    const resource = this.#checkBody(type, body);
    if (resource.id === undefined) throw fail('AKS_ERR_RESOURCE_ID_MISSING');
    if (resource.id !== id) throw fail('AKS_ERR_RESOURCE_ID_MISMATCH', { actual: String(resource.id), expected: id });
    const { warnings } = validateResource(resource);
    const write = async (tx: Queryable): Promise<WriteOutcome> => {
      const result = await updateResource(tx, { ...resource, id }, { ...this.#writeOptions(), ...options });
      return outcomeOf(result.version, result.created ? 201 : 200, warnings);
    };
    return q ? write(q) : this.#deps.db.transaction(write);
  }

  /** PUT Type?criteria: update the one match, create if none, refuse if several. */
  async conditionalUpdate(type: string, criteria: string, body: unknown, q?: Queryable): Promise<WriteOutcome> {
    const resource = this.#checkBody(type, body);
    const write = async (tx: Queryable): Promise<WriteOutcome> => {
      const match = await this.findByCondition(type, criteria, tx);
      if (match) {
        if (resource.id !== undefined && resource.id !== match.id) {
          throw fail('AKS_ERR_RESOURCE_ID_MISMATCH', { actual: String(resource.id), expected: match.id });
        }
        return this.update(type, match.id, { ...resource, id: match.id }, {}, tx);
      }
      if (resource.id !== undefined) return this.update(type, String(resource.id), resource, {}, tx);
      return this.create(type, resource, {}, tx);
    };
    return q ? write(q) : this.#deps.db.transaction(write);
  }

  /**
   * The one resource matching a condition (If-None-Exist, conditional update, conditional reference), holding a
   * transaction-scoped lock on the condition so that concurrent conditional writes cannot both create.
   * Undefined when none matches; 412 when several do.
   */
  async findByCondition(type: string, criteria: string, tx: Queryable): Promise<ResourceRow | undefined> {
    const request = this.#conditionRequest(type, criteria);
    await lockCondition(tx, `${type}?${criteria}`);
    const matches = await findMatchingIds(tx, request, this.#access.scope, 2);
    if (matches.length > 1) throw fail('AKS_ERR_CONDITIONAL_MULTIPLE', { criteria, count: 'more than one' });
    return matches[0];
  }

  async patch(type: string, id: string, operations: unknown, options: { ifMatch?: number } = {}, q?: Queryable): Promise<WriteOutcome> {
    const write = async (tx: Queryable): Promise<WriteOutcome> => {
      const current = await this.read(type, id, tx);
      if (options.ifMatch !== undefined && current.versionId !== options.ifMatch) {
        throw fail('AKS_ERR_RESOURCE_VERSION_CONFLICT', { type, id, current: current.versionId, expected: options.ifMatch });
      }
      const patched = applyJsonPatch(JSON.parse(current.content ?? '{}') as Record<string, unknown>, operations);
      // The patch is based on the version just read: if someone writes in between, the update conflicts.
      return this.update(type, id, patched, { ifMatch: current.versionId }, tx);
    };
    return q ? write(q) : this.#deps.db.transaction(write);
  }

  async delete(type: string, id: string, options: { ifMatch?: number } = {}, q?: Queryable): Promise<{ versionId: number | undefined }> {
    assertType(type);
    assertId(id);
    const write = async (tx: Queryable): Promise<{ versionId: number | undefined }> => {
      const result = await deleteResource(tx, type, id, {
        ...options,
        authorize: (existing) => {
          if (!this.#access.canRead(existing as ResourceRow)) throw fail('AKS_ERR_RESOURCE_NOT_FOUND', { type, id });
          this.#access.authorizeWrite(existing, undefined);
        },
      });
      return { versionId: result.versionId };
    };
    return q ? write(q) : this.#deps.db.transaction(write);
  }

  parseSearch(type: string, params: readonly (readonly [string, string])[], options: SearchOptions): SearchRequest {
    assertType(type);
    const { config } = this.#deps;
    const request = parseSearch(type, params, {
      lenient: options.lenient,
      timeZone: config.timeZone,
      baseUrl: `${config.publicUrl}/fhir`,
      defaultCount: config.search.defaultCount,
      maxCount: config.search.maxCount,
    });
    if (options.compartmentPatient === undefined) return request;
    // The compartment comes from the URL, not the query, so it is added after parsing.
    return { ...request, filters: [...request.filters, compartmentFilterFor(type, options.compartmentPatient)] };
  }

  async search(
    type: string,
    params: readonly (readonly [string, string])[],
    options: SearchOptions,
    q: Queryable = this.#deps.db,
  ): Promise<SearchResult> {
    const request = this.parseSearch(type, params, options);
    const page = await runSearch(q, request, this.#access.scope);
    return { request, page };
  }

  async history(
    type: string | undefined,
    id: string | undefined,
    params: readonly (readonly [string, string])[],
  ): Promise<HistoryPage> {
    if (type !== undefined) assertType(type);
    if (id !== undefined) assertId(id);
    const get = (name: string): string | undefined => params.find(([k]) => k === name)?.[1];
    const count = get('_count');
    if (count !== undefined && (!/^\d+$/.test(count) || Number(count) > this.#deps.config.search.maxCount)) {
      throw fail('AKS_ERR_SEARCH_COUNT', { max: this.#deps.config.search.maxCount });
    }
    const instant = (name: string): string | undefined => {
      const value = get(name);
      if (value === undefined) return undefined;
      const ms = Date.parse(value);
      if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
        throw fail('AKS_ERR_SEARCH_VALUE', { value, param: name, detail: 'use an instant such as 2024-05-17T10:00:00Z' });
      }
      return new Date(ms).toISOString();
    };
    if (id !== undefined) {
      const current = await readCurrent(this.#deps.db, type as string, id);
      if (!current || !this.#access.canRead(current)) throw fail('AKS_ERR_RESOURCE_NOT_FOUND', { type, id });
    }
    return readHistory(
      this.#deps.db,
      {
        type,
        id,
        count: count === undefined ? this.#deps.config.search.defaultCount : Number(count),
        since: instant('_since'),
        before: instant('_at'),
        cursor: get('_cursor'),
      },
      this.#access.scope,
    );
  }

  #writeOptions() {
    return {
      index: this.#deps.index,
      authorize: (existing: ResourceRow | undefined, next: PreparedVersion | undefined) => {
        if (existing && !this.#access.canRead(existing)) {
          throw fail('AKS_ERR_RESOURCE_NOT_FOUND', { type: existing.type, id: existing.id });
        }
        this.#access.authorizeWrite(existing, next);
      },
      accessTags: (resource: Record<string, unknown>, patientId: string) => this.#access.accessTags(resource, patientId),
    };
  }

  #checkBody(type: string, body: unknown): ResourceInput {
    assertType(type);
    if (body === undefined || body === null) throw fail('AKS_ERR_REQUEST_BODY_MISSING');
    if (typeof body !== 'object' || Array.isArray(body)) {
      throw fail('AKS_ERR_VALIDATION', {}, { issues: [{ severity: 'error', code: 'structure', details: { text: 'The body must be a FHIR resource (a JSON object).' } }] });
    }
    const actual = (body as { resourceType?: unknown }).resourceType;
    if (actual !== type) throw fail('AKS_ERR_RESOURCE_TYPE_MISMATCH', { actual: String(actual), expected: type });
    const id = (body as { id?: unknown }).id;
    if (id !== undefined && (typeof id !== 'string' || !isValidId(id))) throw fail('AKS_ERR_RESOURCE_ID_INVALID', { id: String(id) });
    return body as ResourceInput;
  }

  #conditionRequest(type: string, criteria: string): SearchRequest {
    const params = [...new URLSearchParams(criteria)];
    if (params.length === 0) throw fail('AKS_ERR_CONDITIONAL_CRITERIA', { detail: 'no search parameters given' });
    try {
      return this.parseSearch(type, params, { lenient: false });
    } catch (err) {
      throw fail('AKS_ERR_CONDITIONAL_CRITERIA', { detail: (err as Error).message }, { cause: err });
    }
  }
}

function assertType(type: string): void {
  if (!isResourceType(type)) throw fail('AKS_ERR_RESOURCE_TYPE_UNKNOWN', { type });
}

function assertId(id: string): void {
  if (!isValidId(id)) throw fail('AKS_ERR_RESOURCE_ID_INVALID', { id });
}

function outcomeOf(v: PreparedVersion, status: 200 | 201, warnings: readonly OperationOutcomeIssue[]): WriteOutcome {
  return { status, type: v.type, id: v.id, versionId: v.versionId, lastUpdated: v.lastUpdated, content: v.content, warnings };
}

function existingOutcome(row: ResourceRow, warnings: readonly OperationOutcomeIssue[]): WriteOutcome {
  return {
    status: 200,
    type: row.type,
    id: row.id,
    versionId: row.versionId,
    lastUpdated: row.lastUpdated,
    content: row.content ?? '{}',
    warnings,
  };
}
