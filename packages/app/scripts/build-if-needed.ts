// Builds the web app with Vite when its sources are newer than the last build (or there is none), so that
// `npm start` always serves a current app without rebuilding on every start. Also used by the e2e tests.
//
//   node packages/app/scripts/build-if-needed.ts           build only when needed
//   node packages/app/scripts/build-if-needed.ts --force   always build
//
// The build goes to a fresh folder that replaces dist in one rename, and a lock folder keeps concurrent callers
// (parallel test files) from building twice.

import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(APP_DIR, 'dist');
const LOCK = join(APP_DIR, '.build-lock');
/**
 * What goes into the bundle: the app, the browser-safe clinical package it imports, and the one pure module of
 * the fhir package it shares with the server (national-id rules).
 */
const SOURCES = [
  join(APP_DIR, 'src'),
  join(APP_DIR, 'index.html'),
  join(APP_DIR, 'vite.config.ts'),
  join(APP_DIR, 'package.json'),
  join(APP_DIR, '..', 'clinical', 'src'),
  join(APP_DIR, '..', 'clinical', 'package.json'),
  join(APP_DIR, '..', 'fhir', 'src', 'identifiers', 'national-id.ts'),
];
const STALE_LOCK_MS = 5 * 60_000;

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

/** True when dist is missing or older than any source. */
export function appBuildIsStale(): boolean {
  const built = join(DIST, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((source) => newestMtime(source) > builtAt);
}

async function acquireLock(): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch {
      // Someone else is building; a lock older than any build is left over from a killed process.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS)
        rmSync(LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Builds the app if needed; returns whether it built. */
export async function buildAppIfNeeded(options: { force?: boolean; quiet?: boolean } = {}): Promise<boolean> {
  if (!options.force && !appBuildIsStale()) return false;
  const release = await acquireLock();
  try {
    if (!options.force && !appBuildIsStale()) return false; // built by whoever held the lock
    const { build } = await import('vite');
    const staging = join(APP_DIR, `.dist-${process.pid}-${Date.now()}`);
    // Vite keeps a NODE_ENV it finds (vitest sets "test"), which would bundle React's development build.
    const nodeEnv = process.env['NODE_ENV'];
    process.env['NODE_ENV'] = 'production';
    try {
      await build({
        configFile: join(APP_DIR, 'vite.config.ts'),
        mode: 'production',
        logLevel: options.quiet ? 'warn' : 'info',
        build: { outDir: staging, emptyOutDir: true },
      });
    } finally {
      if (nodeEnv === undefined) delete process.env['NODE_ENV'];
      else process.env['NODE_ENV'] = nodeEnv;
    }
    const previous = join(APP_DIR, `.dist-old-${process.pid}`);
    if (existsSync(DIST)) renameSync(DIST, previous);
    renameSync(staging, DIST);
    rmSync(previous, { recursive: true, force: true });
    return true;
  } finally {
    release();
  }
}

if (import.meta.main) {
  const force = process.argv.includes('--force');
  buildAppIfNeeded({ force })
    .then((built) => {
      if (!built) process.stdout.write('Web app is up to date (packages/app/dist).\n');
    })
    .catch((err: unknown) => {
      process.stderr.write(
        `Building the web app failed: ${err instanceof Error ? err.message : String(err)}\n`,
      );
      process.exit(1);
    });
}
