import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, seedDirectory, seedPopulation, startServer, type SeedOptions } from '@akson/server';

/**
 * The server of the seeding benchmark, in its own process: seeds a synthetic population through the bulk path
 * (timed), then serves it for the search measurements. Arguments: <pglite|postgres> <options as JSON> [postgres
 * url]. Prints one JSON line when ready: the port, tokens for the demo users the searches run as, and how the
 * seeding went.
 */
const [kind = 'pglite', optionsJson = '{}', url] = process.argv.slice(2);
const options = JSON.parse(optionsJson) as SeedOptions;
const config = loadConfig(
  {},
  {
    AKSON_PORT: '0',
    AKSON_HOST: '127.0.0.1',
    AKSON_LOG_LEVEL: 'silent',
    AKSON_DATA_DIR: mkdtempSync(join(tmpdir(), 'akson-bench-seed-')),
    AKSON_AUDIT_KEY: 'c'.repeat(64),
    ...(kind === 'postgres' && url ? { DATABASE_URL: url, AKSON_DB_POOL_SIZE: '16' } : {}),
  },
);
const server = await startServer(config);
await seedDirectory(server.app);
let lastReport = 0;
const report = await seedPopulation(server.app, options, (p) => {
  if (performance.now() - lastReport < 5000) return;
  lastReport = performance.now();
  process.stderr.write(`    ${kind}: ${p.citizens}/${p.totalCitizens} citizens, ${p.resources} resources\n`);
});
const issuer = server.app.akson.devIssuer;
if (!issuer) throw new Error('the benchmark needs the development issuer');
const tokens = {
  gp: await issuer.tokenFor('berg'),
  nurse: await issuer.tokenFor('silje'),
  system: await issuer.tokenFor('lillesand-migrering'),
};
process.stdout.write(
  `${JSON.stringify({
    port: Number(new URL(server.url).port),
    tokens,
    seeding: { citizens: report.citizens, resources: report.resources, seconds: report.seconds },
  })}\n`,
);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
