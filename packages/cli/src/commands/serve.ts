import { seedDirectory, startServer } from '@akson/server';
import { configOrExit } from './load-config.ts';
import { seedDemoOnFirstStart } from './seed.ts';
import { Progress } from '../progress.ts';

export const serveHelp = `akson serve [--port N] [--data-dir DIR] [--demo]
  Starts the FHIR server. Without DATABASE_URL it uses the embedded database in the data folder.
  --demo   demo mode (embedded database, development sign-in, demo municipality); the default unless AKSON_MODE=production.
           The first start on an empty data folder also loads the demo data (akson seed --size demo).`;

export async function serve(flags: { port?: string; 'data-dir'?: string; demo?: boolean }): Promise<void> {
  const config = configOrExit({
    ...(flags.port ? { AKSON_PORT: flags.port } : {}),
    ...(flags['data-dir'] ? { AKSON_DATA_DIR: flags['data-dir'] } : {}),
    ...(flags.demo ? { AKSON_MODE: 'demo' } : {}),
  });
  const where = config.database.url
    ? `PostgreSQL (${new URL(config.database.url).host})`
    : `embedded PostgreSQL in ${config.database.dataDir}`;
  process.stderr.write(`Akson ${config.mode === 'demo' ? '(demo mode)' : ''} starting on ${where}\n`);
  const progress = new Progress('Database schema');
  const server = await startServer(config, {
    onMigrationProgress: (e) => progress.update(e.done, e.total, e.phase),
  });
  progress.done('up to date');
  if (config.mode === 'demo') {
    const written = await seedDirectory(server.app);
    process.stderr.write(`Demo municipality: Lillesand kommune, ${written} register resources in place.\n`);
    await seedDemoOnFirstStart(server.app, config);
  }
  if (config.auth.devIssuer) {
    const line = '!'.repeat(78);
    process.stderr.write(
      `\n${line}\n!! DEVELOPMENT SIGN-IN IS ON: anyone who can reach ${config.publicUrl}/auth can sign in as any\n` +
        `!! demo user. Never use this mode with real patients. Production: AKSON_MODE=production.\n${line}\n`,
    );
  }
  process.stderr.write(
    `\nAkson is running: ${config.publicUrl}/fhir (FHIR R4)   health: ${config.publicUrl}/healthz\n`,
  );

  // Graceful stop: no new connections, the requests in flight finish, the database closes. A request that is
  // held open cannot keep the process for ever (a rolling restart waits on it): after the timeout it exits
  // anyway, and a second signal exits at once. Nothing is half-written either way: every write is one
  // transaction.
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting without waiting for requests in flight.\n`);
      process.exit(1);
    }
    stopping = true;
    const limit = config.shutdownTimeoutMs;
    process.stderr.write(
      `\n${signal}: no new connections; finishing requests in flight (at most ${limit} ms), then closing the database...\n`,
    );
    const deadline = setTimeout(() => {
      process.stderr.write(
        `Requests were still in flight after ${limit} ms (AKSON_SHUTDOWN_TIMEOUT_MS); exiting.\n`,
      );
      process.exit(1);
    }, limit);
    server
      .close()
      .then(() => {
        clearTimeout(deadline);
        process.stderr.write('Stopped.\n');
        process.exit(0);
      })
      .catch((err: unknown) => {
        process.stderr.write(`Shutdown failed: ${String(err)}\n`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
