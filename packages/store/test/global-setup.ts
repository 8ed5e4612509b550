import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { dumpPgliteDataDir, migrate, openPglite, openPostgres } from '../src/index.ts';
import { TEMPLATE_DATABASE_PREFIX, adminUrl } from './test-database-names.ts';

/**
 * Migrates one database for the whole test run: a template database on PostgreSQL (AKSON_TEST_DATABASE_URL),
 * or a data-folder dump for PGlite. Each test file then starts from a copy in well under a second.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env['AKSON_TEST_DATABASE_URL'];
  if (url) {
    const templateName = `${TEMPLATE_DATABASE_PREFIX}_${randomBytes(4).toString('hex')}`;
    const admin = await openPostgres({ connectionString: adminUrl(url), poolSize: 1, statementTimeoutMs: 0 });
    await admin.exec(`CREATE DATABASE ${templateName}`);
    await admin.close();
    const template = await openPostgres({
      connectionString: withDatabase(url, templateName),
      poolSize: 1,
      statementTimeoutMs: 0,
    });
    await migrate(template);
    await template.close();
    project.provide('aksonTestDatabase', { kind: 'postgres', url, template: templateName });
    return async () => {
      const cleanup = await openPostgres({
        connectionString: adminUrl(url),
        poolSize: 1,
        statementTimeoutMs: 0,
      });
      await cleanup.exec(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`);
      await cleanup.close();
    };
  } else {
    const db = await openPglite({ dataDir: undefined });
    await migrate(db);
    const dump = await dumpPgliteDataDir(db);
    await db.close();
    const dir = mkdtempSync(join(tmpdir(), 'akson-test-'));
    const file = join(dir, 'template.tar');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('aksonTestDatabase', { kind: 'pglite', dumpFile: file });
  }
  return async () => undefined;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    aksonTestDatabase:
      { kind: 'postgres'; url: string; template: string } | { kind: 'pglite'; dumpFile: string };
  }
}
