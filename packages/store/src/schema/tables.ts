import { loadDefinitions } from '@akson/fhir';
import { indexName, paramStorage, type ColumnSpec } from './columns.ts';

/**
 * DDL for the resource tables. Each resource type has:
 * - "<Type>": the current version of each resource, with typed search columns, written in the same statement as
 * - "<Type>_history": every version (including the current one), append-only.
 * `patient_id` is the patient compartment id: the distribution column for Citus (docs/storage.md).
 */

/** Where a type's versions are kept: its history table, or for append-only types (one version each) itself. */
export function historyTable(type: string): string {
  return APPEND_ONLY_TYPES.has(type) ? type : `${type}_history`;
}

/** Types whose tables are never written through the generic write path (see audit/). */
export const APPEND_ONLY_TYPES = new Set(['AuditEvent']);

export interface TableDdl {
  readonly type: string;
  /** CREATE TABLE for a fresh install, with every column. */
  readonly createCurrent: string;
  readonly createHistory: string;
  /** Columns (name -> SQL type), to add what an older schema lacks. */
  readonly columns: ReadonlyMap<string, string>;
  /** CREATE INDEX statements (IF NOT EXISTS), without CONCURRENTLY. */
  readonly indexes: readonly { name: string; definition: string }[];
}

export function tableDdl(type: string): TableDdl {
  const columns = new Map<string, string>([
    ['id', 'text PRIMARY KEY'],
    ['version_id', 'integer NOT NULL'],
    ['last_updated', 'timestamptz NOT NULL'],
    ['deleted', 'boolean NOT NULL DEFAULT false'],
    ['patient_id', "text NOT NULL DEFAULT ''"],
    ['access_tags', 'text[]'],
    ['content', 'text'],
  ]);
  const history = historyTable(type);
  const indexes: IndexSpec[] = [
    { table: type, column: 'last_updated', using: '("last_updated", "id")' },
    { table: type, column: 'access_tags', using: `USING gin ("access_tags") ${GIN_WITH}` },
    { table: history, column: 'last_updated', using: '("last_updated")' },
  ];
  if (loadDefinitions().patientCompartment.has(type) || type === 'Patient') {
    indexes.push({ table: type, column: 'patient_id', using: '("patient_id")' });
  }
  for (const storage of paramStorage(type)) {
    for (const c of storage.columns) {
      columns.set(c.name, c.sqlType);
      if (c.index) indexes.push({ table: type, column: c.name, using: INDEX_USING[c.index](c.name) });
    }
  }
  const columnList = [...columns].map(([n, t]) => `"${n}" ${t}`).join(',\n  ');
  return {
    type,
    createCurrent: `CREATE TABLE IF NOT EXISTS "${type}" (\n  ${columnList}\n)`,
    createHistory:
      `CREATE TABLE IF NOT EXISTS "${history}" (\n` +
      `  "id" text NOT NULL, "version_id" integer NOT NULL, "last_updated" timestamptz NOT NULL,\n` +
      `  "deleted" boolean NOT NULL DEFAULT false, "patient_id" text NOT NULL DEFAULT '', "access_tags" text[], "content" text,\n` +
      `  PRIMARY KEY ("id", "version_id")\n)`,
    columns,
    indexes: indexes.map((ix) => {
      const name = indexName(ix.table, ix.column);
      return { name, definition: `CREATE INDEX IF NOT EXISTS "${name}" ON "${ix.table}" ${ix.using}` };
    }),
  };
}

interface IndexSpec {
  readonly table: string;
  readonly column: string;
  readonly using: string;
}

/**
 * GIN indexes keep new entries in a pending list that every search scans until a vacuum merges it; the embedded
 * database never vacuums, and the default 4 MB list made a patient's search 1.7 ms in the index instead of
 * 0.02 ms. 64 kB (the minimum) bounds that scan and keeps the insert batching (fastupdate = off doubled the
 * cost of an insert). Migration 6 sets the same on indexes made before.
 */
export const GIN_WITH = 'WITH (gin_pending_list_limit = 64)';

const INDEX_USING: Record<NonNullable<ColumnSpec['index']>, (column: string) => string> = {
  gin: (c) => `USING gin ("${c}") ${GIN_WITH}`,
  trgm: (c) => `USING gin ("${c}" gin_trgm_ops) ${GIN_WITH}`,
  gist: (c) => `USING gist ("${c}")`,
};
