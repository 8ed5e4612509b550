import {
  normalizeStringForSearch,
  type DateValue,
  type Filter,
  type NumberValue,
  type ParamFilter,
  type QuantityValue,
  type SearchPrefix,
  type SearchValue,
} from './search-types.ts';
import { paramStorageByCode } from '../schema/columns.ts';
import { STRING_SEPARATOR } from '../indexing/normalize-string.ts';
import { REFERENCE_TAG } from '../indexing/reference-values.ts';
import { TOKEN_TAG } from '../indexing/token-values.ts';
import { and, col, ident, or, raw, sql, type Sql } from '../sql/sql.ts';
import { escapeLike } from './like-pattern.ts';
import { scopeFilter, type ReadScope } from './read-scope.ts';

/**
 * Turns parsed search filters into SQL over a resource table (alias `a`). Every subquery over another table
 * (chains, _has) applies the reader's scope too, so no filter can reveal what the reader may not see.
 */
export interface FilterContext {
  readonly scope: ReadScope;
  /** Counter for unique aliases of nested subqueries. */
  aliasCounter: { n: number };
}

/**
 * The filter a search is driven by, when it has one that picks out few rows whatever the values: ids, an
 * identifier, or one patient (a compartment, or a reference parameter naming one Patient). An anchored search
 * is written so that only its anchor can use an index, and it is run as a prepared statement with a generic
 * plan (docs/ARCHITECTURE.md "Planning"): planning a scoped search cost 0.3–0.6 ms of PostgreSQL's time,
 * against 0.07 ms to run it, and a generic plan is only safe when it cannot pick a worse path than the anchor.
 * The same form also keeps stale statistics from misleading a planner that plans for the values: what was
 * recorded since the last ANALYZE lies beyond the date histogram and is estimated at one row, so "this
 * patient, the last 20 minutes" (the NEWS2 rule) walked every patient's new observations by date (3.4 ms
 * instead of 0.36 ms at 2,000 new rows).
 */
export function searchAnchor(filters: readonly Filter[]): Filter | undefined {
  return filters.find(isIdAnchor) ?? filters.find(isIdentifierAnchor) ?? filters.find(isPatientAnchor);
}

function isIdAnchor(f: Filter): boolean {
  return (
    f.kind === 'param' &&
    f.param.code === '_id' &&
    f.modifier === undefined &&
    f.values.length > 0 &&
    f.values.every((v) => v.kind === 'token' && v.code !== undefined)
  );
}

function isIdentifierAnchor(f: Filter): boolean {
  return (
    f.kind === 'param' &&
    f.param.code === 'identifier' &&
    f.param.type === 'token' &&
    f.modifier === undefined &&
    f.values.length === 1 &&
    f.values[0]?.kind === 'token' &&
    f.values[0].code !== undefined
  );
}

function isPatientAnchor(f: Filter): boolean {
  if (f.kind === 'compartment') return true;
  const value = f.kind === 'param' && f.values.length === 1 ? f.values[0] : undefined;
  return (
    f.kind === 'param' &&
    f.param.type === 'reference' &&
    f.modifier === undefined &&
    value?.kind === 'reference' &&
    value.keys.length === 1 &&
    value.keys[0]?.startsWith('Patient/') === true
  );
}

/** A condition that keeps its meaning (NULL is no match either way) but that no index can answer. */
export function notIndexable(condition: Sql): Sql {
  return sql`(${condition}) IS TRUE`;
}

