import { parseLocalReference } from '@akson/fhir';
import type { Queryable } from '../db/db.ts';
import { toResourceRow, type DbRow, type ResourceRow } from '../resources/resource-row.ts';
import { paramStorageByCode } from '../schema/columns.ts';
import { and, col, ident, join, prepared, raw, sql, type Sql } from '../sql/sql.ts';
import { filterSql, notIndexable, searchAnchor, type FilterContext } from './filter-sql.ts';
import { scopeFilter, type ReadScope } from './read-scope.ts';
import type { Filter, IncludeSpec, SearchRequest } from './search-types.ts';
import { cursorPredicate, decodeCursor, encodeCursor, orderBy, sortKeys, type SortKey } from './sort-keys.ts';

export interface SearchPage {
  readonly matches: readonly ResourceRow[];
  readonly included: readonly ResourceRow[];
  readonly total: number | undefined;
  /** Cursor for the next page, if there may be one. */
  readonly next: string | undefined;
  readonly previous: string | undefined;
  /** True when includes were cut at the limit. */
  readonly includesTruncated: boolean;
  /** Matches withheld from the reader (private, confidential, blocked), when asked for: a count, never which. */
  readonly withheld?: number;
}

export interface SearchOptions {
  /**
   * Count what the reader's scope withholds, relative to a wider scope (see read-scope.ts `unwithheld`), among
   * the rows matching `filters` only: the patient or compartment the search is about, never its content filters.
   * Counting with every filter of the query would tell whether a hidden row with, say, a given code exists.
   */
  readonly withheld?: { readonly from: ReadScope; readonly filters: readonly Filter[] };
}

const MAX_INCLUDED = 1000;
const MAX_ITERATIONS = 4;
const ROW_COLUMNS = (alias: string): Sql =>
  join(
    ['id', 'version_id', 'last_updated', 'deleted', 'patient_id', 'access_tags', 'content'].map((c) =>
      col(alias, c),
    ),
    ', ',
  );

/** The WHERE clause of a search (without paging): used for the page, the total and conditional interactions. */
export function searchWhere(request: SearchRequest, scope: ReadScope, alias = 'a'): Sql {
  return whereSql(request.filters, request.type, scope, alias, searchAnchor(request.filters));
}

/**
 * The filters and the reader's scope. In an anchored search (see searchAnchor) only the anchor can use an index:
 * every other filter, and the scope too, is checked row by row on what the anchor finds. As a join the scope
 * could drive a generic plan from the reader's care relations instead (every patient of the GP's list, then
 * their resources), which at 100,000 citizens made a search by national id 7.5 times slower than at 1,000.
 */
function whereSql(
  filters: readonly Filter[],
  type: string,
  scope: ReadScope,
  alias: string,
  anchor: Filter | undefined,
  extra: readonly Sql[] = [],
): Sql {
  const ctx: FilterContext = { scope, aliasCounter: { n: 0 } };
  const guarded = (condition: Sql, filter?: Filter): Sql =>
    anchor && filter !== anchor ? notIndexable(condition) : condition;
  return and([
    sql`${col(alias, 'deleted')} = false`,
    ...filters.map((f) => guarded(filterSql(f, alias, type, ctx), f)),
    guarded(scopeFilter(scope, alias, type)),
    ...extra,
  ]);
}

