import type { MedicationRequest } from '@medplum/fhirtypes';
import { fail } from '@akson/fhir';
import { dosageEquals } from '@akson/clinical';
import type { ResourceInput } from '@akson/store';
import type { WriteRule } from '../services/write-rules.ts';
import { actorReference } from './actor-reference.ts';
import { assertBodyVersion } from './body-version.ts';
import { canonicalDosage } from './line-dosage.ts';
import { medicineOnLine, resolveLineLink, subjectOnLine } from './line-link.ts';
import { PRESCRIPTION_ACTION_URL } from './medication-urls.ts';

const ACTIONS = new Set(['start', 'change', 'stop', 'renew']);
const ENDED = new Set(['stopped', 'completed', 'entered-in-error']);

/**
 * A prescription (MedicationRequest) belongs to a list line and says what it does to it: start, change, stop or
 * renew (extension prescription-action). Its medicine is the line's, and so is its dosage: a start, change or
 * renew prescribes exactly the line's dosage (stored in the same canonical form), and a stop is for a line that
 * is stopped (a stop has no dosage, but a reason). The requester is the caller. The line itself is changed by
 * writing the line first — in a transaction bundle, the line's PUT before the prescription's PUT (R4 processes
 * every POST before any PUT) — so a prescription never rewrites the list behind the clinician's back, and never
 * says something the list does not.
 */
export const requestRule: WriteRule = {
  type: 'MedicationRequest',

  async prepare(resource, context) {
    assertBodyVersion(resource, context);
    const request = resource as unknown as MedicationRequest;
    const refuse = (detail: string) => fail('AKS_ERR_MEDICATION_REQUEST_INVALID', { detail });
    const { line, extension } = await resolveLineLink(request, context.tx, context.service);
    const action = extension.find((e) => e.url === PRESCRIPTION_ACTION_URL)?.valueCode;
    if (!action || !ACTIONS.has(action)) {
      throw refuse(
        `extension ${PRESCRIPTION_ACTION_URL} (valueCode start | change | stop | renew) is required`,
      );
    }
    if (request.medicationReference)
      throw refuse('name the medicine as medicationCodeableConcept, as on the line');
    if (action !== 'stop' && ENDED.has(line.statement.status)) {
      throw refuse(`the line is ${line.statement.status}; prescribe on a new line`);
    }
    let dosage = request.dosageInstruction;
    if (action === 'stop') {
      if (dosage?.length) throw refuse('a stop carries no dosage');
      if (!request.statusReason?.coding?.length && !request.statusReason?.text)
        throw refuse('a stop needs a reason (statusReason)');
      if (line.statement.status !== 'stopped' && line.statement.status !== 'completed') {
        throw refuse(
          `the line is ${line.statement.status}: stop the line first (in a transaction, its PUT before this prescription's PUT)`,
        );
      }
    } else {
      dosage = dosage?.length
        ? canonicalDosage(dosage, 'MedicationRequest.dosageInstruction')
        : line.statement.dosage;
      if (!dosageEquals(dosage ?? [], line.statement.dosage ?? [])) {
        throw refuse(
          "the dosage is not the line's: change the line first (in a transaction, its PUT before this prescription's PUT), or leave dosageInstruction out to prescribe the line's",
        );
      }
    }
    const actor = context.service.access.actor;
    const next: MedicationRequest = {
      ...request,
      extension,
      medicationCodeableConcept: medicineOnLine(request.medicationCodeableConcept, line, refuse),
      subject: subjectOnLine(request.subject, line, refuse) as MedicationRequest['subject'],
      ...(dosage?.length ? { dosageInstruction: dosage } : {}),
      ...(actor.kind === 'personnel'
        ? { requester: actorReference(actor) as MedicationRequest['requester'] }
        : {}),
      authoredOn: request.authoredOn ?? new Date().toISOString(),
    };
    if (!dosage?.length) delete next.dosageInstruction;
    return next as unknown as ResourceInput;
  },
};
