import { fail } from '@akson/fhir';
import { paramStorageByCode } from '../schema/columns.ts';
import { and, col, or, raw, sql, type Sql } from '../sql/sql.ts';
import type { SortRule } from './search-types.ts';

/**
 * Sorting and keyset paging. Every order ends with the id, so it is total; a cursor holds the sort-key values
 * of the last (or first) row of a page, and the next page is "rows after those values". Pages therefore stay
 * correct while rows are added or removed, unlike OFFSET.
 */
export interface SortKey {
  readonly expr: Sql;
  readonly cast: 'text' | 'timestamptz' | 'numeric';
  readonly descending: boolean;
}

export function sortKeys(type: string, alias: string, rules: readonly SortRule[]): SortKey[] {
  return rules.map((rule) => {
    const code = rule.param.code;
    if (code === '_id') return { expr: col(alias, 'id'), cast: 'text', descending: rule.descending };
    if (code === '_lastUpdated')
      return { expr: col(alias, 'last_updated'), cast: 'timestamptz', descending: rule.descending };
    const storage = paramStorageByCode(type, code);
    if (!storage) throw fail('AKS_ERR_SEARCH_SORT', { param: code, detail: 'not indexed' });
    const c = col(alias, storage.column);
    switch (rule.param.type) {
      case 'string':
        return { expr: c, cast: 'text', descending: rule.descending };
      case 'token':
      case 'reference':
      case 'uri':
        return { expr: sql`(${c})[1]`, cast: 'text', descending: rule.descending };
      case 'date':
        return { expr: sql`lower(${c})`, cast: 'timestamptz', descending: rule.descending };
      case 'number':
        return { expr: sql`(${c})[1]`, cast: 'numeric', descending: rule.descending };
      case 'quantity':
        return { expr: sql`((${c}) -> 0 ->> 'v')::numeric`, cast: 'numeric', descending: rule.descending };
      default:
        throw fail('AKS_ERR_SEARCH_SORT', { param: code, detail: 'cannot sort on this parameter type' });
    }
  });
}

/**
 * ORDER BY the keys and the id. With `walkable: false` the same order is written so that no index can deliver
 * it (a no-op on each value), for a search that must be driven by its anchor rather than by walking the
 * primary key or the _lastUpdated index in order (see searchAnchor).
 */
export function orderBy(
  keys: readonly SortKey[],
  alias: string,
  reverse: boolean,
  options: { walkable?: boolean } = {},
): Sql {
  const walkable = options.walkable ?? true;
  const parts = keys.map((k) => {
    const desc = k.descending !== reverse;
    // Missing values always come last when reading forwards.
    const value = walkable ? k.expr : unwalkable(k.expr, k.cast);
    return sql`${value} ${raw(desc ? 'DESC' : 'ASC')} ${raw(reverse ? 'NULLS FIRST' : 'NULLS LAST')}`;
  });
  const id = col(alias, 'id');
  parts.push(sql`${walkable ? id : unwalkable(id, 'text')} ${raw(reverse ? 'DESC' : 'ASC')}`);
  return sql`ORDER BY ${joinSql(parts)}`;
}

/** The same value and order (NULL stays NULL), as an expression no index covers. */
function unwalkable(expr: Sql, cast: SortKey['cast']): Sql {
  switch (cast) {
    case 'text':
      return sql`(${expr} || '')`;
    case 'timestamptz':
      return sql`(${expr} + interval '0')`;
    case 'numeric':
      return sql`(${expr} + 0)`;
  }
}

function joinSql(parts: Sql[]): Sql {
  return parts.reduce((acc, p, i) => (i === 0 ? p : sql`${acc}, ${p}`));
}

export interface CursorPosition {
  /** Sort-key values (as text, null for missing) of the row the page starts after or ends before. */
  readonly keys: readonly (string | null)[];
  readonly id: string;
  /** 'n': rows after the position (next page); 'p': rows before it (previous page). */
  readonly direction: 'n' | 'p';
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.direction, position.id, ...position.keys]), 'utf8').toString(
    'base64url',
  );
}

/**
 * Sort-key values as PostgreSQL writes timestamptz and numeric as text. Checked strictly (real dates, no
 * exponents, bounded length): a tampered value such as "2024-99-99 ..." or "1e999999" would otherwise pass
 * the shape check and fail in the database as a 500 instead of a 400.
 */
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-]\d{2}(:\d{2}){0,2}|Z)$/;
const NUMERIC = /^-?\d{1,1000}(\.\d{1,1000})?$/;

function isTimestampText(v: string): boolean {
  const m = TIMESTAMP.exec(v);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const day = new Date(0);
  day.setUTCFullYear(y, mo - 1, d);
  return y >= 1 && mo >= 1 && mo <= 12 && day.getUTCDate() === d && h <= 23 && mi <= 59 && s <= 59;
}

/** Decodes and checks a cursor against the sort keys, so a tampered cursor is a 400, never a database error. */
export function decodeCursor(token: string, keys: readonly SortKey[]): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw fail('AKS_ERR_SEARCH_CURSOR');
  }
  if (!Array.isArray(parsed) || parsed.length !== keys.length + 2) throw fail('AKS_ERR_SEARCH_CURSOR');
  const [direction, id, ...values] = parsed as unknown[];
  // NUL cannot be bound as PostgreSQL text: such a cursor would otherwise fail in the database (500).
  if ((direction !== 'n' && direction !== 'p') || typeof id !== 'string' || id.includes('\0'))
    throw fail('AKS_ERR_SEARCH_CURSOR');
  values.forEach((v, i) => {
    if (v === null) return;
    const key = keys[i] as SortKey;
    const ok =
      typeof v === 'string' &&
      !v.includes('\0') &&
      (key.cast === 'text' || (key.cast === 'timestamptz' ? isTimestampText(v) : NUMERIC.test(v)));
    if (!ok) throw fail('AKS_ERR_SEARCH_CURSOR');
  });
  return { direction, id, keys: values as (string | null)[] };
}

/**
 * Rows strictly after (direction 'n') or before ('p') the position in the order given by `keys` + id, with
 * missing values last. Written as the lexicographic expansion so mixed directions and NULLs are handled.
 */
export function cursorPredicate(keys: readonly SortKey[], alias: string, position: CursorPosition): Sql {
  const after = position.direction === 'n';
  const idExpr = col(alias, 'id');
  let tail: Sql = after ? sql`${idExpr} > ${position.id}` : sql`${idExpr} < ${position.id}`;
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i] as SortKey;
    const value = position.keys[i] ?? null;
    const typed = sql`${value}::${raw(key.cast)}`;
    const eq = value === null ? sql`${key.expr} IS NULL` : sql`${key.expr} = ${typed}`;
    // "beyond": strictly later in reading order (after) or strictly earlier (before), NULLs being last.
    let beyond: Sql;
    const greater = key.descending ? '<' : '>';
    const less = key.descending ? '>' : '<';
    if (after) {
      beyond =
        value === null ? raw('FALSE') : sql`(${key.expr} ${raw(greater)} ${typed} OR ${key.expr} IS NULL)`;
    } else {
      beyond = value === null ? sql`${key.expr} IS NOT NULL` : sql`${key.expr} ${raw(less)} ${typed}`;
    }
    tail = or([beyond, and([eq, tail])]);
  }
  return tail;
}
