import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPostgres } from '@akson/store';

/** The `akson` command as an operator runs it: `node packages/cli/src/main.ts …` in a child process. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const MAIN = join(REPO, 'packages/cli/src/main.ts');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The child's environment: only PATH, HOME and what the test gives (never the test runner's own settings). */
export function cliEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? tmpdir(), ...env };
}

export function runCli(args: string[], env: Record<string, string>, timeoutMs = 300_000): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      { cwd: REPO, env: cliEnv(env), timeout: timeoutMs },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : -1
          : 0;
        done({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Runs `scenario` on a fresh PostgreSQL database `<prefix>_<pid>` of the test server (AKSON_TEST_DATABASE_URL),
 * with its own data folder, and drops the database afterwards whatever happened.
 */
export async function onScratchPostgres(
  postgresUrl: string,
  prefix: string,
  scenario: (env: { DATABASE_URL: string; AKSON_DATA_DIR: string }) => Promise<void>,
): Promise<void> {
  const name = `${prefix}_${process.pid}`;
  const admin = await openPostgres({ connectionString: postgresUrl, poolSize: 1, statementTimeoutMs: 0 });
  await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.exec(`CREATE DATABASE ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  try {
    await scenario({
      DATABASE_URL: url.toString(),
      AKSON_DATA_DIR: mkdtempSync(join(tmpdir(), `${prefix.replaceAll('_', '-')}-`)),
    });
  } finally {
    await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
  }
}
