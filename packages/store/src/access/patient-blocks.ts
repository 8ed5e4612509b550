import type { Queryable } from '../db/db.ts';
import { join, sql } from '../sql/sql.ts';

export interface PatientBlock {
  readonly patientId: string;
  /** Whom the block keeps out. */
  readonly actorKind: 'practitioner' | 'unit' | 'service';
  readonly actorValue: string;
  /** What it covers: everything, a category of data, or one resource. */
  readonly scopeKind: 'all' | 'category' | 'resource';
  readonly scopeValue: string;
}

/** Replaces the blocks a Consent resource states (none when it is withdrawn or deleted). */
export async function replaceBlocks(
  q: Queryable,
  consentRef: string,
  blocks: readonly PatientBlock[],
): Promise<void> {
  await q.query(sql`DELETE FROM patient_block WHERE consent_ref = ${consentRef}`);
  if (blocks.length === 0) return;
  const rows = blocks.map(
    (b) =>
      sql`(${consentRef}, ${b.patientId}, ${b.actorKind}, ${b.actorValue}, ${b.scopeKind}, ${b.scopeValue})`,
  );
  await q.query(sql`INSERT INTO patient_block (consent_ref, patient_id, actor_kind, actor_value, scope_kind, scope_value)
    VALUES ${join(rows, ', ')} ON CONFLICT DO NOTHING`);
}
