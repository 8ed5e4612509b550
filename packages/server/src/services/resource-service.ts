import {
  fail,
  normalizeBase64,
  parseFhirJson,
  isResourceType,
  isValidId,
  parseSearch,
  validateResource,
  AksonError,
  type SearchRequest,
} from '@akson/fhir';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import {
  ALL,
  createResource,
  deleteResource,
  findMatchingIds,
  isSearchable,
  lockCondition,
  reachingMergedRecords,
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
import type { Interaction } from '../access/decide.ts';
import type { AuditInput } from '../audit/audit-event.ts';
import type { AksonConfig } from '../config/schema.ts';
import { compartmentFilterFor } from './compartment-filter.ts';
import { applyJsonPatch } from './json-patch.ts';
import { demographicsOnly, isNationalIdLookup } from './patient-lookup.ts';
import type { WriteRuleContext, WriteRules } from './write-rules.ts';

export interface ServiceDeps {
  readonly db: Db;
  readonly config: AksonConfig;
  readonly index: IndexContext;
  /** Clinical rules per resource type (notes, medication lines, vital signs); none in a bare store server. */
  readonly rules?: WriteRules;
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
  /**
   * Records merged into the patient `into` (recordsMergedInto): where the caller reaches that patient by name
   * (a citizen), the searched type's rows filed under them are reached too. Set by services that read the
   * merge themselves (the access log), never from a request.
   */
  readonly merged?: { readonly into: string; readonly records: readonly string[] };
  /**
   * The search is one part of an answer the server composes itself ($summary's sections): its `_count` is the
   * code's own, like a rule's, not limited by the client-facing AKSON_SEARCH_MAX_COUNT. Scope and audit are the
   * caller's as always. Set by services, never from a request.
   */
  readonly serverComposed?: boolean;
}

export interface SearchResult {
  readonly request: SearchRequest;
  readonly page: SearchPage;
}

type AuditEventInput = Omit<AuditInput, 'actor'>;

/** A write's rule context and the warnings its rules added, for the write's outcome. */
type RuleRun = WriteRuleContext & { readonly warnings: readonly OperationOutcomeIssue[] };

/**
 * FHIR interactions with their rules (validation, versioning, conditional semantics) over the store, for one
 * caller. The AccessContext is fixed at construction: every interaction passes its gate, every read is scoped
 * in SQL, every write authorised, and every access audited. `q` parameters run an interaction inside a
 * caller's transaction (bundles); audit records then join that transaction.
 */
export class ResourceService {
  readonly #deps: ServiceDeps;
  readonly #access: AccessContext;
  /** Rows read inside `readPatientRecord`, audited together when it ends; undefined outside it. */
  #oneAccess: ResourceRow[] | undefined;

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

  async read(type: string, id: string, q?: Queryable): Promise<ResourceRow> {
    this.#gate('read', type);
    assertId(id);
    const row = await readCurrent(q ?? this.#deps.db, type, id, this.#access.scope);
    return this.#shown(row, type, id, 'read', q);
  }

  async vread(type: string, id: string, version: string, q?: Queryable): Promise<ResourceRow> {
    this.#gate('vread', type);
    assertId(id);
    if (!/^\d{1,9}$/.test(version)) throw fail('AKS_ERR_RESOURCE_VERSION_NOT_FOUND', { type, id, version });
    const row = await readVersion(q ?? this.#deps.db, type, id, Number(version), this.#access.scope);
    if (!row) throw fail('AKS_ERR_RESOURCE_VERSION_NOT_FOUND', { type, id, version });
    return this.#shown(row, type, id, 'vread', q);
  }

  /** A row the caller asked for by id: 404 when missing or not theirs to see (never telling which), audited. */
  async #shown(
    row: ResourceRow | undefined,
    type: string,
    id: string,
    interaction: 'read' | 'vread',
    q?: Queryable,
  ): Promise<ResourceRow> {
    if (!row) throw fail('AKS_ERR_RESOURCE_NOT_FOUND', { type, id });
    if (row.visible === false) {
      await this.#deny(q, {
        interaction,
        outcomeDescription: "outside the caller's access",
        patientId: row.patientId,
        entities: [`${type}/${id}`],
      });
      throw fail('AKS_ERR_RESOURCE_NOT_FOUND', { type, id });
    }
    if (row.deleted) throw fail('AKS_ERR_RESOURCE_DELETED', { type, id });
    if (this.#oneAccess) this.#oneAccess.push(row);
    else
      await this.#auditRead(q, [
        await this.#accessEvent(interaction, row.patientId, [`${type}/${id}`], undefined, q),
      ]);
    return this.#access.present(row);
  }

  /** FHIR create; with `ifNoneExist`, only when no resource matches that search (otherwise returns the match). */
  async create(
    type: string,
    body: unknown,
    options: { ifNoneExist?: string; id?: string } = {},
    q?: Queryable,
  ): Promise<WriteOutcome> {
    this.#gate('create', type);
    const checked = this.#checkBody(type, body);
    const { warnings } = validateResource(checked);
    return this.#write(q, async (tx) => {
      if (options.ifNoneExist !== undefined) {
        const match = await this.findByCondition(type, options.ifNoneExist, tx);
        if (match) return existingOutcome(this.#access.present(match), warnings);
      }
      const rules = this.#ruleContext(tx, undefined, 'create', undefined);
      const resource = await this.#prepare(checked, rules);
      const result = await createResource(tx, resource, {
        ...(await this.#writeOptions(tx, resource, 'create')),
        ...(options.id ? { id: options.id } : {}),
      });
      await this.#afterWrite(tx, result.version, true, 'create');
      await this.#afterRules(result.version, rules);
      return this.#presented(outcomeOf(result.version, 201, [...warnings, ...rules.warnings]));
    });
  }

  /**
   * `skipRules` is for code that moves content without changing it (merging two records of one person): the
   * clinical rules judge changes, and a move is not one. `moveBetweenPatients` lets the resource leave its
   * patient's compartment, which the store refuses otherwise: only merging two records of one person does
   * that. Never set from a request.
   */
  async update(
    type: string,
    id: string,
    body: unknown,
    options: { ifMatch?: number; skipRules?: boolean; moveBetweenPatients?: boolean } = {},
    q?: Queryable,
  ): Promise<WriteOutcome> {
    return this.#update(type, id, body, options, q, 'update', options.ifMatch);
  }

  /** `requested` is the If-Match the caller sent (a patch always insists on the version it patched). */
  async #update(
    type: string,
    id: string,
    body: unknown,
    options: { ifMatch?: number; skipRules?: boolean; moveBetweenPatients?: boolean },
    q: Queryable | undefined,
    auditAs: 'update' | 'patch',
    requested: number | undefined,
  ): Promise<WriteOutcome> {
    this.#gate(auditAs, type);
    assertId(id);
    const resource = this.#checkBody(type, body);
    if (resource.id === undefined) throw fail('AKS_ERR_RESOURCE_ID_MISSING');
    if (resource.id !== id)
      throw fail('AKS_ERR_RESOURCE_ID_MISMATCH', { actual: String(resource.id), expected: id });
    const { warnings } = validateResource(resource);
    return this.#write(q, async (tx) => {
      let ifMatch = options.ifMatch;
      let rules: RuleRun | undefined;
      let next: ResourceInput = { ...resource, id };
      if (!options.skipRules && this.#rulesFor(type).length > 0) {
        // Rules reason about the version being replaced; the write then insists on that version, so a
        // concurrent change ends in a conflict rather than slipping past the rule.
        const current = await readCurrent(tx, type, id, this.#access.scope);
        const existing = current && current.visible !== false && !current.deleted ? current : undefined;
        // (A body carrying meta.versionId is checked against the current version by the store already.)
        const bodyVersion = (resource['meta'] as { versionId?: unknown } | undefined)?.versionId;
        if (existing && ifMatch === undefined && bodyVersion === undefined) ifMatch = existing.versionId;
        // Outside the caller's access: no rule runs, and the write below answers 404 without a hint.
        if (current?.visible !== false) {
          rules = this.#ruleContext(tx, existing, existing ? auditAs : 'create', requested);
          next = await this.#prepare(next, rules);
        }
      }
      const result = await updateResource(
        tx,
        { ...next, id },
        {
          ...(await this.#writeOptions(tx, next, auditAs)),
          ...(ifMatch !== undefined ? { ifMatch } : {}),
          ...(options.moveBetweenPatients ? { movePatient: true } : {}),
        },
      );
      await this.#afterWrite(tx, result.version, result.created, result.created ? 'create' : auditAs);
      if (rules) await this.#afterRules(result.version, rules);
      return this.#presented(
        outcomeOf(result.version, result.created ? 201 : 200, [...warnings, ...(rules?.warnings ?? [])]),
      );
    });
  }

  /** PUT Type?criteria: update the one match, create if none, refuse if several. */
  async conditionalUpdate(
    type: string,
    criteria: string,
    body: unknown,
    q?: Queryable,
  ): Promise<WriteOutcome> {
    this.#gate('update', type);
    const resource = this.#checkBody(type, body);
    return this.#write(q, async (tx) => {
      const match = await this.findByCondition(type, criteria, tx);
      if (match) {
        if (resource.id !== undefined && resource.id !== match.id) {
          throw fail('AKS_ERR_RESOURCE_ID_MISMATCH', { actual: String(resource.id), expected: match.id });
        }
        return this.update(type, match.id, { ...resource, id: match.id }, {}, tx);
      }
      if (resource.id !== undefined) return this.update(type, String(resource.id), resource, {}, tx);
      return this.create(type, resource, {}, tx);
    });
  }

  /**
   * The one resource matching a condition (If-None-Exist, conditional update, conditional reference), holding a
   * transaction-scoped lock on the condition so that concurrent conditional writes cannot both create.
   * Matching sees what the caller may see, so a condition answers the same whether or not hidden rows match it
   * (no "exists outside your access", no 412 counting hidden matches). The one exception is the duplicate
   * safeguard for people: a Patient condition on an exact national identifier also looks outside the caller's
   * access, because registering a second record of a person whose record another unit keeps must not happen.
   * That refusal says only what a lookup by the same number would (someone with that number is registered).
   */
  async findByCondition(type: string, criteria: string, tx: Queryable): Promise<ResourceRow | undefined> {
    const request = this.#conditionRequest(type, criteria);
    await lockCondition(tx, `${type}?${criteria}`);
    const matches = await findMatchingIds(tx, request, this.#access.scope, 2);
    if (matches.length > 1) throw fail('AKS_ERR_CONDITIONAL_MULTIPLE', { criteria, count: 'more than one' });
    if (matches.length === 0 && isNationalIdLookup(request) && this.#access.scope.kind !== 'all') {
      const [person] = await findMatchingIds(tx, request, ALL, 1);
      if (person) {
        const refusal = fail('AKS_ERR_ACCESS_DENIED', {
          detail:
            'A person with this national identifier is already registered, outside your access; the record was not duplicated. Look the person up by national identifier, then declare a care relation or use emergency access.',
        });
        this.#access.audit.refused(refusal, {
          interaction: 'create',
          outcome: '4',
          outcomeDescription: "national identifier already registered outside the caller's access",
          // A citizen's attempt is not shown in someone else's access log (see #deny).
          ...(this.#access.actor.kind === 'citizen' ? {} : { patientId: person.id }),
          entities: [],
          flags: ['denied'],
        });
        throw refusal;
      }
    }
    return matches[0];
  }

  async patch(
    type: string,
    id: string,
    operations: unknown,
    options: { ifMatch?: number } = {},
    q?: Queryable,
  ): Promise<WriteOutcome> {
    this.#gate('patch', type);
    assertId(id);
    return this.#write(q, async (tx) => {
      // Read without auditing: the patch itself is the access, recorded once as a patch.
      const current = await readCurrent(tx, type, id, this.#access.scope);
      if (!current || current.visible === false) {
        if (current)
          await this.#deny(tx, {
            interaction: 'patch',
            outcomeDescription: "outside the caller's access",
            patientId: current.patientId,
            entities: [`${type}/${id}`],
          });
        throw fail('AKS_ERR_RESOURCE_NOT_FOUND', { type, id });
      }
      if (current.deleted) throw fail('AKS_ERR_RESOURCE_DELETED', { type, id });
      if (options.ifMatch !== undefined && current.versionId !== options.ifMatch) {
        throw fail('AKS_ERR_RESOURCE_VERSION_CONFLICT', {
          type,
          id,
          current: current.versionId,
          expected: options.ifMatch,
        });
      }
      // The patch applies to what the caller may see (a protected address is a stand-in), so a "test"
      // operation cannot probe what is hidden; the update's rules put hidden parts back.
      const patched = applyJsonPatch(
        parseFhirJson(this.#access.present(current).content ?? '{}') as Record<string, unknown>,
        operations,
      );
      // The patch is based on the version just read: if someone writes in between, the update conflicts.
      return this.#update(type, id, patched, { ifMatch: current.versionId }, tx, 'patch', options.ifMatch);
    });
  }

  async delete(
    type: string,
    id: string,
    options: { ifMatch?: number } = {},
    q?: Queryable,
  ): Promise<{ versionId: number | undefined }> {
    this.#gate('delete', type);
    assertId(id);
    return this.#write(q, async (tx) => {
      const rules = this.#rulesFor(type).filter((r) => r.beforeDelete);
      if (rules.length > 0) {
        const current = await readCurrent(tx, type, id, this.#access.scope);
        if (current && current.visible !== false && !current.deleted) {
          const context = this.#ruleContext(tx, current, 'delete', options.ifMatch);
          for (const rule of rules) await rule.beforeDelete?.(current, context);
        }
      }
      const result = await deleteResource(tx, type, id, {
        ...options,
        scope: this.#access.scope,
        authorize: (existing) => this.#access.authorizeWrite(tx, existing, undefined),
        onHidden: (existing) => this.#refuseHidden(tx, existing, 'delete'),
      });
      if (result.versionId !== undefined) {
        await this.#access.afterWrite(tx, {
          type,
          id,
          resource: undefined,
          patientId: result.deleted.patientId,
          lastUpdated: new Date().toISOString(),
          created: false,
        });
        await this.#access.audit.write(tx, [
          await this.#accessEvent('delete', result.deleted.patientId, [`${type}/${id}`], undefined, tx),
        ]);
      }
      return { versionId: result.versionId };
    });
  }

  /** The largest `_count` a client may ask for (AKSON_SEARCH_MAX_COUNT): page size for searches made for a client. */
  get maxCount(): number {
    return this.#deps.config.search.maxCount;
  }

  parseSearch(
    type: string,
    params: readonly (readonly [string, string])[],
    options: SearchOptions,
  ): SearchRequest {
    return this.#parseSearch(type, params, options, this.#deps.config.search.maxCount);
  }

  /**
   * A search the server makes for its own reasoning (write rules: the vital signs behind a NEWS2, the list a
   * medicine is checked against, whether a line id is taken), never answered to a client as such. Parsed like
   * any search, but its `_count` is the code's own, not limited by the client-facing AKSON_SEARCH_MAX_COUNT: a
   * server configured for small client pages must not make rules fail, or see less than they asked for.
   */
  parseInternalSearch(
    type: string,
    params: readonly (readonly [string, string])[],
    options: SearchOptions = { lenient: false },
  ): SearchRequest {
    return this.#parseSearch(type, params, options, INTERNAL_MAX_COUNT);
  }

  #parseSearch(
    type: string,
    params: readonly (readonly [string, string])[],
    options: SearchOptions,
    maxCount: number,
  ): SearchRequest {
    if (!isResourceType(type)) throw fail('AKS_ERR_RESOURCE_TYPE_UNKNOWN', { type });
    const { config } = this.#deps;
    const request = parseSearch(type, params, {
      lenient: options.lenient,
      timeZone: config.timeZone,
      baseUrl: `${config.publicUrl}/fhir`,
      defaultCount: config.search.defaultCount,
      maxCount,
    });
    assertSearchable(request);
    if (options.compartmentPatient === undefined) return request;
    // The compartment comes from the URL, not the query, so it is added after parsing.
    return {
      ...request,
      filters: [...request.filters, compartmentFilterFor(type, options.compartmentPatient)],
    };
  }

  async search(
    type: string,
    params: readonly (readonly [string, string])[],
    options: SearchOptions,
    q?: Queryable,
  ): Promise<SearchResult> {
    this.#gate('search', type);
    let request = options.serverComposed
      ? this.#parseSearch(type, params, options, INTERNAL_MAX_COUNT)
      : this.parseSearch(type, params, options);
    // Every type a search can reach must be one the caller may read: a named include target, revincluded
    // sources, chained targets and _has sources are refused otherwise; an include without a target type is
    // narrowed to the target types the caller may read (Observation.focus can point at anything).
    const include = request.include.map((inc) => {
      this.#gate('read', inc.sourceType);
      if (inc.targetType) {
        this.#gate('read', inc.targetType);
        return inc;
      }
      const allowedTypes = inc.param.targets.filter((t) => this.#may('read', t));
      if (allowedTypes.length === 0) this.#gate('read', inc.param.targets[0] ?? inc.sourceType);
      return { ...inc, allowedTypes };
    });
    for (const inc of request.revinclude) this.#gate('read', inc.sourceType);
    for (const f of request.filters) {
      if (f.kind === 'chain') for (const inner of f.inner) this.#gate('search', inner.type);
      if (f.kind === 'has') this.#gate('search', f.sourceType);
    }
    request = { ...request, include };
    // Patient-focused searches say how much is withheld for that patient in this type: counted against the
    // patient (or compartment) alone, so the count cannot answer "is there a hidden one with this code?".
    const focus = request.filters.filter(isPatientFocus);
    const wider = focus.length > 0 ? this.#access.unwithheldScope : undefined;
    const scope = options.merged
      ? reachingMergedRecords(this.#access.scope, type, options.merged.into, options.merged.records)
      : this.#access.scope;
    let page = await runSearch(q ?? this.#deps.db, request, scope, {
      ...(wider ? { withheld: { from: wider, filters: focus } } : {}),
    });
    let lookup = false;
    if (page.matches.length === 0 && this.#access.mayLookUpPatients && isNationalIdLookup(request)) {
      // Finding a patient outside one's relations: only by exact national id, demographics only, always logged.
      const found = await runSearch(q ?? this.#deps.db, { ...request, include: [], revinclude: [] }, ALL);
      page = { ...found, matches: found.matches.map(demographicsOnly), included: [], withheld: undefined };
      lookup = found.matches.length > 0;
    }
    const rows = [...page.matches, ...page.included];
    if (this.#oneAccess && !lookup) this.#oneAccess.push(...rows);
    else await this.#auditRead(q, await this.#searchEvents(type, params, rows, lookup, q));
    return {
      request,
      page: {
        ...page,
        matches: page.matches.map((r) => this.#access.present(r)),
        included: page.included.map((r) => this.#access.present(r)),
      },
    };
  }

  /**
   * Reads that together answer one request about one patient (Patient/{id}/$summary, $everything, $timeline).
   * The patient must be one the caller may read (otherwise 404, recorded as a refused attempt, as a read). The
   * reads `fn` makes through `read` and `search` are scoped and presented exactly as always, but audited once
   * when it has finished, as one access per patient touched (one AuditEvent each, as HL7 Norway's profile
   * has it) with `operation` as the query, rather than one event per search.
   */
  async readPatientRecord<T>(
    patientId: string,
    operation: string,
    fn: (patient: ResourceRow) => Promise<T>,
  ): Promise<T> {
    if (this.#oneAccess) throw new Error('readPatientRecord calls do not nest');
    const rows: ResourceRow[] = [];
    this.#oneAccess = rows;
    let result: T;
    try {
      result = await fn(await this.read('Patient', patientId));
    } finally {
      this.#oneAccess = undefined;
    }
    const events = [...groupByPatient(rows)].map(async ([patient, refs]) =>
      this.#accessEvent('operation', patient, [...new Set(refs)].slice(0, 50), operation, undefined),
    );
    await this.#auditRead(undefined, await Promise.all(events));
    return result;
  }

  async history(
    type: string | undefined,
    id: string | undefined,
    params: readonly (readonly [string, string])[],
  ): Promise<HistoryPage> {
    if (type !== undefined) this.#gate('history', type);
    else if (this.#access.actor.kind !== 'system' && this.#access.actor.kind !== 'platform') {
      throw fail('AKS_ERR_ACCESS_DENIED', {
        detail: 'System-wide history is for integrations; ask for the history of a resource type instead.',
      });
    } else {
      // Every type passes through system history, so only a client allowed to search all types may ask for it.
      this.#access.assertInteraction('history', '*');
    }
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
      // Instants outside 0001-9999 are not FHIR instants (and not something the database can hold).
      if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(value) || ms < FIRST_INSTANT || ms > LAST_INSTANT) {
        throw fail('AKS_ERR_SEARCH_VALUE', {
          value,
          param: name,
          detail: 'use an instant such as 2024-05-17T10:00:00Z',
        });
      }
      return new Date(ms).toISOString();
    };
    if (id !== undefined) {
      const current = await readCurrent(this.#deps.db, type as string, id, this.#access.scope);
      if (current?.visible === false) {
        await this.#deny(undefined, {
          interaction: 'history',
          outcomeDescription: "outside the caller's access",
          patientId: current.patientId,
          entities: [`${type}/${id}`],
        });
      }
      if (!current || current.visible === false) throw fail('AKS_ERR_RESOURCE_NOT_FOUND', { type, id });
    }
    const page = await readHistory(
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
    const byPatient = groupByPatient(page.entries);
    await this.#auditRead(
      undefined,
      await Promise.all(
        [...byPatient].map(async ([patientId, refs]) =>
          this.#accessEvent('history', patientId, refs, undefined, undefined),
        ),
      ),
    );
    return { ...page, entries: page.entries.map((r) => this.#access.present(r)) };
  }

  /** What the writer is shown of what was stored (a restored protected address stays hidden, say). */
  #presented(outcome: WriteOutcome & { patientId?: string }): WriteOutcome {
    const { patientId, ...rest } = outcome;
    const row = this.#access.present({
      type: rest.type,
      id: rest.id,
      versionId: rest.versionId,
      lastUpdated: rest.lastUpdated,
      deleted: false,
      patientId: patientId ?? '',
      accessTags: [],
      content: rest.content,
    });
    return row.content === rest.content ? rest : { ...rest, content: row.content ?? rest.content };
  }

  #rulesFor(type: string) {
    return this.#deps.rules?.for(type) ?? [];
  }

  #ruleContext(
    tx: Queryable,
    existing: ResourceRow | undefined,
    interaction: WriteRuleContext['interaction'],
    ifMatch: number | undefined,
  ): RuleRun {
    const warnings: OperationOutcomeIssue[] = [];
    return {
      tx,
      service: this,
      existing,
      interaction,
      ifMatch,
      config: this.#deps.config,
      warnings,
      warn: (issues) => void warnings.push(...issues),
    };
  }

  async #prepare(resource: ResourceInput, context: WriteRuleContext): Promise<ResourceInput> {
    let next = resource;
    for (const rule of this.#rulesFor(resource.resourceType)) {
      if (rule.prepare) next = await rule.prepare(next, context);
    }
    return next;
  }

  async #afterRules(written: PreparedVersion, context: WriteRuleContext): Promise<void> {
    for (const rule of this.#rulesFor(written.type)) await rule.afterWrite?.(written, context);
  }

  #may(interaction: Interaction, type: string): boolean {
    try {
      this.#access.assertInteraction(interaction, type);
      return true;
    } catch {
      return false;
    }
  }

  /** The type-level gate (decide.ts); a refusal is recorded as a denied attempt (flushed before the response). */
  #gate(interaction: Interaction, type: string): void {
    if (!isResourceType(type)) throw fail('AKS_ERR_RESOURCE_TYPE_UNKNOWN', { type });
    try {
      this.#access.assertInteraction(interaction, type);
    } catch (err) {
      this.#access.audit.refused(err, {
        interaction,
        outcome: '4',
        outcomeDescription: `${interaction} ${type}: ${(err as Error).message}`,
        entities: [],
        flags: ['denied'],
      });
      throw err;
    }
  }

  /**
   * Runs a write in the caller's transaction or a new one. A refusal is recorded after the transaction ends, so
   * the attempt is logged even though the transaction is rolled back; inside a caller's transaction the caller
   * flushes (bundles do, once their transaction is over).
   */
  async #write<T>(q: Queryable | undefined, fn: (tx: Queryable) => Promise<T>): Promise<T> {
    try {
      return q ? await fn(q) : await this.#deps.db.transaction(fn);
    } catch (err) {
      // Refusals not recorded where they happened (a write rule's, say) are recorded here, once.
      if (err instanceof AksonError && err.category === 'forbidden') {
        this.#access.audit.refused(err, {
          interaction: 'operation',
          outcome: '4',
          outcomeDescription: err.message,
          entities: [],
          flags: ['denied'],
        });
      }
      throw err;
    } finally {
      if (!q) await this.#access.audit.flushDeferred();
    }
  }

  /** Records a refused access: now, or after the transaction `q` when there is one. */
  async #deny(q: Queryable | undefined, event: Omit<AuditEventInput, 'outcome' | 'flags'>): Promise<void> {
    // A citizen's failed attempt on someone else's record is not shown to that someone: no patient on the event.
    const patientId = this.#access.actor.kind === 'citizen' ? undefined : event.patientId;
    this.#access.audit.defer({
      ...event,
      ...(patientId ? { patientId } : { patientId: undefined }),
      outcome: '4',
      flags: ['denied'],
    });
    if (!q) await this.#access.audit.flushDeferred();
  }

  /** A write aimed at a row the caller may not see: audited as a refused attempt; the store then answers 404. */
  #refuseHidden(tx: Queryable, row: ResourceRow, interaction: 'update' | 'patch' | 'delete'): Promise<void> {
    return this.#deny(tx, {
      interaction,
      outcomeDescription: "outside the caller's access",
      patientId: row.patientId,
      entities: [`${row.type}/${row.id}`],
    });
  }

  async #writeOptions(tx: Queryable, resource: ResourceInput, interaction: 'create' | 'update' | 'patch') {
    const patientId = await this.#securityContextPatient(tx, resource);
    return {
      index: this.#deps.index,
      scope: this.#access.scope,
      authorize: (existing: ResourceRow | undefined, next: PreparedVersion | undefined) =>
        this.#access.authorizeWrite(tx, existing, next),
      onHidden: (existing: ResourceRow) =>
        this.#refuseHidden(tx, existing, interaction === 'create' ? 'update' : interaction),
      accessTags: await this.#access.tagger(tx, resource),
      ...(patientId ? { patientId } : {}),
    };
  }

  /** A Binary belongs to the patient of the resource it is the content of (Binary.securityContext). */
  async #securityContextPatient(tx: Queryable, resource: ResourceInput): Promise<string | undefined> {
    if (resource.resourceType !== 'Binary') return undefined;
    const ref = (resource['securityContext'] as { reference?: string } | undefined)?.reference;
    const [type, id] = ref?.split('/') ?? [];
    if (!type || !id || !isResourceType(type) || !isValidId(id)) return undefined;
    return (await readCurrent(tx, type, id))?.patientId || undefined;
  }

  async #afterWrite(
    tx: Queryable,
    v: PreparedVersion,
    created: boolean,
    interaction: 'create' | 'update' | 'patch',
  ): Promise<void> {
    await this.#access.afterWrite(tx, {
      type: v.type,
      id: v.id,
      resource: v.resource,
      patientId: v.indexed.patientId,
      lastUpdated: v.lastUpdated,
      created,
    });
    await this.#access.audit.write(tx, [
      await this.#accessEvent(interaction, v.indexed.patientId, [`${v.type}/${v.id}`], undefined, tx),
    ]);
  }

  async #accessEvent(
    interaction: AuditEventInput['interaction'],
    patientId: string,
    entities: readonly string[],
    query: string | undefined,
    q: Queryable | undefined,
  ): Promise<AuditEventInput> {
    const audit = this.#access.audit;
    return {
      interaction,
      outcome: '0',
      ...(patientId ? { patientId } : {}),
      entities,
      ...(query !== undefined ? { query } : {}),
      basis: await audit.basis(patientId, q),
      flags: await audit.flags(patientId, q),
    };
  }

  /** One event per patient a search touched (HL7 Norway: one patient per AuditEvent), or one without a patient. */
  async #searchEvents(
    type: string,
    params: readonly (readonly [string, string])[],
    rows: readonly ResourceRow[],
    lookup: boolean,
    q: Queryable | undefined,
  ): Promise<AuditEventInput[]> {
    const query = `${type}?${new URLSearchParams(params.map(([k, v]) => [k, v])).toString()}`;
    const byPatient = groupByPatient(rows);
    if (byPatient.size === 0) return [{ interaction: 'search', outcome: '0', entities: [], query }];
    return Promise.all(
      [...byPatient].map(async ([patientId, refs]) => {
        const event = await this.#accessEvent(
          lookup ? 'lookup' : 'search',
          patientId,
          refs.slice(0, 50),
          query,
          q,
        );
        return lookup
          ? {
              ...event,
              basis: { kind: 'lookup' as const, description: 'Oppslag på fødselsnummer' },
              flags: [...(event.flags ?? []), 'lookup' as const],
            }
          : event;
      }),
    );
  }

  async #auditRead(q: Queryable | undefined, events: readonly AuditEventInput[]): Promise<void> {
    if (events.length === 0) return;
    if (q) await this.#access.audit.write(q, events);
    else await this.#access.audit.read(events);
  }

  #checkBody(type: string, body: unknown): ResourceInput {
    if (body === undefined || body === null) throw fail('AKS_ERR_REQUEST_BODY_MISSING');
    if (typeof body !== 'object' || Array.isArray(body)) {
      throw fail(
        'AKS_ERR_VALIDATION',
        {},
        {
          issues: [
            {
              severity: 'error',
              code: 'structure',
              details: { text: 'The body must be a FHIR resource (a JSON object).' },
            },
          ],
        },
      );
    }
    const actual = (body as { resourceType?: unknown }).resourceType;
    if (actual !== type)
      throw fail('AKS_ERR_RESOURCE_TYPE_MISMATCH', { actual: String(actual), expected: type });
    const id = (body as { id?: unknown }).id;
    if (id !== undefined && (typeof id !== 'string' || !isValidId(id)))
      throw fail('AKS_ERR_RESOURCE_ID_INVALID', { id: String(id) });
    normalizeBase64(body as Record<string, unknown>);
    return body as ResourceInput;
  }

  #conditionRequest(type: string, criteria: string): SearchRequest {
    const params = [...new URLSearchParams(criteria)];
    if (params.length === 0)
      throw fail('AKS_ERR_CONDITIONAL_CRITERIA', { detail: 'no search parameters given' });
    try {
      return this.parseSearch(type, params, { lenient: false });
    } catch (err) {
      throw fail('AKS_ERR_CONDITIONAL_CRITERIA', { detail: (err as Error).message }, { cause: err });
    }
  }
}

