import { listSearchParams, type SearchParamDef } from '@akson/fhir';
import { createHash } from 'node:crypto';

/** How a search parameter is stored: which columns, of what SQL type, with which index. */
export interface ColumnSpec {
  readonly name: string;
  readonly sqlType: 'text' | 'text[]' | 'tstzmultirange' | 'numeric[]' | 'jsonb';
  readonly index?: 'gin' | 'trgm' | 'gist';
}

export interface ParamStorage {
  readonly def: SearchParamDef;
  /** Main column: what filters and sorting read. */
  readonly column: string;
  /** Secondary column: display texts for token `:text`, raw values for string `:exact`. */
  readonly secondary?: string;
  readonly columns: readonly ColumnSpec[];
}

/** Parameters answered from the row's own columns rather than from extracted values. */
const COLUMN_PARAMS = new Set(['_id', '_lastUpdated']);

/**
 * The audit log takes one insert per access, so it carries only the search parameters its readers use (the
 * citizen's access log, the security officer's review): every column and index costs time on each insert. The
 * audit writer fills exactly these columns (server/src/audit/audit-columns.ts), and only these are searchable.
 */
export const SEARCHABLE_ONLY: Readonly<Record<string, ReadonlySet<string>>> = {
  AuditEvent: new Set(['patient', 'date', 'agent', 'entity', 'type', 'subtype', 'action', 'outcome']),
};

/** Whether a parameter can be searched on for a type (registry parameters minus the restrictions above). */
export function isSearchable(type: string, code: string): boolean {
  if (code === '_id' || code === '_lastUpdated') return true;
  return paramStorage(type).some((s) => s.def.code === code);
}

export function columnName(code: string): string {
  return `sp_${code.replace(/[^A-Za-z0-9]/g, '_').toLowerCase()}`;
}

const storageCache = new Map<string, ParamStorage[]>();

/** Storage of every indexed search parameter of a resource type (those with columns of their own). */
export function paramStorage(type: string): ParamStorage[] {
  let list = storageCache.get(type);
  if (!list) {
    list = listSearchParams(type)
      .filter((def) => !COLUMN_PARAMS.has(def.code) && (SEARCHABLE_ONLY[type]?.has(def.code) ?? true))
      .map(storageFor);
    const names = new Set<string>();
    for (const s of list) {
      if (names.has(s.column)) throw new Error(`Two search parameters of ${type} map to column ${s.column}`);
      names.add(s.column);
    }
    storageCache.set(type, list);
  }
  return list;
}

export function paramStorageByCode(type: string, code: string): ParamStorage | undefined {
  return paramStorage(type).find((s) => s.def.code === code);
}

function storageFor(def: SearchParamDef): ParamStorage {
  const column = columnName(def.code);
  switch (def.type) {
    case 'token':
      return {
        def,
        column,
        secondary: `${column}_text`,
        columns: [
          { name: column, sqlType: 'text[]', index: 'gin' },
          { name: `${column}_text`, sqlType: 'text' },
        ],
      };
    case 'string':
      return {
        def,
        column,
        secondary: `${column}_exact`,
        columns: [
          { name: column, sqlType: 'text', index: 'trgm' },
          { name: `${column}_exact`, sqlType: 'text[]' },
        ],
      };
    case 'reference':
    case 'uri':
      return { def, column, columns: [{ name: column, sqlType: 'text[]', index: 'gin' }] };
    case 'date':
      return { def, column, columns: [{ name: column, sqlType: 'tstzmultirange', index: 'gist' }] };
    case 'number':
      return { def, column, columns: [{ name: column, sqlType: 'numeric[]' }] };
    case 'quantity':
    case 'composite':
      return { def, column, columns: [{ name: column, sqlType: 'jsonb' }] };
  }
}

/** Index names must be unique and at most 63 bytes; a short hash keeps long table/column pairs apart. */
export function indexName(table: string, column: string): string {
  const hash = createHash('sha1').update(`${table}.${column}`).digest('hex').slice(0, 8);
  return `ix_${table.slice(0, 24)}_${column.slice(0, 24)}_${hash}`.toLowerCase();
}