export async function runSearch(
  q: Queryable,
  request: SearchRequest,
  scope: ReadScope,
  options: SearchOptions = {},
): Promise<SearchPage> {
  const keys = sortKeys(request.type, 'a', request.sort);
  const position = request.cursor ? decodeCursor(request.cursor, keys) : undefined;
  const anchor = searchAnchor(request.filters);
  const anchored = anchor !== undefined;
  const where = whereSql(request.filters, request.type, scope, 'a', anchor);
  const total = request.total === 'none' ? undefined : await countMatches(q, request.type, where, anchored);
  if (request.count === 0) {
    return {
      matches: [],
      included: [],
      total,
      next: undefined,
      previous: undefined,
      includesTruncated: false,
    };
  }

  const backwards = position?.direction === 'p';
  const keyColumns = keys.map((k, i) => sql`(${k.expr})::text AS ${ident(`k${i}`)}`);
  // An anchored search is prepared and runs on a generic plan (planning cost more than running it); it is
  // written so that its anchor is the only way in: no other index, no walk in sort order (see searchAnchor).
  // Any other search is planned for its values, since a generic plan cannot see which rows are asked for.
  const statement = anchored ? prepared : (s: Sql) => s;
  const after = position ? cursorPredicate(keys, 'a', position) : undefined;
  const rows = await q.query<DbRow & Record<string, string | null>>(
    statement(sql`
    SELECT ${ROW_COLUMNS('a')}${keyColumns.length > 0 ? sql`, ${join(keyColumns, ', ')}` : raw('')}
    FROM ${ident(request.type)} a
    WHERE ${where}${after ? sql` AND ${anchored ? notIndexable(after) : after}` : raw('')}
    ${orderBy(keys, 'a', backwards, { walkable: !anchored })}
    LIMIT ${request.count + 1}`),
  );
  const more = rows.length > request.count;
  const page = rows.slice(0, request.count);
  if (backwards) page.reverse();

  const positionOf = (row: Record<string, unknown>, direction: 'n' | 'p'): string =>
    encodeCursor({
      direction,
      id: row['id'] as string,
      keys: keys.map((_k, i) => (row[`k${i}`] as string | null) ?? null),
    });
  const first = page[0];
  const last = page[page.length - 1];
  const next = last && (backwards || more) ? positionOf(last, 'n') : undefined;
  const previous = first && (backwards ? more : position !== undefined) ? positionOf(first, 'p') : undefined;

  const matches = page.map((r) => toResourceRow(request.type, r));
  const { included, truncated } = await loadIncludes(q, request, matches, scope);
  const withheld = options.withheld
    ? await countWithheld(q, request.type, options.withheld.filters, scope, options.withheld.from)
    : undefined;
  return {
    matches,
    included,
    total,
    next,
    previous,
    includesTruncated: truncated,
    ...(withheld !== undefined ? { withheld } : {}),
  };
}

/** `anchored`: the WHERE is an anchored search's (see searchAnchor), so its count is prepared like its page. */
export async function countMatches(
  q: Queryable,
  type: string,
  where: Sql,
  anchored = false,
): Promise<number> {
  const statement = sql`SELECT count(*) AS n FROM ${ident(type)} a WHERE ${where}`;
  const [row] = await q.query<{ n: string | number }>(anchored ? prepared(statement) : statement);
  return Number(row?.n ?? 0);
}

/** Rows matching `filters` that `widerScope` shows and `scope` does not: a count, never which. */
async function countWithheld(
  q: Queryable,
  type: string,
  filters: readonly Filter[],
  scope: ReadScope,
  widerScope: ReadScope,
): Promise<number> {
  const anchor = searchAnchor(filters);
  // The scope is a boolean expression that is never NULL, but IS NOT TRUE keeps that from mattering.
  const hidden = sql`(${scopeFilter(scope, 'a', type)}) IS NOT TRUE`;
  return countMatches(
    q,
    type,
    whereSql(filters, type, widerScope, 'a', anchor, [hidden]),
    anchor !== undefined,
  );
}

/** Finds the ids matching a search, up to `limit` (for conditional create/update/delete). */
export async function findMatchingIds(
  q: Queryable,
  request: SearchRequest,
  scope: ReadScope,
  limit: number,
): Promise<ResourceRow[]> {
  const rows = await q.query<DbRow>(sql`
    SELECT ${ROW_COLUMNS('a')} FROM ${ident(request.type)} a WHERE ${searchWhere(request, scope)} LIMIT ${limit}`);
  return rows.map((r) => toResourceRow(request.type, r));
}

async function loadIncludes(
  q: Queryable,
  request: SearchRequest,
  matches: readonly ResourceRow[],
  scope: ReadScope,
): Promise<{ included: ResourceRow[]; truncated: boolean }> {
  if (matches.length === 0 || (request.include.length === 0 && request.revinclude.length === 0)) {
    return { included: [], truncated: false };
  }
  const seen = new Set(matches.map((r) => `${r.type}/${r.id}`));
  const included: ResourceRow[] = [];
  let frontier: readonly ResourceRow[] = matches;
  let truncated = false;
  for (let iteration = 0; iteration < MAX_ITERATIONS && frontier.length > 0 && !truncated; iteration++) {
    const found: ResourceRow[] = [];
    const specsInclude = request.include.filter((s) => iteration === 0 || s.iterate);
    const specsRev = request.revinclude.filter((s) => iteration === 0 || s.iterate);
    if (specsInclude.length === 0 && specsRev.length === 0) break;
    for (const spec of specsInclude) found.push(...(await forwardInclude(q, spec, frontier, scope)));
    for (const spec of specsRev) found.push(...(await reverseInclude(q, spec, frontier, scope)));
    const fresh: ResourceRow[] = [];
    for (const row of found) {
      const key = `${row.type}/${row.id}`;
      if (seen.has(key)) continue;
      if (included.length >= MAX_INCLUDED) {
        truncated = true;
        break;
      }
      seen.add(key);
      included.push(row);
      fresh.push(row);
    }
    frontier = fresh;
  }
  return { included, truncated };
}

