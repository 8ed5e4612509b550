import type { Queryable } from '../db/db.ts';
import { ident, sql } from '../sql/sql.ts';

/**
 * The tables whose planner statistics are missing or stale: never analysed but holding rows, or doubled (and at
 * least 8 pages) since they were. Doubling keeps the number of ANALYZE runs logarithmic in a table's size (the
 * planner scales row counts by the current size itself; what goes stale is the distribution), which matters on
 * the embedded database, where an ANALYZE holds its only connection. PostgreSQL's autovacuum keeps statistics fresh; the embedded
 * database has no autovacuum, and without statistics the planner guesses one row per care relation and drives
 * a patient's search from every patient of the unit (a search measured 64 ms instead of 0.7 ms at 300
 * patients, seconds at 2,000). Sizes come from the files, so nothing on the write path has to count.
 */
export async function staleStatisticsTables(q: Queryable): Promise<string[]> {
  const rows = await q.query<{ name: string }>(sql`
    SELECT c.relname AS name
    FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
      AND pg_relation_size(c.oid) > 0
      AND (c.reltuples < 0
        OR pg_relation_size(c.oid) / current_setting('block_size')::int >= GREATEST(8, c.relpages * 2))
    ORDER BY c.relname`);
  return rows.map((r) => r.name);
}

/** Analyses the tables `staleStatisticsTables` names; returns them. */
export async function refreshStaleStatistics(q: Queryable): Promise<string[]> {
  const tables = await staleStatisticsTables(q);
  for (const table of tables) await q.query(sql`ANALYZE ${ident(table)}`);
  return tables;
}