export function filterSql(filter: Filter, alias: string, type: string, ctx: FilterContext): Sql {
  switch (filter.kind) {
    case 'param':
      return paramSql(filter, alias, type);
    case 'chain': {
      const parts = filter.inner.map(({ type: target, filter: inner }) => {
        const c = nextAlias(ctx);
        return sql`${refColumn(alias, type, filter.param.code)} && ARRAY(
          SELECT ${target + '/'} || ${col(c, 'id')} FROM ${ident(target)} ${raw(`"${c}"`)}
          WHERE ${col(c, 'deleted')} = false AND ${paramSql(inner, c, target)} AND ${scopeFilter(ctx.scope, c, target)})`;
      });
      return or(parts);
    }
    case 'has': {
      const s = nextAlias(ctx);
      const prefix = `${type}/`;
      return sql`${col(alias, 'id')} IN (
        SELECT substr(ref, ${prefix.length + 1}) FROM ${ident(filter.sourceType)} ${raw(`"${s}"`)},
          unnest(${refColumn(s, filter.sourceType, filter.referenceParam.code)}) AS ref
        WHERE ${col(s, 'deleted')} = false AND ref LIKE ${escapeLike(prefix) + '%'}
          AND ${paramSql(filter.inner, s, filter.sourceType)} AND ${scopeFilter(ctx.scope, s, filter.sourceType)})`;
    }
    case 'compartment': {
      const key = `Patient/${filter.patientId}`;
      const parts = filter.params.map((p) => sql`${refColumn(alias, type, p.code)} && ${[key]}::text[]`);
      if (type === 'Patient') parts.push(sql`${col(alias, 'id')} = ${filter.patientId}`);
      return or(parts);
    }
  }
}

function nextAlias(ctx: FilterContext): string {
  ctx.aliasCounter.n += 1;
  return `s${ctx.aliasCounter.n}`;
}

function refColumn(alias: string, type: string, code: string): Sql {
  const storage = paramStorageByCode(type, code);
  if (!storage) throw new Error(`No column for ${type}.${code}`);
  return col(alias, storage.column);
}

function paramSql(filter: ParamFilter, alias: string, type: string): Sql {
  const { param, modifier } = filter;
  if (param.code === '_id') return idSql(filter, alias);
  if (param.code === '_lastUpdated') {
    return or(
      filter.values.map((v) =>
        v.kind === 'date' ? pointDateSql(col(alias, 'last_updated'), v) : raw('FALSE'),
      ),
    );
  }
  const storage = paramStorageByCode(type, param.code);
  if (!storage) throw new Error(`No column for ${type}.${param.code}`);
  const column = col(alias, storage.column);
  if (modifier?.kind === 'missing') {
    const missing = filter.values.some((v) => v.kind === 'missing' && v.missing);
    return missing ? sql`${column} IS NULL` : sql`${column} IS NOT NULL`;
  }
  switch (param.type) {
    case 'token': {
      if (modifier?.kind === 'text') {
        const secondary = col(alias, storage.secondary ?? storage.column);
        return or(
          filter.values.map((v) => (v.kind === 'token-text' ? containsSql(secondary, v.text) : raw('FALSE'))),
        );
      }
      const tokens = filter.values.flatMap(tokenEntries);
      if (modifier?.kind === 'not') return sql`(${column} IS NULL OR NOT (${column} && ${tokens}::text[]))`;
      return sql`${column} && ${tokens}::text[]`;
    }
    case 'reference':
    case 'uri': {
      if (modifier?.kind === 'below' || modifier?.kind === 'above') {
        return or(
          filter.values.map((v) => uriHierarchySql(column, modifier.kind, v.kind === 'uri' ? v.value : '')),
        );
      }
      return sql`${column} && ${filter.values.flatMap(referenceEntries)}::text[]`;
    }
    case 'string': {
      if (modifier?.kind === 'exact') {
        const exact = col(alias, storage.secondary ?? storage.column);
        return sql`${exact} && ${filter.values.map((v) => (v.kind === 'string' ? v.value : ''))}::text[]`;
      }
      return or(
        filter.values.map((v) => {
          const text = v.kind === 'string' ? normalizeStringForSearch(v.value) : '';
          return modifier?.kind === 'contains'
            ? sql`${column} LIKE ${'%' + escapeLike(text) + '%'}`
            : sql`${column} LIKE ${'%' + STRING_SEPARATOR + escapeLike(text) + '%'}`;
        }),
      );
    }
    case 'date':
      return or(filter.values.map((v) => (v.kind === 'date' ? dateSql(column, v) : raw('FALSE'))));
    case 'number':
      return or(
        filter.values.map((v) =>
          v.kind === 'number'
            ? numberSql(
                column,
                v,
                (cond) => sql`EXISTS (SELECT 1 FROM unnest(${column}) x WHERE ${cond(raw('x'))})`,
              )
            : raw('FALSE'),
        ),
      );
    case 'quantity':
      return or(filter.values.map((v) => (v.kind === 'quantity' ? quantitySql(column, v) : raw('FALSE'))));
    case 'composite':
      return or(
        filter.values.map((v) => {
          if (v.kind !== 'composite') return raw('FALSE');
          const parts = v.components.map((c, i) => componentSql(c, sql`(t.value -> ${i}::integer)`));
          return sql`EXISTS (SELECT 1 FROM jsonb_array_elements(${column}) t WHERE ${and(parts)})`;
        }),
      );
  }
}

