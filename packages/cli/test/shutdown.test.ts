import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, freePort, MAIN, onScratchPostgres, REPO, runCli } from './cli-test-kit.ts';

/**
 * Graceful shutdown of a real `akson serve` process (DESIGN.md §7): on SIGTERM it stops accepting connections,
 * lets the request in flight finish (a create whose body is still arriving), closes the database and exits 0;
 * the write is there after a restart. A request held open past AKSON_SHUTDOWN_TIMEOUT_MS does not keep the
 * process: it exits anyway, with 1. Runs on the embedded database, and on PostgreSQL when the suite does.
 */

const POSTGRES = process.env['AKSON_TEST_DATABASE_URL'];
const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

interface Server {
  readonly child: ChildProcess;
  readonly port: number;
  stderr(): string;
  readonly exited: Promise<number | null>;
}

async function serve(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, [MAIN, 'serve'], {
    cwd: REPO,
    env: cliEnv(env),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  await waitFor(
    () => stderr.includes('Akson is running'),
    150_000,
    () => `server did not start:\n${stderr}`,
  );
  return { child, port: Number(env['AKSON_PORT']), stderr: () => stderr, exited };
}

async function waitFor(check: () => boolean, ms: number, message: () => string): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(message());
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * A create whose headers are sent and whose body is held back: in flight from the server's point of view
 * (routed and authenticated, waiting for the body) until `finish` sends the rest.
 */
async function heldCreate(port: number, token: string) {
  const body = JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Avslutningsen' }] });
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  let answer = '';
  socket.on('data', (d: Buffer) => (answer += d.toString()));
  socket.on('error', () => undefined);
  const closed = new Promise((r) => socket.once('close', r));
  socket.write(
    `POST /fhir/Patient HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: application/fhir+json\r\nAccept: application/fhir+json\r\nConnection: close\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
  );
  await new Promise((r) => setTimeout(r, 300)); // the server has the headers and waits for the body
  return {
    finish: async (): Promise<{ answer: string; status: number; location: string | undefined }> => {
      // Not end(): a client that half-closes gets its request aborted by Node (no allowHalfOpen).
      socket.write(body.slice(10));
      await closed;
      return {
        answer,
        status: Number(answer.split(' ')[1]),
        location: /\r\nlocation: *([^\r]+)/i.exec(answer)?.[1],
      };
    },
    closed,
  };
}

/** Whether a new TCP connection to the port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

async function scenario(database: Record<string, string>): Promise<void> {
  const port = await freePort();
  const env = {
    AKSON_PORT: String(port),
    AKSON_HOST: '127.0.0.1',
    AKSON_PUBLIC_URL: `http://127.0.0.1:${port}`,
    AKSON_AUDIT_KEY: 'e'.repeat(64),
    AKSON_LOG_LEVEL: 'warn',
    ...database,
  };
  const first = await serve(env);
  const token = (await runCli(['token', 'lillesand-migrering'], env)).stdout.trim();
  expect(token.split('.')).toHaveLength(3);

  // 1. A request in flight finishes after SIGTERM; new connections are refused meanwhile.
  const held = await heldCreate(port, token);
  const signalled = Date.now();
  first.child.kill('SIGTERM');
  await waitFor(() => first.stderr().includes('SIGTERM: no new connections'), 10_000, first.stderr);
  let refusedNew = false;
  for (let i = 0; i < 40 && !refusedNew; i++) {
    refusedNew = await refused(port);
    if (!refusedNew) await new Promise((r) => setTimeout(r, 50));
  }
  expect(refusedNew, 'a new connection after SIGTERM must be refused').toBe(true);
  expect(first.child.exitCode, 'the process waits for the request in flight').toBeNull();
  const created = await held.finish();
  expect(created.status, created.answer).toBe(201);
  expect(await first.exited).toBe(0);
  const stopMs = Date.now() - signalled;
  expect(first.stderr()).toContain('Stopped.');

  // 2. The write is durable: a restarted server reads it back.
  const second = await serve(env);
  const path = new URL(created.location as string).pathname.replace(/\/_history\/.*$/, '');
  const read = await fetch(`http://127.0.0.1:${port}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(read.status).toBe(200);
  await read.arrayBuffer();

  // 3. A request held open past the timeout does not keep the process.
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
  const third = await serve({ ...env, AKSON_SHUTDOWN_TIMEOUT_MS: '1000' });
  const stuck = await heldCreate(port, token);
  const signalledAgain = Date.now();
  third.child.kill('SIGTERM');
  expect(await third.exited).toBe(1);
  const forcedMs = Date.now() - signalledAgain;
  expect(forcedMs).toBeGreaterThanOrEqual(950);
  expect(forcedMs).toBeLessThan(5000);
  expect(third.stderr()).toContain('still in flight after 1000 ms');
  await stuck.closed;
  process.stderr.write(
    `shutdown: SIGTERM to exit ${stopMs} ms (request finished on cue), forced exit after ${forcedMs} ms\n`,
  );
}

describe('akson serve shuts down gracefully', () => {
  it('on the embedded database', async () => {
    await scenario({ AKSON_DATA_DIR: mkdtempSync(join(tmpdir(), 'akson-shutdown-')) });
  }, 300_000);

  it.runIf(POSTGRES !== undefined)(
    'on PostgreSQL',
    () => onScratchPostgres(POSTGRES as string, 'akson_shutdown', scenario),
    300_000,
  );
});
