import { createHash } from 'node:crypto';
import { loadDefinitions } from '@akson/fhir';
import type { Db } from '../db/db.ts';
import { sql } from '../sql/sql.ts';
import { MIGRATIONS } from './migrations.ts';
import { tableDdl, type TableDdl } from './tables.ts';

export interface MigrationProgress {
  (event: { phase: 'migrations' | 'tables' | 'indexes'; done: number; total: number }): void;
}

export interface MigrationReport {
  readonly appliedMigrations: number[];
  readonly createdTables: number;
  readonly addedColumns: number;
  readonly addedIndexes: number;
  /** Columns added to tables that already had rows: those parameters need `akson reindex`. */
  readonly columnsNeedingReindex: string[];
}

const LOCK_KEY = 724_593_001; // arbitrary constant: the advisory lock all migrating processes share

/** Brings the database to the schema this code expects. Safe to run on every start. */
export async function migrate(db: Db, onProgress?: MigrationProgress): Promise<MigrationReport> {
  await db.exec(`
    CREATE TABLE IF NOT EXISTS akson_migration (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE IF NOT EXISTS akson_schema_state (key text PRIMARY KEY, value text NOT NULL);
  `);
  const before = await applyMigrations(db, 'before-tables', onProgress);
  const sync = await syncResourceTables(db, onProgress);
  const after = await applyMigrations(db, 'after-tables', onProgress);
  return { appliedMigrations: [...before, ...after], ...sync };
}

async function applyMigrations(
  db: Db,
  phase: 'before-tables' | 'after-tables',
  onProgress?: MigrationProgress,
): Promise<number[]> {
  const applied: number[] = [];
  const list = MIGRATIONS.filter((m) => m.phase === phase);
  let done = 0;
  for (const migration of list) {
    const ran = await db.transaction(async (tx) => {
      await tx.query(sql`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
      const existing = await tx.query(sql`SELECT 1 FROM akson_migration WHERE id = ${migration.id}`);
      if (existing.length > 0) return false;
      await tx.exec(migration.up);
      await tx.query(sql`INSERT INTO akson_migration (id, name) VALUES (${migration.id}, ${migration.name})`);
      return true;
    });
    if (ran) applied.push(migration.id);
    onProgress?.({ phase: 'migrations', done: ++done, total: list.length });
  }
  return applied;
}

function fingerprintOf(ddls: readonly TableDdl[]): string {
  const hash = createHash('sha256');
  for (const d of ddls) {
    hash.update(d.createCurrent).update(d.createHistory);
    for (const ix of d.indexes) hash.update(ix.definition);
  }
  return hash.digest('hex');
}

async function syncResourceTables(
  db: Db,
  onProgress?: MigrationProgress,
): Promise<Omit<MigrationReport, 'appliedMigrations'>> {
  const ddls = loadDefinitions().resourceTypes.map(tableDdl);
  const fingerprint = fingerprintOf(ddls);
  const [state] = await db.query<{ value: string }>(
    sql`SELECT value FROM akson_schema_state WHERE key = 'resource_tables'`,
  );
  const none = { createdTables: 0, addedColumns: 0, addedIndexes: 0, columnsNeedingReindex: [] };
  if (state?.value === fingerprint) return none;

  const existingColumns = new Map<string, Set<string>>();
  for (const row of await db.query<{ table_name: string; column_name: string }>(
    sql`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`,
  )) {
    let set = existingColumns.get(row.table_name);
    if (!set) existingColumns.set(row.table_name, (set = new Set()));
    set.add(row.column_name);
  }
  const existingIndexes = new Set(
    (
      await db.query<{ indexname: string }>(
        sql`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()`,
      )
    ).map((r) => r.indexname),
  );

  let createdTables = 0;
  let addedColumns = 0;
  let addedIndexes = 0;
  const columnsNeedingReindex: string[] = [];
  const deferredIndexes: string[] = [];
  let done = 0;
  for (const ddl of ddls) {
    const current = existingColumns.get(ddl.type);
    const statements: string[] = [];
    if (!current) {
      // A new table is empty: create it with every column and index in one go.
      statements.push(ddl.createCurrent, ddl.createHistory, ...ddl.indexes.map((ix) => ix.definition));
      createdTables++;
      addedIndexes += ddl.indexes.length;
    } else {
      for (const [name, type] of ddl.columns) {
        if (current.has(name)) continue;
        // Adding a nullable column without default is instant in PostgreSQL: no table rewrite, no long lock.
        statements.push(
          `ALTER TABLE "${ddl.type}" ADD COLUMN IF NOT EXISTS "${name}" ${type.replace(' PRIMARY KEY', '')}`,
        );
        addedColumns++;
        columnsNeedingReindex.push(`${ddl.type}.${name}`);
      }
      if (!existingColumns.has(`${ddl.type}_history`)) statements.push(ddl.createHistory);
      for (const ix of ddl.indexes) {
        if (existingIndexes.has(ix.name)) continue;
        deferredIndexes.push(ix.definition);
        addedIndexes++;
      }
    }
    if (statements.length > 0) {
      await db.transaction(async (tx) => {
        await tx.query(sql`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
        await tx.exec(statements.join(';\n'));
      });
    }
    onProgress?.({ phase: 'tables', done: ++done, total: ddls.length });
  }
  // Indexes on tables that already hold data are built without blocking writers.
  let indexDone = 0;
  for (const definition of deferredIndexes) {
    const statement =
      db.kind === 'postgres' ? definition.replace('CREATE INDEX', 'CREATE INDEX CONCURRENTLY') : definition;
    await db.exec(statement);
    onProgress?.({ phase: 'indexes', done: ++indexDone, total: deferredIndexes.length });
  }
  await db.query(
    sql`INSERT INTO akson_schema_state (key, value) VALUES ('resource_tables', ${fingerprint})
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
  );
  return { createdTables, addedColumns, addedIndexes, columnsNeedingReindex };
}
