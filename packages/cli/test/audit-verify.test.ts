import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, seedDirectory, startServer, type RunningServer } from '@akson/server';
import { openPglite, type Db } from '@akson/store';
import { openTestDatabase, type TestDatabase } from '@akson/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runCli } from './cli-test-kit.ts';

/**
 * `akson audit verify` as an operator runs it: a child process (`node packages/cli/src/main.ts audit verify`)
 * against the embedded database in a data folder (and, when the tests run on PostgreSQL, against that
 * database too). A server writes a realistic log into the folder first; the folder is then copied for each
 * scenario, tampered with directly in the database, and verified again. Exit 0 = intact, 1 = tampered.
 */

/** Starts a server (on the data folder, or on `db`), seeds the demo register and runs some traffic, then stops. */
async function writeLog(env: Record<string, string>, db?: Db): Promise<void> {
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
  const server: RunningServer = await startServer(config, db ? { db } : {});
  try {
    await seedDirectory(server.app);
    const issuer = server.app.akson.devIssuer;
    if (!issuer) throw new Error('no development issuer');
    const system = await issuer.tokenFor('lillesand-migrering');
    const silje = await issuer.tokenFor('silje');
    const call = async (path: string, token: string, init: RequestInit = {}): Promise<number> => {
      const res = await fetch(`${url}/fhir/${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/fhir+json',
          ...(init.headers ?? {}),
        },
      });
      await res.arrayBuffer();
      return res.status;
    };
    const encounter = {
      resourceType: 'Encounter',
      status: 'in-progress',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'HH' },
      subject: { reference: 'Patient/ingrid-fjeld' },
      serviceProvider: { reference: 'Organization/hjemmesykepleien-nord' },
    };
    expect(await call('Encounter', system, { method: 'POST', body: JSON.stringify(encounter) })).toBe(201);
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = 0; i < 5; i++) {
          expect(await call('Patient/ingrid-fjeld', silje)).toBe(200);
          expect(await call('Encounter?patient=ingrid-fjeld', silje)).toBe(200);
          expect(await call('Patient/per-haugen', silje)).toBe(404);
        }
      }),
    );
  } finally {
    await server.close();
  }
}

const CHANGE_ONE_ENTRY = `
  ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_append_only;
  UPDATE "AuditEvent" SET content = replace(content, 'Silje Nilsen', 'Ola Nordmann')
    WHERE id = (SELECT id FROM "AuditEvent" WHERE content LIKE '%Silje Nilsen%' ORDER BY lane, seq LIMIT 1);
  ALTER TABLE "AuditEvent" ENABLE TRIGGER audit_event_append_only;`;

/** Removes the last two entries of the longest lane and moves its head back to match: consistent on its own. */
const ROLL_BACK_TAIL = `
  ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_append_only;
  DELETE FROM "AuditEvent" a USING (SELECT lane, seq FROM audit_chain ORDER BY seq DESC LIMIT 1) h
    WHERE a.lane = h.lane AND a.seq > h.seq - 2;
  UPDATE audit_chain c SET seq = e.seq, hash = e.chain_hash
    FROM (SELECT DISTINCT ON (lane) lane, seq, chain_hash FROM "AuditEvent" WHERE lane IS NOT NULL ORDER BY lane, seq DESC) e
    WHERE c.lane = e.lane AND c.seq <> e.seq;
  ALTER TABLE "AuditEvent" ENABLE TRIGGER audit_event_append_only;`;

describe('akson audit verify on the embedded database', () => {
  let prepared: string;
  let scratch: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'akson-cli-audit-'));
    prepared = join(scratch, 'prepared');
    await writeLog({ AKSON_DATA_DIR: prepared });
    expect(existsSync(join(prepared, 'audit-key.hex'))).toBe(true);
  });

  /** A copy of the prepared data folder (closed database), optionally tampered with. */
  async function copy(name: string, tamper?: string): Promise<string> {
    const dir = join(scratch, name);
    cpSync(prepared, dir, { recursive: true });
    if (tamper) {
      const db = await openPglite({ dataDir: dir });
      try {
        await db.exec(tamper);
      } finally {
        await db.close();
      }
    }
    return dir;
  }

  it('exits 0 and says so when the log is intact', async () => {
    const dir = await copy('intact');
    const result = await runCli(['audit', 'verify'], { AKSON_DATA_DIR: dir });
    expect(result.stderr).toBe('');
    // Two lanes on the embedded database: the writes' (its one connection) and the reads' group commit.
    expect(result.stdout).toMatch(/^Audit log intact: \d+ entries in 2 lanes verified in [\d.]+ s\.\n$/);
    expect(Number(/intact: (\d+) entries/.exec(result.stdout)?.[1])).toBeGreaterThan(50);
    expect(result.code).toBe(0);
  });

  it('exits 1 with a readable report naming the changed entry', async () => {
    const dir = await copy('changed', CHANGE_ONE_ENTRY);
    const result = await runCli(['audit', 'verify'], { AKSON_DATA_DIR: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^AUDIT LOG TAMPERED: 1 problem\(s\) in \d+ entries:\n/);
    expect(result.stdout).toMatch(
      / {2}lane \d+, entry \d+: changed — entry [0-9a-f-]+ does not match its seal\n/,
    );
  });

  it('finds a rolled-back tail only against a checkpoint from before', async () => {
    const dir = await copy('rolled-back');
    const checkpoint = join(scratch, 'rolled-back-checkpoint.json');
    const first = await runCli(['audit', 'verify', '--checkpoint', checkpoint], { AKSON_DATA_DIR: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Checkpoint saved to ${checkpoint}`);
    const saved = JSON.parse(readFileSync(checkpoint, 'utf8')) as {
      heads: { lane: number; seq: number; hash: string }[];
    };
    expect(saved.heads.length).toBe(2);

    const db = await openPglite({ dataDir: dir });
    await db.exec(ROLL_BACK_TAIL);
    await db.close();

    const blind = await runCli(['audit', 'verify'], { AKSON_DATA_DIR: dir });
    expect(blind.code).toBe(0); // consistent on its own: this is what the checkpoint is for
    const checked = await runCli(['audit', 'verify', '--checkpoint', checkpoint], { AKSON_DATA_DIR: dir });
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(
      /head-moved-back — the lane was at \d+ at the last checkpoint, now at \d+/,
    );
  });

  it('keeps reporting a rolled-back tail on the next run with the same checkpoint', async () => {
    const dir = await copy('rolled-back-twice');
    const checkpoint = join(scratch, 'twice-checkpoint.json');
    expect(
      (await runCli(['audit', 'verify', '--checkpoint', checkpoint], { AKSON_DATA_DIR: dir })).code,
    ).toBe(0);
    const db = await openPglite({ dataDir: dir });
    await db.exec(ROLL_BACK_TAIL);
    await db.close();
    expect(
      (await runCli(['audit', 'verify', '--checkpoint', checkpoint], { AKSON_DATA_DIR: dir })).code,
    ).toBe(1);
    expect(
      (await runCli(['audit', 'verify', '--checkpoint', checkpoint], { AKSON_DATA_DIR: dir })).code,
    ).toBe(1);
  });

  it('exits 1 when verified with another key', async () => {
    const dir = await copy('other-key');
    const result = await runCli(['audit', 'verify'], {
      AKSON_DATA_DIR: dir,
      AKSON_AUDIT_KEY: 'c'.repeat(64),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('AUDIT LOG TAMPERED');
  });
});

describe.runIf(process.env['AKSON_TEST_DATABASE_URL'] !== undefined)(
  'akson audit verify on PostgreSQL',
  () => {
    let database: TestDatabase;
    const key = 'd'.repeat(64);

    beforeAll(async () => {
      database = await openTestDatabase();
      await writeLog(
        { AKSON_DATA_DIR: mkdtempSync(join(tmpdir(), 'akson-cli-pg-')), AKSON_AUDIT_KEY: key },
        database.db,
      );
    });
    afterAll(async () => {
      await database?.close();
    });

    it('exits 0 when intact and 1 after an entry is changed', async () => {
      const env = {
        DATABASE_URL: database.url as string,
        AKSON_AUDIT_KEY: key,
        AKSON_DATA_DIR: mkdtempSync(join(tmpdir(), 'akson-cli-pg-')),
      };
      const intact = await runCli(['audit', 'verify'], env);
      expect(intact.stdout).toMatch(/^Audit log intact: \d+ entries in \d+ lanes/);
      expect(intact.code).toBe(0);
      await database.db.exec(CHANGE_ONE_ENTRY);
      const tampered = await runCli(['audit', 'verify'], env);
      expect(tampered.code).toBe(1);
      expect(tampered.stdout).toContain(': changed — entry ');
    });
  },
);
