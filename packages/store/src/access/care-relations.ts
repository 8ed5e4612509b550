import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db.ts';
import { normalizeTimestamp } from '../resources/resource-row.ts';
import { join, prepared, sql } from '../sql/sql.ts';

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

/** Replaces the relations a resource implies (a derived relation follows its source resource's every version). */
export async function replaceDerivedRelations(
  q: Queryable,
  sourceRef: string,
  relations: readonly NewRelation[],
): Promise<void> {
  await q.query(
    sql`DELETE FROM care_relation WHERE source_ref = ${sourceRef} AND kind NOT IN ('self-declared', 'emergency')`,
  );
  if (relations.length === 0) return;
  await insertRelations(q, relations);
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
  holders: { unitRef: string | undefined; practitionerRef: string },
  graceDays: number,
): Promise<RelationWithStatus[]> {
  const rows = await q.query<RelationRow>(
    prepared(sql`
    SELECT id, patient_id, unit_ref, practitioner_ref, kind, source_ref, reason, starts_at, ends_at, created_by,
      (starts_at <= now() AND (ends_at IS NULL OR ends_at + CASE WHEN kind IN ('emergency', 'self-declared') THEN interval '0'
        ELSE make_interval(days => ${graceDays}::integer) END > now())) AS active
    FROM care_relation
    WHERE patient_id = ${patientId} AND (unit_ref = ${holders.unitRef ?? ''} OR practitioner_ref = ${holders.practitionerRef})
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
  holders: { unitRef: string | undefined; practitionerRef: string },
  graceDays: number,
): Promise<boolean> {
  const rows = await q.query(
    prepared(sql`
    SELECT 1 FROM care_relation
    WHERE patient_id = ${patientId} AND (unit_ref = ${holders.unitRef ?? ''} OR practitioner_ref = ${holders.practitionerRef})
      AND starts_at <= now()
      AND (ends_at IS NULL OR ends_at + CASE WHEN kind IN ('emergency', 'self-declared') THEN interval '0'
        ELSE make_interval(days => ${graceDays}::integer) END > now())
    LIMIT 1`),
  );
  return rows.length > 0;
}
