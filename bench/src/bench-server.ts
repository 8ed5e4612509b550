import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, seedDirectory, startServer } from '@akson/server';
import { refreshStaleStatistics } from '@akson/store';
import { seedBenchData } from './bench-data.ts';

/**
 * The server under test, in its own process so the load generator does not share its event loop. Arguments:
 * <pglite|postgres> <open|secured> <patients> <observations per patient> [postgres url]. Prints one JSON line
 * when ready: the port, tokens, and the ids to ask for.
 */
const [kind = 'pglite', mode = 'secured', patients = '1000', perPatient = '10', url] = process.argv.slice(2);
const config = loadConfig(
  {},
  {
    AKSON_PORT: '0',
    AKSON_HOST: '127.0.0.1',
    AKSON_LOG_LEVEL: 'silent',
    AKSON_DATA_DIR: mkdtempSync(join(tmpdir(), 'akson-bench-')),
    AKSON_AUDIT_KEY: 'c'.repeat(64),
    ...(kind === 'postgres' && url ? { DATABASE_URL: url, AKSON_DB_POOL_SIZE: '16' } : {}),
  },
);
const server = await startServer(config, { benchmarkWithoutAccessControl: mode === 'open' });
await seedDirectory(server.app);
const data = await seedBenchData(server.app, Number(patients), Number(perPatient), (done) =>
  process.stderr.write(`\r  seeding ${kind}/${mode}: ${done}/${patients} patients`),
);
process.stderr.write('\n');
// As after any bulk load (autovacuum would get there within a minute on PostgreSQL; the embedded database
// refreshes once a minute): measure with the planner's statistics in place, as a running installation has them.
await refreshStaleStatistics(server.db);
const port = Number(new URL(server.url).port);
const issuer = server.app.akson.devIssuer;
const tokens = {
  nurse: await issuer?.tokenFor('silje'),
  system: await issuer?.tokenFor('lillesand-migrering'),
};
// BENCH_PROFILE_DIR=<dir>: a CPU profile of the server under load (from here to SIGTERM), for `node --cpu-prof`
// style analysis without the seeding in it.
const profile = process.env.BENCH_PROFILE_DIR ? await startProfile() : undefined;
process.stdout.write(`${JSON.stringify({ port, tokens, data, publicUrl: config.publicUrl })}\n`);
process.on('SIGTERM', () => {
  void (async () => {
    if (profile)
      await profile.stop(
        join(process.env.BENCH_PROFILE_DIR as string, `${kind}-${mode}-${process.pid}.cpuprofile`),
      );
    await server.close();
    process.exit(0);
  })();
});

async function startProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object): Promise<unknown> =>
    new Promise((resolve, reject) =>
      session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  return {
    async stop(file) {
      const { profile: result } = (await post('Profiler.stop')) as { profile: object };
      writeFileSync(file, JSON.stringify(result));
      process.stderr.write(`  CPU profile written to ${file}\n`);
    },
  };
}
