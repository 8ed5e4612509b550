import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { MAIN, onScratchPostgres, REPO } from './cli-test-kit.ts';

/**
 * No acknowledged write is lost when the server process is killed mid-load (DESIGN.md §6): a server in its
 * own process takes concurrent creates, is killed with SIGKILL while requests are in flight, and is started
 * again on the same data; every create that was answered 201 must be there, and the audit chain must verify.
 * Runs on the embedded database, and on PostgreSQL when the suite does.
 */

const SERVER = join(REPO, 'packages/cli/test/fixtures/crash-server.ts');
const POSTGRES = process.env['AKSON_TEST_DATABASE_URL'];
const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

async function start(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; token: string }> {
  const child = spawn(process.execPath, [SERVER], {
    cwd: REPO,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? tmpdir(),
      AKSON_AUDIT_KEY: 'd'.repeat(64),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const line = await new Promise<string>((done, fail) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', done);
    child.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
  });
  return { child, ...(JSON.parse(line) as { url: string; token: string }) };
}

function observation(i: number): string {
  return JSON.stringify({
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '29463-7', display: 'Body weight' }] },
    subject: { reference: 'Patient/ingrid-fjeld' },
    effectiveDateTime: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    valueQuantity: { value: 60 + (i % 20), unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
  });
}

async function scenario(env: Record<string, string>): Promise<void> {
  const first = await start(env);
  const acknowledged: string[] = [];
  let stop = false;
  let n = 0;
  const writers = Array.from({ length: 8 }, async () => {
    while (!stop) {
      const i = n++;
      try {
        const res = await fetch(`${first.url}/fhir/Observation`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${first.token}`,
            'content-type': 'application/fhir+json',
            prefer: 'return=minimal',
          },
          body: observation(i),
        });
        await res.arrayBuffer();
        const id = /Observation\/([^/]+)\//.exec(res.headers.get('location') ?? '')?.[1];
        if (res.status === 201 && id) acknowledged.push(id);
      } catch {
        // The connection died with the server: this write was never acknowledged.
      }
    }
  });
  await new Promise((r) => setTimeout(r, 2500));
  const exited = new Promise((r) => first.child.once('exit', r));
  first.child.kill('SIGKILL');
  stop = true;
  await Promise.all(writers);
  await exited;
  expect(acknowledged.length).toBeGreaterThan(20);

  const second = await start(env);
  const missing: string[] = [];
  for (const id of acknowledged) {
    const res = await fetch(`${second.url}/fhir/Observation/${id}`, {
      headers: { authorization: `Bearer ${second.token}` },
    });
    await res.arrayBuffer();
    if (res.status !== 200) missing.push(`${id}: ${res.status}`);
  }
  const stopped = new Promise((r) => second.child.once('exit', r));
  second.child.kill('SIGTERM');
  await stopped;
  expect(missing, `acknowledged writes lost: ${missing.join(', ')}`).toEqual([]);

  const verify = spawn(process.execPath, [MAIN, 'audit', 'verify'], {
    cwd: REPO,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? tmpdir(),
      AKSON_AUDIT_KEY: 'd'.repeat(64),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let report = '';
  verify.stdout?.on('data', (d: Buffer) => (report += d.toString()));
  verify.stderr?.on('data', (d: Buffer) => (report += d.toString()));
  const code = await new Promise((r) => verify.once('exit', r));
  expect(code, report).toBe(0);
}

describe('killing the server mid-load loses no acknowledged write', () => {
  it('on the embedded database', async () => {
    await scenario({ AKSON_DATA_DIR: mkdtempSync(join(tmpdir(), 'akson-crash-')) });
  }, 180_000);

  it.runIf(POSTGRES !== undefined)(
    'on PostgreSQL',
    () => onScratchPostgres(POSTGRES as string, 'akson_crash', scenario),
    180_000,
  );
});
