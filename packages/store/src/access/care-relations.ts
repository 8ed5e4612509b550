import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db.ts';
import { normalizeTimestamp } from '../resources/resource-row.ts';
import { join, prepared, raw, sql, type Sql } from '../sql/sql.ts';

export type RelationKind =
  'gp-list' | 'episode' | 'encounter' | 'appointment' | 'referral' | 'task' | 'self-declared' | 'emergency';

export interface CareRelation {
  readonly id: string;
  readonly patientId: string;
  readonly unitRef: string | undefined;
  readonly practitionerRef: string | undefined;
  readonly kind: RelationKind;
  readonly sourceRef: string | undefined;
  readonly reason: string | undefined;
  readonly startsAt: string;
  readonly endsAt: string | undefined;
  readonly createdBy: string | undefined;
}

export type NewRelation = Omit<CareRelation, 'id'>;

/** Who holds a relation: a unit (the whole unit) or a practitioner (personally). */
export interface RelationHolders {
  readonly unitRef: string | undefined;
  readonly practitionerRef: string;
}

/**
 * The relations a practitioner acting for a unit holds: the unit's own (practitioner_ref NULL), and their
 * personal ones taken while acting for that same unit (emergency access, self-declared relations are stored with
 * the unit). A grant taken for unit A does not follow the practitioner to unit B. Keeps to the
 * (unit_ref, patient_id) index.
 */
export function relationHeldBy(alias: string, holders: RelationHolders): Sql {
  const a = raw(alias);
  return holders.unitRef
    ? sql`${a}.unit_ref = ${holders.unitRef} AND (${a}.practitioner_ref IS NULL OR ${a}.practitioner_ref = ${holders.practitionerRef})`
    : sql`${a}.unit_ref IS NULL AND ${a}.practitioner_ref = ${holders.practitionerRef}`;
}

/**
 * Brings the relations a resource implies in step with its new version (a derived relation follows its source
 * resource's every version). Relations it still implies keep their row (and id, which audit events name) with
 * the source's current dates; relations it no longer implies (the GP list changed, the episode was cancelled,
 * the source was deleted) end now rather than vanish, so the configured grace period applies to them as to any
 * ended relation, and the audit log's references keep pointing at something.
 */
export async function replaceDerivedRelations(
  q: Queryable,
  sourceRef: string,
  relations: readonly NewRelation[],
): Promise<void> {
  const existing = await q.query<{
    id: string;
    patient_id: string;
    unit_ref: string | null;
    practitioner_ref: string | null;
    kind: string;
  }>(
    prepared(sql`SELECT id, patient_id, unit_ref, practitioner_ref, kind FROM care_relation
      WHERE source_ref = ${sourceRef} AND kind NOT IN ('self-declared', 'emergency')
      ORDER BY (ends_at IS NULL OR ends_at > now()) DESC, starts_at DESC`),
  );
  const key = (
    patient: string,
    unit: string | null | undefined,
    who: string | null | undefined,
    kind: string,
  ) => JSON.stringify([patient, unit ?? null, who ?? null, kind]);
  const candidates = new Map<string, string[]>();
  for (const row of existing) {
    const k = key(row.patient_id, row.unit_ref, row.practitioner_ref, row.kind);
    candidates.set(k, [...(candidates.get(k) ?? []), row.id]);
  }
  const kept = new Set<string>();
  const fresh: NewRelation[] = [];
  for (const r of relations) {
    const id = candidates.get(key(r.patientId, r.unitRef, r.practitionerRef, r.kind))?.shift();
    if (!id) {
      fresh.push(r);
      continue;
    }
    kept.add(id);
    await q.query(
      prepared(sql`UPDATE care_relation SET starts_at = ${r.startsAt}::timestamptz, ends_at = ${r.endsAt ?? null}::timestamptz
        WHERE id = ${id} AND (starts_at IS DISTINCT FROM ${r.startsAt}::timestamptz OR ends_at IS DISTINCT FROM ${r.endsAt ?? null}::timestamptz)`),
    );
  }
  const ended = existing.map((row) => row.id).filter((id) => !kept.has(id));
  if (ended.length > 0) {
    await q.query(
      prepared(sql`UPDATE care_relation SET ends_at = now()
        WHERE id = ANY(${ended}::text[]) AND (ends_at IS NULL OR ends_at > now())`),
    );
  }
  if (fresh.length > 0) await insertRelations(q, fresh);
}

