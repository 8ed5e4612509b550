import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadConfig, seedDirectory, startServer } from '@akson/server';
import { openPostgres } from '@akson/store';
import { openTestDatabase } from '@akson/store/testing';
import { describe, expect, it } from 'vitest';
import { freePort, runCli } from './cli-test-kit.ts';

/**
 * Backup and restore as the README tells an operator to do them: for the embedded database, stop the server
 * and copy the data folder; for PostgreSQL, pg_dump --format=custom and pg_restore, keeping AKSON_AUDIT_KEY.
 * The restored copy must serve the same record (same versions) and its audit log must verify.
 */

const run = promisify(execFile);
const AUDIT_KEY = 'ab'.repeat(32);

interface Written {
  readonly patient: Record<string, unknown>;
  readonly history: number;
}

async function withServer<T>(
  env: Record<string, string>,
  work: (call: (path: string, init?: RequestInit) => Promise<Response>) => Promise<T>,
): Promise<T> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig(
    {},
    {
      AKSON_PORT: String(port),
      AKSON_PUBLIC_URL: url,
      AKSON_HOST: '127.0.0.1',
      AKSON_LOG_LEVEL: 'silent',
      ...env,
    },
  );
  const server = await startServer(config);
  try {
    await seedDirectory(server.app);
    const issuer = server.app.akson.devIssuer;
    if (!issuer) throw new Error('no development issuer');
    const token = await issuer.tokenFor('lillesand-migrering');
    return await work((path, init = {}) =>
      fetch(`${url}/fhir/${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
      }),
    );
  } finally {
    await server.close();
  }
}

/** Creates a patient and changes it once, so the backup holds a history, not only a current version. */
async function writeRecord(env: Record<string, string>): Promise<Written> {
  return withServer(env, async (call) => {
    const created = await call('Patient', {
      method: 'POST',
      body: JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Backup', given: ['Berit'] }] }),
    });
    expect(created.status).toBe(201);
    const first = (await created.json()) as { id: string };
    const updated = await call(`Patient/${first.id}`, {
      method: 'PUT',
      body: JSON.stringify({
        resourceType: 'Patient',
        id: first.id,
        name: [{ family: 'Backup', given: ['Berit', 'Anne'] }],
      }),
    });
    expect(updated.status).toBe(200);
    const patient = (await updated.json()) as Record<string, unknown>;
    const history = (await (await call(`Patient/${first.id}/_history`)).json()) as { entry?: unknown[] };
    return { patient, history: history.entry?.length ?? 0 };
  });
}

async function expectRestored(env: Record<string, string>, written: Written): Promise<void> {
  await withServer(env, async (call) => {
    const id = String(written.patient['id']);
    const read = await call(`Patient/${id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(written.patient);
    const history = (await (await call(`Patient/${id}/_history`)).json()) as { entry?: unknown[] };
    expect(history.entry?.length).toBe(written.history);
    expect(written.history).toBe(2);
    const all = (await (await call('Patient?family=Backup')).json()) as { entry?: unknown[] };
    expect(all.entry?.length).toBe(1); // what was written after the backup is not in it
  });
  const verify = await runCli(['audit', 'verify'], env);
  expect(verify.stdout).toMatch(/^Audit log intact: \d+ entries/);
  expect(verify.code).toBe(0);
}

describe('backup and restore', () => {
  it('embedded database: a copy of the stopped server’s data folder is a working restore', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'akson-backup-'));
    const live = join(scratch, 'data');
    const backup = join(scratch, 'backup');
    const written = await writeRecord({ AKSON_DATA_DIR: live });
    cpSync(live, backup, { recursive: true });
    await writeRecord({ AKSON_DATA_DIR: live }); // after the backup: must not be in the restored copy
    await expectRestored({ AKSON_DATA_DIR: backup }, written);
  });

  it.runIf(process.env['AKSON_TEST_DATABASE_URL'])(
    'PostgreSQL: pg_dump --format=custom and pg_restore into a new database, with the same audit key',
    async () => {
      const source = await openTestDatabase();
      const sourceUrl = source.url as string;
      await source.db.close();
      const env = (url: string) => ({
        DATABASE_URL: url,
        AKSON_AUDIT_KEY: AUDIT_KEY,
        AKSON_DATA_DIR: mkdtempSync(join(tmpdir(), 'akson-backup-pg-')),
      });
      const written = await writeRecord(env(sourceUrl));
      const dump = join(mkdtempSync(join(tmpdir(), 'akson-dump-')), 'akson.dump');
      await run('pg_dump', ['--format=custom', `--file=${dump}`, sourceUrl]);

      const target = `akson_t_restore_${Date.now().toString(36)}`;
      const adminUrl = process.env['AKSON_TEST_DATABASE_URL'] as string;
      const admin = await openPostgres({ connectionString: adminUrl, poolSize: 1, statementTimeoutMs: 0 });
      await admin.exec(`CREATE DATABASE ${target}`);
      const targetUrl = new URL(adminUrl);
      targetUrl.pathname = `/${target}`;
      try {
        await run('pg_restore', ['--no-owner', `--dbname=${targetUrl.toString()}`, dump]);
        await expectRestored(env(targetUrl.toString()), written);
      } finally {
        await admin.exec(`DROP DATABASE IF EXISTS ${target} WITH (FORCE)`);
        await admin.close();
        await source.close().catch(() => undefined);
      }
    },
  );
});
