import { createHash } from 'node:crypto';
import { loadDefinitions } from '@akson/fhir';
import { afterAll, describe, expect, it } from 'vitest';
import { ident, sql } from '../../store/src/sql/sql.ts';
import { seedPopulation, type SeedOptions } from '../src/seed/index.ts';
import { SeedClock } from '../src/seed/seed-clock.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/**
 * Same seed, sizes and reference date: byte-identical resources (ids, content, meta.lastUpdated included),
 * in a fresh database each time. Another seed gives another population.
 */

const servers: TestServer[] = [];
const OPTIONS: SeedOptions = {
  municipalities: ['4215', '4204'],
  citizens: 40,
  years: 1,
  seed: '7',
  now: '2026-11-25',
};

/** Every resource the seeder wrote (the demo register, written at start-up by seedDirectory, is not its). */
async function seeded(options: SeedOptions): Promise<{ digest: string; count: number; sample: string[] }> {
  const t = await startTestServer();
  servers.push(t);
  await seedPopulation(t.server.app, options);
  const until = new SeedClock(options.now, 'Europe/Oslo').now;
  const hash = createHash('sha256');
  let count = 0;
  const sample: string[] = [];
  for (const type of loadDefinitions().resourceTypes) {
    if (type === 'AuditEvent') continue;
    const rows = await t.database.db.query<{ id: string; content: string }>(
      sql`SELECT id, content FROM ${ident(type)} WHERE last_updated <= ${until}::timestamptz ORDER BY id`,
    );
    for (const row of rows) {
      hash.update(`${type}/${row.id}\n${row.content}\n`);
      if (count++ % 997 === 0) sample.push(row.content);
    }
  }
  return { digest: hash.digest('hex'), count, sample };
}

afterAll(async () => {
  for (const t of servers) await t.close();
});

let first: Awaited<ReturnType<typeof seeded>>;

describe('akson seed is deterministic', () => {
  it('writes byte-identical resources for the same seed, sizes and date', async () => {
    first = await seeded(OPTIONS);
    const second = await seeded(OPTIONS);
    expect(first.count).toBeGreaterThan(2000);
    expect(second.sample).toEqual(first.sample);
    expect(second.digest).toBe(first.digest);
  }, 300_000);

  it('writes another population for another seed', async () => {
    const other = await seeded({ ...OPTIONS, seed: '8' });
    expect(other.digest).not.toBe(first.digest);
  }, 300_000);

  it('adds a second population to the same database without sharing a national id or repeating the scenarios', async () => {
    const t = servers[servers.length - 1] as TestServer;
    const perBefore = await t.fhir('Composition?patient=per-haugen&_summary=count');
    const report = await seedPopulation(t.server.app, { ...OPTIONS, seed: '9' });
    expect(report.scenarios).toBe(false);
    expect(report.citizens).toBe(OPTIONS.citizens);
    const duplicates = await t.database.db.query(sql`
      SELECT t, count(*) FROM (
        SELECT unnest(sp_identifier) AS t FROM "Patient" UNION ALL SELECT unnest(sp_identifier) FROM "Practitioner"
      ) ids WHERE t LIKE 's:urn:oid:2.16.578.1.12.4.1.4.1|%' GROUP BY t HAVING count(*) > 1`);
    expect(duplicates).toEqual([]);
    const perAfter = await t.fhir('Composition?patient=per-haugen&_summary=count');
    expect(((await perAfter.json()) as { total: number }).total).toBe(
      ((await perBefore.json()) as { total: number }).total,
    );
  }, 300_000);
});