/** The page size internal searches may ask for: a guard against a bug, far above what any rule needs. */
const INTERNAL_MAX_COUNT = 10_000;

/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: the range of FHIR instants. */
const FIRST_INSTANT = -62_135_596_800_000;
const LAST_INSTANT = 253_402_300_799_999;

function assertId(id: string): void {
  if (!isValidId(id)) throw fail('AKS_ERR_RESOURCE_ID_INVALID', { id });
}

/** Parameters the store cannot search (the audit log keeps few) are refused like unknown ones. */
function assertSearchable(request: SearchRequest): void {
  const check = (type: string, code: string): void => {
    if (!isSearchable(type, code)) {
      throw fail('AKS_ERR_SEARCH_PARAM_UNSUPPORTED', {
        param: code,
        detail: `${type} is not searchable by ${code} here`,
      });
    }
  };
  for (const f of request.filters) {
    if (f.kind === 'param') check(request.type, f.param.code);
    else if (f.kind === 'chain') {
      check(request.type, f.param.code);
      for (const i of f.inner) check(i.type, i.filter.param.code);
    } else if (f.kind === 'has') {
      check(f.sourceType, f.referenceParam.code);
      check(f.sourceType, f.inner.param.code);
    }
  }
  for (const s of request.sort) check(request.type, s.param.code);
}

