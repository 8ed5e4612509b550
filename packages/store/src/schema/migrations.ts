/**
 * Versioned, hand-written migrations. They run in order, each in its own transaction, under an advisory lock
 * so that several server processes starting at once apply each migration exactly once. Resource tables are not
 * here: they are generated from the FHIR definitions and kept in step by sync-resource-tables.ts.
 *
 * Never edit a migration that has shipped; add a new one.
 */
export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'extensions',
    up: `CREATE EXTENSION IF NOT EXISTS pg_trgm;`,
  },
];