export async function insertRelations(q: Queryable, relations: readonly NewRelation[]): Promise<string[]> {
  const ids = relations.map(() => randomUUID());
  const rows = relations.map(
    (r, i) =>
      sql`(${ids[i]}, ${r.patientId}, ${r.unitRef ?? null}, ${r.practitionerRef ?? null}, ${r.kind}, ${r.sourceRef ?? null},
        ${r.reason ?? null}, ${r.startsAt}::timestamptz, ${r.endsAt ?? null}::timestamptz, ${r.createdBy ?? null})`,
  );
  await q.query(sql`INSERT INTO care_relation (id, patient_id, unit_ref, practitioner_ref, kind, source_ref, reason, starts_at, ends_at, created_by)
    VALUES ${join(rows, ', ')}`);
  return ids;
}

interface RelationRow {
  id: string;
  patient_id: string;
  unit_ref: string | null;
  practitioner_ref: string | null;
  kind: RelationKind;
  source_ref: string | null;
  reason: string | null;
  starts_at: string;
  ends_at: string | null;
  created_by: string | null;
  active: boolean;
}

export interface RelationWithStatus extends CareRelation {
  /** Whether the relation gives access now (including the grace period after it ended). */
  readonly active: boolean;
}

/** The relations a unit and a practitioner have to a patient: "why may I see this patient?" */
export async function relationsOf(
  q: Queryable,
  patientId: string,
  holders: RelationHolders,
  graceDays: number,
): Promise<RelationWithStatus[]> {
  const rows = await q.query<RelationRow>(
    prepared(sql`
    SELECT id, patient_id, unit_ref, practitioner_ref, kind, source_ref, reason, starts_at, ends_at, created_by,
      (starts_at <= now() AND (ends_at IS NULL OR ends_at + CASE WHEN kind IN ('emergency', 'self-declared') THEN interval '0'
        ELSE make_interval(days => ${graceDays}::integer) END > now())) AS active
    FROM care_relation r
    WHERE r.patient_id = ${patientId} AND ${relationHeldBy('r', holders)}
    ORDER BY starts_at DESC`),
  );
  return rows.map(toRelation);
}

/** Emergency and self-declared relations in a period, for the security officer's review. */
export async function grantedRelationsSince(q: Queryable, since: string): Promise<RelationWithStatus[]> {
  const rows = await q.query<RelationRow>(sql`
    SELECT id, patient_id, unit_ref, practitioner_ref, kind, source_ref, reason, starts_at, ends_at, created_by,
      (ends_at IS NULL OR ends_at > now()) AS active
    FROM care_relation WHERE kind IN ('emergency', 'self-declared') AND starts_at >= ${since}::timestamptz
    ORDER BY starts_at DESC`);
  return rows.map(toRelation);
}

function toRelation(r: RelationRow): RelationWithStatus {
  return {
    id: r.id,
    patientId: r.patient_id,
    unitRef: r.unit_ref ?? undefined,
    practitionerRef: r.practitioner_ref ?? undefined,
    kind: r.kind,
    sourceRef: r.source_ref ?? undefined,
    reason: r.reason ?? undefined,
    startsAt: normalizeTimestamp(r.starts_at),
    endsAt: r.ends_at ? normalizeTimestamp(r.ends_at) : undefined,
    createdBy: r.created_by ?? undefined,
    active: r.active,
  };
}

/** Whether a unit or practitioner has a relation giving access to the patient now. */
export async function hasActiveRelation(
  q: Queryable,
  patientId: string,
  holders: RelationHolders,
  graceDays: number,
): Promise<boolean> {
  const rows = await q.query(
    prepared(sql`
    SELECT 1 FROM care_relation r
    WHERE r.patient_id = ${patientId} AND ${relationHeldBy('r', holders)}
      AND starts_at <= now()
      AND (ends_at IS NULL OR ends_at + CASE WHEN kind IN ('emergency', 'self-declared') THEN interval '0'
        ELSE make_interval(days => ${graceDays}::integer) END > now())
    LIMIT 1`),
  );
  return rows.length > 0;
}
