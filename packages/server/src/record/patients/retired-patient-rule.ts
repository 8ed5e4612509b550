import { fail, parseFhirJson } from '@akson/fhir';
import { lockCondition, readCurrent, type Queryable } from '@akson/store';
import { EVERY_TYPE, type WriteRule } from '../../services/write-rules.ts';

interface PatientLinks {
  active?: boolean;
  link?: { type?: string; other?: { reference?: string } }[];
}

/**
 * The lock a merge holds on its source patient for its whole transaction, and every write to that patient's
 * record takes before it is decided: a write either finishes before the merge reads what to move (and is
 * moved), or waits and then finds the patient retired (and is refused). Never both, never left behind.
 * Updates take it before the row is written, so a merge that must move that row never waits for a writer
 * that waits for the merge.
 */
export async function lockPatientForMerge(tx: Queryable, patientId: string): Promise<void> {
  await lockCondition(tx, `merge:Patient/${patientId}`);
}

/**
 * A patient merged into another (`active: false` with a `replaced-by` link, record/patients/merge-operation.ts)
 * takes no new entries: everything of theirs was moved to the surviving record, and an entry written to the
 * retired one would be out of sight of everyone who follows the person. The Patient resource itself stays
 * writable (demographics of the retired record are still corrected by the register).
 */
export const retiredPatientRule: WriteRule = {
  type: EVERY_TYPE,
  async prepare(resource, context) {
    const patientId = context.existing?.patientId;
    if (patientId && context.existing?.type !== 'Patient') await lockPatientForMerge(context.tx, patientId);
    return resource;
  },
  async afterWrite(written, context) {
    const patientId = written.indexed.patientId;
    if (!patientId || written.type === 'Patient') return;
    await lockPatientForMerge(context.tx, patientId);
    const row = await readCurrent(context.tx, 'Patient', patientId);
    if (!row?.content || row.deleted) return;
    const patient = parseFhirJson(row.content) as PatientLinks;
    if (patient.active !== false) return;
    const target = patient.link?.find((l) => l.type === 'replaced-by')?.other?.reference;
    if (!target) return;
    throw fail('AKS_ERR_PATIENT_RETIRED', {
      id: patientId,
      target: target.replace(/^.*Patient\//, ''),
    });
  },
};
