import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Db } from '../src/index.ts';
import { adminUrl } from './test-database-names.ts';

export interface TestDatabase {
  readonly db: Db;
  /** postgres:// URL of this test's database, or undefined on PGlite. */
  readonly url: string | undefined;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a copy of the template database on PostgreSQL, or a new
 * in-memory PGlite loaded from the migrated dump.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const target = inject('aksonTestDatabase');
  if (target.kind === 'pglite') {
    const dump = new Blob([readFileSync(target.dumpFile)]);
    const db = await openPglite({ dataDir: undefined, loadDataDir: dump });
    return { db, url: undefined, close: () => db.close() };
  }
  const name = `akson_t_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres({
    connectionString: adminUrl(target.url),
    poolSize: 1,
    statementTimeoutMs: 0,
  });
  await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${target.template}`);
  await admin.close();
  const u = new URL(target.url);
  u.pathname = `/${name}`;
  const db = await openPostgres({ connectionString: u.toString(), poolSize: 8, statementTimeoutMs: 0 });
  return {
    db,
    url: u.toString(),
    close: async () => {
      await db.close();
      const cleanup = await openPostgres({
        connectionString: adminUrl(target.url),
        poolSize: 1,
        statementTimeoutMs: 0,
      });
      await cleanup.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.close();
    },
  };
}
