import { fail, loadDefinitions } from '@akson/fhir';
import type { Queryable } from '../db/db.ts';
import { historyTable } from '../schema/tables.ts';
import { scopeFilter, type ReadScope } from '../search/read-scope.ts';
import { and, ident, join, sql, type Sql } from '../sql/sql.ts';
import { toResourceRow, type DbRow, type ResourceRow } from './resource-row.ts';

export interface HistoryRequest {
  /** Undefined for system history (every type). */
  readonly type: string | undefined;
  /** Set for instance history. */
  readonly id: string | undefined;
  readonly count: number;
  /** Only versions written at or after this instant. */
  readonly since: string | undefined;
  /** Only versions written before this instant (R4 _at reads as "the versions current at or before"). */
  readonly before: string | undefined;
  readonly cursor: string | undefined;
}

export interface HistoryPage {
  readonly entries: readonly ResourceRow[];
  readonly next: string | undefined;
}

/** Newest first; keyset paging on (last_updated, type, id, version). */
export async function readHistory(
  q: Queryable,
  request: HistoryRequest,
  scope: ReadScope,
): Promise<HistoryPage> {
  const position = request.cursor ? decodeHistoryCursor(request.cursor) : undefined;
  const types = request.type ? [request.type] : loadDefinitions().resourceTypes;
  const selects = types.map((type) => {
    const conditions: Sql[] = [scopeFilter(scope, 'h', type)];
    if (request.id) conditions.push(sql`h.id = ${request.id}`);
    if (request.since) conditions.push(sql`h.last_updated >= ${request.since}::timestamptz`);
    if (request.before) conditions.push(sql`h.last_updated <= ${request.before}::timestamptz`);
    if (position) {
      conditions.push(
        sql`(h.last_updated, ${type}::text, h.id, h.version_id) < (${position.lastUpdated}::timestamptz, ${position.type}::text, ${position.id}::text, ${position.version}::integer)`,
      );
    }
    return sql`(SELECT ${type}::text AS type, h.id, h.version_id, h.last_updated, h.deleted, h.patient_id, h.access_tags, h.content
      FROM ${ident(historyTable(type))} h WHERE ${and(conditions)}
      ORDER BY h.last_updated DESC, h.id DESC, h.version_id DESC LIMIT ${request.count + 1})`;
  });
  const rows = await q.query<DbRow & { type: string }>(sql`
    SELECT * FROM (${join(selects, ' UNION ALL ')}) x
    ORDER BY x.last_updated DESC, x.type DESC, x.id DESC, x.version_id DESC LIMIT ${request.count + 1}`);
  const page = rows.slice(0, request.count).map((r) => toResourceRow(r.type, r));
  const last = page[page.length - 1];
  const next =
    rows.length > request.count && last
      ? Buffer.from(JSON.stringify([last.lastUpdated, last.type, last.id, last.versionId])).toString(
          'base64url',
        )
      : undefined;
  return { entries: page, next };
}

function decodeHistoryCursor(token: string): {
  lastUpdated: string;
  type: string;
  id: string;
  version: number;
} {
  try {
    const [lastUpdated, type, id, version] = JSON.parse(
      Buffer.from(token, 'base64url').toString('utf8'),
    ) as unknown[];
    if (
      typeof lastUpdated === 'string' &&
      !Number.isNaN(Date.parse(lastUpdated)) &&
      typeof type === 'string' &&
      typeof id === 'string' &&
      Number.isInteger(version)
    ) {
      return { lastUpdated, type, id, version: version as number };
    }
  } catch {
    // fall through
  }
  throw fail('AKS_ERR_SEARCH_CURSOR');
}
