import type { Queryable } from '../db/db.ts';
import { paramStorage } from '../schema/columns.ts';
import { normalizeTimestamp } from '../resources/resource-row.ts';
import { ident, join, prepared, raw, sql, type Sql } from '../sql/sql.ts';

/**
 * SQL for the sealed audit log. The chain itself (HMAC over content and predecessor) is computed by the audit
 * module in the server; the store only keeps lanes, rows and heads, and never updates or deletes a row.
 */
export const AUDIT_LANES = 64;

export interface LaneHead {
  readonly lane: number;
  readonly seq: number;
  readonly hash: string;
}

/**
 * Lanes from here on are kept by the audit writer's group commit (one per flush that may run at once); the
 * lanes below it follow the connection's backend (see lockAuditLane).
 */
export const GROUP_COMMIT_LANES_FROM = AUDIT_LANES;

/**
 * Locks a lane until the transaction ends and returns its head: the given one, or else this connection's,
 * which comes from the database backend's process id, so concurrent transactions on different connections
 * use different lanes.
 */
export async function lockAuditLane(q: Queryable, lane?: number): Promise<LaneHead> {
  // One statement: creates the lane on first use, and the (no-op) update takes the row lock and returns the head.
  const [head] = await q.query<{ lane: number; seq: string | number; hash: string }>(
    prepared(sql`INSERT INTO audit_chain AS c (lane, seq, hash)
      VALUES (coalesce(${lane ?? null}::integer, pg_backend_pid() % ${AUDIT_LANES}), 0, '')
      ON CONFLICT (lane) DO UPDATE SET lane = c.lane RETURNING c.lane, c.seq, c.hash`),
  );
  if (!head) throw new Error('audit lane could not be locked');
  return { lane: Number(head.lane), seq: Number(head.seq), hash: head.hash };
}

export interface AuditRow {
  readonly id: string;
  readonly recorded: string;
  readonly patientId: string;
  readonly accessTags: readonly string[];
  readonly content: string;
  /** Search column values (the AuditEvent's indexed parameters), by column name. */
  readonly columns: ReadonlyMap<string, unknown>;
  readonly lane: number;
  readonly seq: number;
  readonly chainHash: string;
}

/**
 * Appends sealed rows and moves the lane head, if the head is still `head`: one statement, one round trip
 * (outside a transaction also one commit, for a whole group of reads). The head moves only if it was where the
 * rows were sealed onto, and the rows go in only if it moved, so a writer that lost the race (a rolled-back
 * transaction, another connection or server process on the same lane) writes nothing and is told so. Under
 * lockAuditLane's lock it always succeeds. The update holds the lane's row lock until the transaction ends.
 */
export async function appendAuditRowsAtHead(
  q: Queryable,
  rows: readonly AuditRow[],
  head: LaneHead,
): Promise<boolean> {
  if (rows.length === 0) return true;
  const { names, values } = auditRowsSql(rows);
  const last = rows[rows.length - 1] as AuditRow;
  const inserted = await q.query(
    preparedForFewRows(
      rows,
      sql`WITH moved AS (
        UPDATE audit_chain SET seq = ${last.seq}::bigint, hash = ${last.chainHash}
        WHERE lane = ${head.lane}::integer AND seq = ${head.seq}::bigint AND hash = ${head.hash} RETURNING 1)
      INSERT INTO "AuditEvent" (${names}) SELECT * FROM (VALUES ${values}) v WHERE EXISTS (SELECT 1 FROM moved)
      RETURNING 1`,
    ),
  );
  return inserted.length === rows.length;
}

/** The statement text varies only with the number of rows: prepare the common small groups (a bounded set). */
function preparedForFewRows(rows: readonly AuditRow[], statement: Sql): Sql {
  return rows.length <= 16 ? prepared(statement) : statement;
}

