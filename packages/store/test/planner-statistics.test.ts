import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshStaleStatistics, staleStatisticsTables } from '../src/index.ts';
import { sql } from '../src/sql/sql.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe('planner statistics', () => {
  it('names a table that was never analysed or has grown, and not once it is analysed', async () => {
    await t.db.exec('CREATE TABLE planner_probe (id integer, tags text[]) WITH (autovacuum_enabled = false)');
    await t.db.exec(
      `INSERT INTO planner_probe SELECT g, ARRAY['p' || (g % 50)] FROM generate_series(1, 2000) g`,
    );
    expect(await staleStatisticsTables(t.db)).toContain('planner_probe');

    expect(await refreshStaleStatistics(t.db)).toContain('planner_probe');
    expect(await staleStatisticsTables(t.db)).not.toContain('planner_probe');
    const [analysed] = await t.db.query<{ reltuples: number }>(
      sql`SELECT reltuples FROM pg_class WHERE relname = 'planner_probe'`,
    );
    expect(Number(analysed?.reltuples)).toBe(2000);

    // Ten times the rows: stale again (the embedded database has no autovacuum to notice).
    await t.db.exec(
      `INSERT INTO planner_probe SELECT g, ARRAY['p' || (g % 50)] FROM generate_series(1, 20000) g`,
    );
    expect(await staleStatisticsTables(t.db)).toContain('planner_probe');
  });

  it('every GIN index keeps a short pending list (searches scan it until a vacuum merges it)', async () => {
    const [row] = await t.db.query<{ all: string; limited: string }>(sql`
      SELECT count(*) AS all,
             count(*) FILTER (WHERE coalesce(c.reloptions, '{}') @> ARRAY['gin_pending_list_limit=64']) AS limited
      FROM pg_class c JOIN pg_am am ON am.oid = c.relam
      WHERE c.relkind = 'i' AND am.amname = 'gin' AND c.relnamespace = 'public'::regnamespace`);
    expect(Number(row?.all)).toBeGreaterThan(1000);
    expect(row?.limited).toBe(row?.all);
  });
});
