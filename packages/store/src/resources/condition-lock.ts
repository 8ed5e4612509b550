import type { Queryable } from '../db/db.ts';
import { sql } from '../sql/sql.ts';

/**
 * Serialises conditional writes with the same condition (If-None-Exist, conditional update) until the end of
 * the transaction, so two concurrent "create if none exists" cannot both create.
 */
export async function lockCondition(q: Queryable, key: string): Promise<void> {
  await q.query(sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}