async function forwardInclude(
  q: Queryable,
  spec: IncludeSpec,
  frontier: readonly ResourceRow[],
  scope: ReadScope,
): Promise<ResourceRow[]> {
  const sourceIds = frontier.filter((r) => r.type === spec.sourceType).map((r) => r.id);
  const storage = paramStorageByCode(spec.sourceType, spec.param.code);
  if (sourceIds.length === 0 || !storage) return [];
  const refs = await q.query<{ ref: string }>(sql`
    SELECT DISTINCT unnest(${col('s', storage.column)}) AS ref FROM ${ident(spec.sourceType)} s
    WHERE s.id = ANY(${sourceIds}::text[])`);
  const byType = new Map<string, string[]>();
  const canonicals: string[] = [];
  for (const { ref } of refs) {
    const local = parseLocalReference(ref);
    if (!local && /^[a-z][a-z0-9+.-]*:/i.test(ref)) canonicals.push(ref);
    if (!local || (spec.targetType && local.type !== spec.targetType)) continue;
    if (spec.param.targets.length > 0 && !spec.param.targets.includes(local.type)) continue;
    if (spec.allowedTypes && !spec.allowedTypes.includes(local.type)) continue;
    let ids = byType.get(local.type);
    if (!ids) byType.set(local.type, (ids = []));
    ids.push(local.id);
  }
  const out: ResourceRow[] = [];
  for (const [type, ids] of byType) {
    const rows = await q.query<DbRow>(sql`
      SELECT ${ROW_COLUMNS('a')} FROM ${ident(type)} a
      WHERE a.id = ANY(${ids}::text[]) AND a.deleted = false AND ${scopeFilter(scope, 'a', type)}`);
    out.push(...rows.map((r) => toResourceRow(type, r)));
  }
  out.push(...(await canonicalTargets(q, spec, canonicals, scope)));
  return out;
}

/**
 * Canonical references (QuestionnaireResponse.questionnaire, CarePlan.instantiatesCanonical...) name their
 * target by its url, not Type/id: _include finds the targets whose `url` parameter holds that URL (the stored
 * references include the URL without its |version).
 */
async function canonicalTargets(
  q: Queryable,
  spec: IncludeSpec,
  urls: readonly string[],
  scope: ReadScope,
): Promise<ResourceRow[]> {
  if (urls.length === 0) return [];
  const types = (spec.targetType ? [spec.targetType] : spec.param.targets).filter(
    (type) => !spec.allowedTypes || spec.allowedTypes.includes(type),
  );
  const out: ResourceRow[] = [];
  for (const type of types) {
    const storage = paramStorageByCode(type, 'url');
    if (!storage || storage.def.type !== 'uri') continue;
    const rows = await q.query<DbRow>(sql`
      SELECT ${ROW_COLUMNS('a')} FROM ${ident(type)} a
      WHERE ${col('a', storage.column)} && ${urls}::text[] AND a.deleted = false AND ${scopeFilter(scope, 'a', type)}
      LIMIT ${MAX_INCLUDED + 1}`);
    out.push(...rows.map((r) => toResourceRow(type, r)));
  }
  return out;
}

async function reverseInclude(
  q: Queryable,
  spec: IncludeSpec,
  frontier: readonly ResourceRow[],
  scope: ReadScope,
): Promise<ResourceRow[]> {
  const storage = paramStorageByCode(spec.sourceType, spec.param.code);
  const keys = frontier
    .filter((r) => spec.param.targets.length === 0 || spec.param.targets.includes(r.type))
    .filter((r) => !spec.targetType || r.type === spec.targetType)
    .map((r) => `${r.type}/${r.id}`);
  if (!storage || keys.length === 0) return [];
  const rows = await q.query<DbRow>(sql`
    SELECT ${ROW_COLUMNS('a')} FROM ${ident(spec.sourceType)} a
    WHERE ${col('a', storage.column)} && ${keys}::text[] AND a.deleted = false AND ${scopeFilter(scope, 'a', spec.sourceType)}
    LIMIT ${MAX_INCLUDED + 1}`);
  return rows.map((r) => toResourceRow(spec.sourceType, r));
}

export type { SortKey };
