import { openPostgres } from '@akson/store';

/**
 * Scratch databases on the benchmark's PostgreSQL server (BENCH_DATABASE_URL): each suite (re)creates its own,
 * so a run never measures what an earlier run left behind, and drops it when done.
 */
export async function createScratchDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = await openPostgres({ connectionString: adminUrl, poolSize: 1, statementTimeoutMs: 0 });
  try {
    await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.exec(`CREATE DATABASE ${name}`);
  } finally {
    await admin.close();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropScratchDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = await openPostgres({ connectionString: adminUrl, poolSize: 1, statementTimeoutMs: 0 });
  try {
    await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.close();
  }
}