function auditRowsSql(rows: readonly AuditRow[]): { names: Sql; values: Sql } {
  const searchColumns = paramStorage('AuditEvent').flatMap((s) => s.columns);
  const names = join(
    [
      'id',
      'version_id',
      'last_updated',
      'deleted',
      'patient_id',
      'access_tags',
      'content',
      'lane',
      'seq',
      'chain_hash',
      ...searchColumns.map((c) => c.name),
    ].map((n) => sql`${ident(n)}`),
    ', ',
  );
  const values = rows.map(
    (r) =>
      sql`(${r.id}, 1, ${r.recorded}::timestamptz, false, ${r.patientId}, ${[...r.accessTags]}::text[], ${r.content}, ${r.lane}::integer,
        ${r.seq}::bigint, ${r.chainHash}, ${join(
          searchColumns.map((c) => sql`${r.columns.get(c.name) ?? null}::${raw(c.sqlType)}`),
          ', ',
        )})`,
  );
  return { names, values: join(values, ', ') };
}

export interface ChainEntry {
  readonly lane: number;
  readonly seq: number;
  readonly chainHash: string;
  readonly content: string;
  readonly id: string;
  readonly patientId: string;
  readonly accessTags: readonly string[];
  readonly lastUpdated: string;
  /** Always false and 1 as written: a flipped flag hides the entry from every reader, a changed id renames it. */
  readonly deleted: boolean;
  readonly versionId: number;
  /** The stored values of the reference columns readers filter on, to check they still match the content. */
  readonly references: Readonly<Record<'sp_patient' | 'sp_agent' | 'sp_entity', readonly string[] | null>>;
}

/** A page of the chain in (lane, seq) order, after the given position. */
export async function readAuditChain(
  q: Queryable,
  after: { lane: number; seq: number },
  limit: number,
): Promise<ChainEntry[]> {
  const rows = await q.query<{
    lane: number;
    seq: string | number;
    chain_hash: string;
    content: string;
    id: string;
    patient_id: string;
    access_tags: string[] | null;
    last_updated: string;
    deleted: boolean;
    version_id: string | number;
    sp_patient: string[] | null;
    sp_agent: string[] | null;
    sp_entity: string[] | null;
  }>(sql`
    SELECT lane, seq, chain_hash, content, id, patient_id, access_tags, last_updated, deleted, version_id, sp_patient, sp_agent, sp_entity FROM "AuditEvent"
    WHERE lane IS NOT NULL AND (lane, seq) > (${after.lane}::integer, ${after.seq}::bigint)
    ORDER BY lane, seq LIMIT ${limit}`);
  return rows.map((r) => ({
    lane: Number(r.lane),
    seq: Number(r.seq),
    chainHash: r.chain_hash,
    content: r.content,
    id: r.id,
    patientId: r.patient_id,
    accessTags: r.access_tags ?? [],
    lastUpdated: normalizeTimestamp(r.last_updated),
    deleted: r.deleted,
    versionId: Number(r.version_id),
    references: { sp_patient: r.sp_patient, sp_agent: r.sp_agent, sp_entity: r.sp_entity },
  }));
}

/** Rows that have no place in any chain: inserted around the audit writer. */
export async function countUnsealedAuditRows(q: Queryable): Promise<number> {
  const [row] = await q.query<{ n: string | number }>(
    sql`SELECT count(*) AS n FROM "AuditEvent" WHERE lane IS NULL OR seq IS NULL OR chain_hash IS NULL`,
  );
  return Number(row?.n ?? 0);
}

export async function readAuditHeads(q: Queryable): Promise<LaneHead[]> {
  const rows = await q.query<{ lane: number; seq: string | number; hash: string }>(
    sql`SELECT lane, seq, hash FROM audit_chain ORDER BY lane`,
  );
  return rows.map((r) => ({ lane: Number(r.lane), seq: Number(r.seq), hash: r.hash }));
}

export interface AuditReview {
  /** The AuditEvent id, or the key of a flagged entry that is no single event (unusual volume). */
  readonly entryKey: string;
  readonly reviewedBy: string;
  readonly reviewedAt: string;
  readonly comment: string;
}

/**
 * Records a review of one flagged entry; a review is recorded once. Returns undefined when it was recorded,
 * or the review already there (then nothing changed).
 */
