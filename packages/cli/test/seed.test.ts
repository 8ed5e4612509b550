import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase, type TestDatabase } from '@akson/store/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { MAIN, REPO, cliEnv, freePort, runCli } from './cli-test-kit.ts';

/**
 * `akson seed` and the demo's first start as an operator meets them: child processes against a data folder
 * (and PostgreSQL when the tests run on it). The audit log must verify after seeding.
 */

const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());

/** Starts `akson serve --demo` on a data folder, waits until it says it is running, stops it; its output. */
async function demoStart(dataDir: string): Promise<string> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [MAIN, 'serve', '--demo', '--port', String(port), '--data-dir', dataDir],
    {
      cwd: REPO,
      env: cliEnv({ AKSON_LOG_LEVEL: 'silent' }),
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let output = '';
  await new Promise<void>((ready, fail) => {
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Akson is running')) ready();
    });
    child.once('exit', (code) => fail(new Error(`akson serve exited with ${code}:\n${output}`)));
  });
  child.removeAllListeners('exit');
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return output;
}

describe('akson seed on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'akson-cli-seed-'));

  it('seeds the demo municipality, prints a summary, and the audit log verifies', async () => {
    const result = await runCli(['seed', '--citizens', '20', '--years', '1', '--now', TODAY], {
      AKSON_DATA_DIR: dataDir,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Seeding 20 citizens in municipality 4215');
    expect(result.stdout).toMatch(/Seeded 50 citizens in 1 municipality \(with the demo scenarios\):/);
    expect(result.stdout).toMatch(/ {2}Patient +\d+/);
    expect(result.stdout).toMatch(/in [\d.]+ s, [\d,]+ resources\/second\./);
    const verify = await runCli(['audit', 'verify'], { AKSON_DATA_DIR: dataDir });
    expect(verify.stdout).toMatch(/^Audit log intact: \d+ entries/);
    expect(verify.code).toBe(0);
  }, 300_000);

  it('refuses to load the same seed twice', async () => {
    const again = await runCli(['seed', '--citizens', '20', '--years', '1', '--now', TODAY], {
      AKSON_DATA_DIR: dataDir,
    });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('A population with seed 42 is already in this database.');
  }, 120_000);

  it('explains bad flags with the usage and exit code 2', async () => {
    const bad = await runCli(['seed', '--size', 'huge', '--municipalities', '12', '--now', 'yesterday'], {
      AKSON_DATA_DIR: dataDir,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('akson seed: --size is one of demo, small, medium, large');
    expect(bad.stderr).toContain('akson seed: --municipalities takes four-digit kommunenumre');
    expect(bad.stderr).toContain('akson seed: --now is a date, YYYY-MM-DD');
    expect(bad.stderr).toContain('akson seed [--municipalities');
    const unknown = await runCli(['seed', '--municipalities', '9999', '--citizens', '1'], {
      AKSON_DATA_DIR: dataDir,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown kommunenummer: 9999');
  }, 120_000);
});

describe('akson serve --demo', () => {
  it('loads the demo data on the first start and not on the next', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'akson-cli-demo-'));
    const first = await demoStart(dataDir);
    expect(first).toContain('First start: loading the demo data (Lillesand, 300 synthetic citizens');
    expect(first).toMatch(/Demo data: 330 citizens, [\d,]+ resources/);
    const second = await demoStart(dataDir);
    expect(second).not.toContain('First start');
    expect(second).toContain('Akson is running');
  }, 400_000);
});

describe.runIf(process.env['AKSON_TEST_DATABASE_URL'] !== undefined)('akson seed on PostgreSQL', () => {
  let database: TestDatabase;
  afterAll(async () => {
    await database?.close();
  });

  it('seeds through DATABASE_URL and the audit log verifies', async () => {
    database = await openTestDatabase();
    const env = {
      DATABASE_URL: database.url as string,
      AKSON_DATA_DIR: mkdtempSync(join(tmpdir(), 'akson-cli-seed-pg-')),
      AKSON_AUDIT_KEY: 'e'.repeat(64),
    };
    const result = await runCli(
      ['seed', '--municipalities', '4215,3301', '--citizens', '60', '--years', '1'],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Seeded 90 citizens in 2 municipalities/);
    const verify = await runCli(['audit', 'verify'], env);
    expect(verify.code, verify.stdout).toBe(0);
  }, 300_000);
});
