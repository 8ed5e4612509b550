import type { Queryable } from '../db/db.ts';
import { indexResource, type IndexContext, type IndexedResource } from '../indexing/index-resource.ts';
import { paramStorage } from '../schema/columns.ts';
import { historyTable } from '../schema/tables.ts';
import { carryPrecision, stringifyFhirJson } from '@akson/fhir';
import { ident, join, prepared, raw, sql, type Sql } from '../sql/sql.ts';

/**
 * The statements that write one version of a resource. Each is a single SQL statement (a data-modifying CTE),
 * so the current row and its history row are written atomically even outside a transaction, in one round trip.
 */

export interface ResourceInput {
  readonly resourceType: string;
  readonly id?: string;
  readonly meta?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** Labels for a new version, given the resource, its patient and the labels of the version it replaces. */
export type AccessTagger = (
  resource: Record<string, unknown>,
  patientId: string,
  previous?: readonly string[],
) => readonly string[];

export interface PreparedVersion {
  readonly type: string;
  readonly id: string;
  readonly versionId: number;
  readonly lastUpdated: string;
  /** The resource as stored: meta.versionId and meta.lastUpdated set, keys in canonical order. */
  readonly resource: Record<string, unknown>;
  readonly content: string;
  readonly indexed: IndexedResource;
  readonly accessTags: readonly string[];
}

/** Builds the stored form of a new version: meta filled in, JSON text ready, search values extracted. */
export function prepareVersion(
  input: ResourceInput,
  id: string,
  versionId: number,
  lastUpdated: string,
  ctx: IndexContext,
  accessTags: AccessTagger = () => [],
  patientIdOverride?: string,
  previousTags?: readonly string[],
): PreparedVersion {
  const { resourceType, id: _ignored, meta, ...rest } = input;
  const resource: Record<string, unknown> = {
    resourceType,
    id,
    meta: { ...meta, versionId: String(versionId), lastUpdated },
    ...rest,
  };
  carryPrecision(input, resource);
  const extracted = indexResource(resource as { resourceType: string; id: string }, ctx);
  const indexed =
    patientIdOverride && !extracted.patientId ? { ...extracted, patientId: patientIdOverride } : extracted;
  return {
    type: resourceType,
    id,
    versionId,
    lastUpdated,
    resource,
    content: stringifyFhirJson(resource),
    indexed,
    accessTags: accessTags(resource, indexed.patientId, previousTags),
  };
}

interface ColumnPlan {
  readonly names: Sql;
  readonly values: (w: PreparedVersion) => Sql[];
  readonly assignments: (w: PreparedVersion) => Sql;
  readonly clearAssignments: Sql;
}

const plans = new Map<string, ColumnPlan>();

function columnPlan(type: string): ColumnPlan {
  let plan = plans.get(type);
  if (plan) return plan;
  const searchColumns = paramStorage(type).flatMap((s) => s.columns);
  const names = join(
    [
      'id',
      'version_id',
      'last_updated',
      'deleted',
      'patient_id',
      'access_tags',
      'content',
      ...searchColumns.map((c) => c.name),
    ].map((n) => sql`${ident(n)}`),
    ', ',
  );
  const castOf = searchColumns.map((c) => raw(`::${c.sqlType}`));
  const searchValues = (w: PreparedVersion): Sql[] =>
    searchColumns.map((c, i) => sql`${w.indexed.columns.get(c.name) ?? null}${castOf[i] as Sql}`);
  plan = {
    names,
    values: (w) => [
      sql`${w.id}`,
      sql`${w.versionId}::integer`,
      sql`${w.lastUpdated}::timestamptz`,
      raw('false'),
      sql`${w.indexed.patientId}`,
      sql`${[...w.accessTags]}::text[]`,
      sql`${w.content}`,
      ...searchValues(w),
    ],
    assignments: (w) =>
      join(
        [
          sql`version_id = ${w.versionId}::integer`,
          sql`last_updated = ${w.lastUpdated}::timestamptz`,
          raw('deleted = false'),
          // Never patient_id: the distribution column is not changed in place (see moveVersion).
          sql`access_tags = ${[...w.accessTags]}::text[]`,
          sql`content = ${w.content}`,
          ...searchColumns.map(
            (c, i) => sql`${ident(c.name)} = ${w.indexed.columns.get(c.name) ?? null}${castOf[i] as Sql}`,
          ),
        ],
        ', ',
      ),
    clearAssignments: join(
      searchColumns.map((c) => sql`${ident(c.name)} = NULL`),
      ', ',
    ),
  };
  plans.set(type, plan);
  return plan;
}

function historyInsert(w: PreparedVersion, source: string): Sql {
  return sql`INSERT INTO ${ident(historyTable(w.type))} (id, version_id, last_updated, deleted, patient_id, access_tags, content)
    SELECT ${w.id}, ${w.versionId}::integer, ${w.lastUpdated}::timestamptz, false, ${w.indexed.patientId}, ${[...w.accessTags]}::text[], ${w.content}
    FROM ${raw(source)} RETURNING version_id`;
}

/** Inserts version 1 (or the first version under a client id). False when the id is already taken. */
export async function insertVersion(q: Queryable, w: PreparedVersion): Promise<boolean> {
  const plan = columnPlan(w.type);
  const rows = await q.query(
    prepared(sql`WITH ins AS (
      INSERT INTO ${ident(w.type)} (${plan.names}) VALUES (${join(plan.values(w), ', ')})
      ON CONFLICT (id) DO NOTHING RETURNING id
    ) ${historyInsert(w, 'ins')}`),
  );
  return rows.length === 1;
}

/**
 * Replaces the current version if it is still `previousVersion`, in the same patient compartment (the row keeps
 * its `patient_id`). False when someone else got there first.
 */
export async function replaceVersion(
  q: Queryable,
  w: PreparedVersion,
  previousVersion: number,
): Promise<boolean> {
  const plan = columnPlan(w.type);
  const rows = await q.query(
    prepared(sql`WITH upd AS (
      UPDATE ${ident(w.type)} SET ${plan.assignments(w)}
      WHERE id = ${w.id} AND patient_id = ${w.indexed.patientId} AND version_id = ${previousVersion}::integer
      RETURNING id
    ) ${historyInsert(w, 'upd')}`),
  );
  return rows.length === 1;
}

/**
 * Replaces the current version if it is still `previousVersion`, when the new version belongs to another patient
 * compartment than `previousPatientId`: the current row is deleted and the new one inserted, in one statement.
 * `patient_id` is the distribution column under Citus, which refuses to change it in place; the rows then live
 * on different shards anyway. History rows keep the patient of their own version. False when someone else got
 * there first.
 */
export async function moveVersion(
  q: Queryable,
  w: PreparedVersion,
  previousVersion: number,
  previousPatientId: string,
): Promise<boolean> {
  const plan = columnPlan(w.type);
  const rows = await q.query(
    sql`WITH gone AS (
      DELETE FROM ${ident(w.type)}
      WHERE id = ${w.id} AND patient_id = ${previousPatientId} AND version_id = ${previousVersion}::integer
      RETURNING id
    ), moved AS (
      INSERT INTO ${ident(w.type)} (${plan.names}) SELECT ${join(plan.values(w), ', ')} FROM gone RETURNING id
    ) ${historyInsert(w, 'moved')}`,
  );
  return rows.length === 1;
}

export interface Deletion {
  readonly type: string;
  readonly id: string;
  readonly versionId: number;
  readonly lastUpdated: string;
  readonly patientId: string;
  readonly accessTags: readonly string[];
}

/** Marks the resource deleted (a new version without content); search values are cleared. */
export async function deleteVersion(q: Queryable, d: Deletion, previousVersion: number): Promise<boolean> {
  const plan = columnPlan(d.type);
  const clear = paramStorage(d.type).length > 0 ? sql`, ${plan.clearAssignments}` : raw('');
  const rows = await q.query(sql`WITH del AS (
      UPDATE ${ident(d.type)} SET version_id = ${d.versionId}::integer, last_updated = ${d.lastUpdated}::timestamptz,
        deleted = true, content = NULL${clear}
      WHERE id = ${d.id} AND version_id = ${previousVersion}::integer RETURNING id
    ) INSERT INTO ${ident(historyTable(d.type))} (id, version_id, last_updated, deleted, patient_id, access_tags, content)
      SELECT ${d.id}, ${d.versionId}::integer, ${d.lastUpdated}::timestamptz, true, ${d.patientId}, ${[...d.accessTags]}::text[], NULL
      FROM del RETURNING version_id`);
  return rows.length === 1;
}