/** The filters that name the patient a search is about: Patient/{id}/Type, or patient= / subject= references. */
function isPatientFocus(f: SearchRequest['filters'][number]): boolean {
  if (f.kind === 'compartment') return true;
  return (
    f.kind === 'param' &&
    (f.param.code === 'patient' || f.param.code === 'subject') &&
    (f.modifier === undefined || f.modifier.kind === 'type' || f.modifier.kind === 'identifier') &&
    f.values.length > 0 &&
    f.values.every((v) => v.kind === 'reference' || v.kind === 'reference-identifier')
  );
}

function groupByPatient(rows: readonly ResourceRow[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of rows) {
    if (!r.patientId && r.type !== 'Patient') continue;
    const patientId = r.patientId || r.id;
    let list = out.get(patientId);
    if (!list) out.set(patientId, (list = []));
    list.push(`${r.type}/${r.id}`);
  }
  return out;
}

function outcomeOf(
  v: PreparedVersion,
  status: 200 | 201,
  warnings: readonly OperationOutcomeIssue[],
): WriteOutcome & { patientId: string } {
  return {
    patientId: v.indexed.patientId,
    status,
    type: v.type,
    id: v.id,
    versionId: v.versionId,
    lastUpdated: v.lastUpdated,
    content: v.content,
    warnings,
  };
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
