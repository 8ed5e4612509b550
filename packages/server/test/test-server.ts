import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase, type TestDatabase } from '@akson/store/testing';
import { loadConfig, type AksonConfig } from '../src/index.ts';
import { startServer, type RunningServer } from '../src/start-server.ts';
import { seedDirectory } from '../src/demo/seed-directory.ts';
import { DEMO_INTEGRATION_CLIENT } from '../src/demo/demo-municipality.ts';

/** A fixed audit key for tests (never used outside them). */
export const TEST_AUDIT_KEY = 'a'.repeat(64);

export interface TestServer {
  readonly base: string;
  readonly url: string;
  readonly config: AksonConfig;
  readonly server: RunningServer;
  readonly database: TestDatabase;
  /**
   * fetch against the FHIR base with FHIR JSON defaults; `path` is relative to the base ("Patient/1"). Sends the
   * integration client's token unless `as` names another demo user ("silje", "berg@solglott-avd-2", "ingrid")
   * or `token` gives one (`token: null` sends none).
   */
  fhir(
    path: string,
    init?: RequestInit & { json?: unknown; as?: string; token?: string | null },
  ): Promise<Response>;
  /** A token from the development issuer for a demo user or client. */
  tokenFor(name: string): Promise<string>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A real server on a real port over a fresh test database (PGlite, or PostgreSQL with AKSON_TEST_DATABASE_URL). */
export async function startTestServer(overrides: Record<string, string> = {}): Promise<TestServer> {
  const database = await openTestDatabase();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig(
    {},
    {
      AKSON_PORT: String(port),
      AKSON_PUBLIC_URL: url,
      AKSON_LOG_LEVEL: 'silent',
      AKSON_HOST: '127.0.0.1',
      AKSON_DATA_DIR: mkdtempSync(join(tmpdir(), 'akson-server-test-')),
      AKSON_AUDIT_KEY: TEST_AUDIT_KEY,
      ...overrides,
    },
  );
  const server = await startServer(config, { db: database.db });
  await seedDirectory(server.app);
  const base = `${url}/fhir`;
  const issuer = server.app.akson.devIssuer;
  if (!issuer) throw new Error('the test server needs the development issuer');
  const tokens = new Map<string, string>();
  const tokenFor = async (name: string): Promise<string> => {
    let token = tokens.get(name);
    if (!token) tokens.set(name, (token = await issuer.tokenFor(name)));
    return token;
  };
  return {
    base,
    url,
    config,
    server,
    database,
    tokenFor,
    fhir: async (path, init = {}) => {
      const { json, headers, as, token, ...rest } = init;
      const h = new Headers(headers);
      if (!h.has('accept')) h.set('accept', 'application/fhir+json');
      if (token !== null && !h.has('authorization')) {
        h.set('authorization', `Bearer ${token ?? (await tokenFor(as ?? DEMO_INTEGRATION_CLIENT.clientId))}`);
      }
      if (json !== undefined && !h.has('content-type')) h.set('content-type', 'application/fhir+json');
      return fetch(path.startsWith('http') ? path : `${base}/${path}`, {
        ...rest,
        headers: h,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      });
    },
    close: async () => {
      await server.close();
      await database.close();
    },
  };
}

/** Reads a JSON body and checks the status, with the body in the failure message. */
export async function expectStatus<T = Record<string, unknown>>(
  response: Response,
  status: number,
): Promise<T> {
  const text = await response.text();
  if (response.status !== status) {
    throw new Error(`Expected HTTP ${status}, got ${response.status}: ${text.slice(0, 2000)}`);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}