export async function markAuditReviewed(q: Queryable, review: AuditReview): Promise<AuditReview | undefined> {
  const inserted = await q.query(sql`INSERT INTO audit_review (entry_key, reviewed_by, reviewed_at, comment)
    VALUES (${review.entryKey}, ${review.reviewedBy}, ${review.reviewedAt}::timestamptz, ${review.comment})
    ON CONFLICT (entry_key) DO NOTHING RETURNING entry_key`);
  if (inserted.length > 0) return undefined;
  return (await reviewsOf(q, [review.entryKey]))[0];
}

export async function reviewsOf(q: Queryable, entryKeys: readonly string[]): Promise<AuditReview[]> {
  if (entryKeys.length === 0) return [];
  const rows = await q.query<{
    entry_key: string;
    reviewed_by: string;
    reviewed_at: string;
    comment: string;
  }>(
    sql`SELECT entry_key, reviewed_by, reviewed_at, comment FROM audit_review WHERE entry_key = ANY(${[...entryKeys]}::text[])`,
  );
  return rows.map((r) => ({
    entryKey: r.entry_key,
    reviewedBy: r.reviewed_by,
    reviewedAt: normalizeTimestamp(r.reviewed_at),
    comment: r.comment,
  }));
}

export interface TaggedAuditQuery {
  readonly tags: readonly string[];
  readonly organisationTag: string;
  readonly since: string;
}

/** A position in the log review's order (newest first): after the entry recorded at `recorded` with `id`. */
export interface AuditPosition {
  readonly recorded: string;
  readonly id: string;
}

/**
 * Audit events carrying any of the given tags since a time (flags for the log review), newest first: one page
 * of at most `limit` after `after`, and how many there are in all (so a page never hides that more exist).
 */
export async function auditEventsTagged(
  q: Queryable,
  query: TaggedAuditQuery,
  limit: number,
  after?: AuditPosition,
): Promise<{
  events: { id: string; recorded: string; content: string; accessTags: string[] }[];
  total: number;
}> {
  const rows = await q.query<{
    id: string;
    last_updated: string;
    content: string;
    access_tags: string[];
  }>(sql`
    SELECT id, last_updated, content, access_tags FROM "AuditEvent" a
    WHERE ${taggedWhere(query)}${after ? sql` AND (a.last_updated, a.id) < (${after.recorded}::timestamptz, ${after.id})` : raw('')}
    ORDER BY a.last_updated DESC, a.id DESC LIMIT ${limit}`);
  const [count] = await q.query<{ n: string | number }>(
    sql`SELECT count(*) AS n FROM "AuditEvent" a WHERE ${taggedWhere(query)}`,
  );
  return {
    events: rows.map((r) => ({
      id: r.id,
      recorded: normalizeTimestamp(r.last_updated),
      content: r.content,
      accessTags: r.access_tags,
    })),
    total: Number(count?.n ?? 0),
  };
}

function taggedWhere(query: TaggedAuditQuery) {
  return sql`a.last_updated >= ${query.since}::timestamptz AND a.access_tags && ${[...query.tags]}::text[]
    AND a.access_tags @> ${[query.organisationTag]}::text[]`;
}

/** Users who touched unusually many distinct patients in a period: (agent tag, patients) above a threshold. */
export async function heavyAuditUsers(
  q: Queryable,
  organisationTag: string,
  since: string,
  threshold: number,
): Promise<{ agentTag: string; patients: number }[]> {
  const rows = await q.query<{ agent: string; patients: string | number }>(sql`
    SELECT agent, count(DISTINCT patient_id) AS patients FROM (
      SELECT a.patient_id, t AS agent FROM "AuditEvent" a, unnest(a.access_tags) t
      WHERE a.last_updated >= ${since}::timestamptz AND a.access_tags @> ${[organisationTag]}::text[] AND t LIKE 'agent:%' AND a.patient_id <> ''
    ) x GROUP BY agent HAVING count(DISTINCT patient_id) > ${threshold}::integer ORDER BY patients DESC`);
  return rows.map((r) => ({ agentTag: r.agent, patients: Number(r.patients) }));
}