/** SQL that escapes LIKE wildcards in a text expression (the counterpart of escapeLike for stored values). */
function escapeLikeSql(text: Sql): Sql {
  return sql`replace(replace(replace(${text}, '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;
}

/**
 * uri:below / uri:above (R4 3.1.1.4.7) compare URLs by path segment: url:below=http://acme.org/fhir matches
 * http://acme.org/fhir and http://acme.org/fhir/ValueSet/1, not http://acme.org/fhirx; url:above is the mirror
 * image. A plain text prefix used to match across a segment (…/q1 was "above" …/q1x). URNs (urn:oid:2.16.578…)
 * have no path, so for them a plain prefix is kept.
 */
function uriHierarchySql(column: Sql, kind: 'below' | 'above', value: string): Sql {
  if (/^urn:/i.test(value)) {
    return kind === 'below'
      ? sql`EXISTS (SELECT 1 FROM unnest(${column}) u WHERE u LIKE ${escapeLike(value) + '%'})`
      : sql`EXISTS (SELECT 1 FROM unnest(${column}) u WHERE ${value} LIKE ${escapeLikeSql(raw('u'))} || '%')`;
  }
  const trimmed = value.replace(/\/+$/, '');
  const stored = raw(`rtrim(u, '/')`);
  return kind === 'below'
    ? sql`EXISTS (SELECT 1 FROM unnest(${column}) u WHERE ${stored} = ${trimmed} OR u LIKE ${escapeLike(trimmed) + '/%'})`
    : sql`EXISTS (SELECT 1 FROM unnest(${column}) u WHERE ${stored} = ${trimmed} OR ${trimmed} LIKE ${escapeLikeSql(stored)} || '/%')`;
}

function idSql(filter: ParamFilter, alias: string): Sql {
  const ids = filter.values.map((v) => (v.kind === 'token' ? (v.code ?? '') : ''));
  if (filter.modifier?.kind === 'missing') {
    return filter.values.some((v) => v.kind === 'missing' && v.missing) ? raw('FALSE') : raw('TRUE');
  }
  const clause = sql`${col(alias, 'id')} = ANY(${ids}::text[])`;
  return filter.modifier?.kind === 'not' ? sql`NOT ${clause}` : clause;
}

function tokenEntries(v: SearchValue): string[] {
  if (v.kind === 'of-type') return [`${TOKEN_TAG.ofType}${v.typeSystem}|${v.typeCode}|${v.value}`];
  if (v.kind !== 'token') return [];
  if (v.code === undefined) return v.system ? [TOKEN_TAG.system + v.system] : [];
  if (v.system === undefined) return [TOKEN_TAG.code + v.code];
  if (v.system === null) return [TOKEN_TAG.noSystem + v.code];
  return [`${TOKEN_TAG.systemCode}${v.system}|${v.code}`];
}

function referenceEntries(v: SearchValue): string[] {
  if (v.kind === 'reference') return [...v.keys];
  if (v.kind === 'reference-identifier') {
    return [
      v.system === undefined
        ? REFERENCE_TAG.identifierValue + v.value
        : `${REFERENCE_TAG.identifier}${v.system}|${v.value}`,
    ];
  }
  if (v.kind === 'uri') return [v.value];
  return [];
}

function containsSql(column: Sql, text: string): Sql {
  return sql`${column} LIKE ${'%' + escapeLike(normalizeStringForSearch(text)) + '%'}`;
}

const RANGE = (lo: string | null, hi: string | null): Sql =>
  sql`tstzrange(${lo}::timestamptz, ${hi}::timestamptz, '[)')`;

/**
 * Date prefixes over a tstzmultirange column (FHIR R4 3.1.1.4.5: ranges, not points). The column holds one
 * range per value (a Timing's events, each location's period...), and like every FHIR search a resource
 * matches when ANY of its values matches: eq, sa and eb therefore test the ranges one by one (unnest), after
 * an overlap test that the GiST index can answer. Comparing the whole multirange instead (`<@`) required ALL
 * values to match, so a CarePlan with activities in March and May was not found by date=2024-03.
 * (Ranges that touch or overlap are merged when stored, so two such values count as one.)
 */
function dateSql(column: Sql, v: DateValue): Sql {
  const search = RANGE(v.lo, v.hi);
  const anyRange = (condition: (r: Sql) => Sql): Sql =>
    sql`EXISTS (SELECT 1 FROM unnest(${column}) r WHERE ${condition(raw('r'))})`;
  switch (v.prefix) {
    case 'eq':
      return sql`(${column} && ${search} AND ${anyRange((r) => sql`${r} <@ ${search}`)})`;
    case 'ne':
      return sql`(${column} IS NOT NULL AND NOT (${column} <@ ${search}))`;
    case 'gt':
      return sql`${column} && ${RANGE(v.hi, null)}`;
    case 'lt':
      return sql`${column} && ${RANGE(null, v.lo)}`;
    case 'ge':
      return sql`${column} && ${RANGE(v.lo, null)}`;
    case 'le':
      return sql`${column} && ${RANGE(null, v.hi)}`;
    case 'sa':
      return sql`(${column} && ${RANGE(v.hi, null)} AND ${anyRange((r) => sql`NOT (${r} && ${RANGE(null, v.hi)})`)})`;
    case 'eb':
      return sql`(${column} && ${RANGE(null, v.lo)} AND ${anyRange((r) => sql`NOT (${r} && ${RANGE(v.lo, null)})`)})`;
    case 'ap': {
      const { lo, hi } = approximateRange(v);
      return sql`${column} && ${RANGE(lo, hi)}`;
    }
  }
}

/** The same prefixes for an instant column (_lastUpdated), read as the millisecond it stands for. */
function pointDateSql(column: Sql, v: DateValue): Sql {
  const lo = sql`${v.lo}::timestamptz`;
  const hi = sql`${v.hi}::timestamptz`;
  switch (v.prefix) {
    case 'eq':
      return sql`(${column} >= ${lo} AND ${column} < ${hi})`;
    case 'ne':
      return sql`(${column} < ${lo} OR ${column} >= ${hi})`;
    case 'gt':
    case 'sa':
      return sql`${column} >= ${hi}`;
    case 'lt':
    case 'eb':
      return sql`${column} < ${lo}`;
    case 'ge':
      return sql`${column} >= ${lo}`;
    case 'le':
      return sql`${column} < ${hi}`;
    case 'ap': {
      const r = approximateRange(v);
      return sql`(${column} >= ${r.lo}::timestamptz AND ${column} < ${r.hi}::timestamptz)`;
    }
  }
}

/** Years 0001-9999 in UTC: the instants PostgreSQL and toISOString() agree on (see precision-range.ts). */
function instantText(ms: number): string {
  return new Date(Math.min(Math.max(ms, -62_135_596_800_000), 253_402_300_799_999)).toISOString();
}

/** "ap" on dates: the value ±10% of its distance from now, at least one day (R4 leaves the width to servers). */
function approximateRange(v: DateValue): { lo: string; hi: string } {
  const lo = Date.parse(v.lo);
  const hi = Date.parse(v.hi);
  const margin = Math.max(86_400_000, Math.abs(Date.now() - lo) * 0.1);
  // Clamped to years 0001-9999: "ap0001" or "ap9999" would otherwise reach instants that toISOString() writes
  // as "-000201-..." or "+010797-...", which PostgreSQL refuses (a 500).
  return { lo: instantText(lo - margin), hi: instantText(hi + margin) };
}

type NumberCondition = (x: Sql) => Sql;

/**
 * Number and quantity prefixes, computed in SQL numeric from the value as written: exact decimal arithmetic,
 * so the implicit precision of "66.89999999999999" (±5e-15) is not lost to binary floating point.
 */
function numberCondition(v: NumberValue | QuantityValue): NumberCondition {
  const value = sql`${v.text}::numeric`;
  const lo = sql`(${v.text}::numeric - ${v.half}::numeric)`;
  const hi = sql`(${v.text}::numeric + ${v.half}::numeric)`;
  switch (v.prefix as SearchPrefix) {
    case 'eq':
      return (x) => sql`(${x} >= ${lo} AND ${x} < ${hi})`;
    case 'ne':
      return (x) => sql`(${x} < ${lo} OR ${x} >= ${hi})`;
    case 'gt':
    case 'sa':
      return (x) => sql`${x} > ${value}`;
    case 'lt':
    case 'eb':
      return (x) => sql`${x} < ${value}`;
    case 'ge':
      return (x) => sql`${x} >= ${value}`;
    case 'le':
      return (x) => sql`${x} <= ${value}`;
    case 'ap': {
      const margin = sql`(abs(${v.text}::numeric) * 0.1)`;
      return (x) => sql`(${x} >= ${value} - ${margin} AND ${x} <= ${value} + ${margin})`;
    }
  }
}

function numberSql(_column: Sql, v: NumberValue, wrap: (cond: NumberCondition) => Sql): Sql {
  return wrap(numberCondition(v));
}

function quantitySql(column: Sql, v: QuantityValue): Sql {
  return sql`EXISTS (SELECT 1 FROM jsonb_array_elements(${column}) q WHERE ${quantityElementSql(raw('q.value'), v)})`;
}

function quantityElementSql(element: Sql, v: QuantityValue): Sql {
  const parts = [numberCondition(v)(sql`(${element} ->> 'v')::numeric`)];
  if (v.system) parts.push(sql`${element} ->> 's' = ${v.system}`);
  if (v.code) parts.push(sql`(${element} ->> 'c' = ${v.code} OR ${element} ->> 'u' = ${v.code})`);
  return and(parts);
}

/** One component of a composite search value, against that component's JSON array inside a stored tuple. */
function componentSql(v: SearchValue, component: Sql): Sql {
  switch (v.kind) {
    case 'token':
    case 'of-type':
      return sql`${component} ?| ${tokenEntries(v)}::text[]`;
    case 'reference':
    case 'reference-identifier':
    case 'uri':
      return sql`${component} ?| ${referenceEntries(v)}::text[]`;
    case 'string':
      return sql`EXISTS (SELECT 1 FROM jsonb_array_elements_text(${component}) s WHERE s LIKE ${escapeLike(normalizeStringForSearch(v.value)) + '%'})`;
    case 'number':
      return sql`EXISTS (SELECT 1 FROM jsonb_array_elements_text(${component}) n WHERE ${numberCondition(v)(raw('n::numeric'))})`;
    case 'quantity':
      return sql`EXISTS (SELECT 1 FROM jsonb_array_elements(${component}) q WHERE ${quantityElementSql(raw('q.value'), v)})`;
    case 'date':
      return sql`EXISTS (SELECT 1 FROM jsonb_array_elements(${component}) d
        WHERE ${dateSql(raw(`tstzmultirange(tstzrange((d.value ->> 0)::timestamptz, (d.value ->> 1)::timestamptz, '[)'))`), v)})`;
    default:
      return raw('FALSE');
  }
}
