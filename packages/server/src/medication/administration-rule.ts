import type { MedicationAdministration, MedicationStatement } from '@medplum/fhirtypes';
import { fail } from '@akson/fhir';
import { convertDoseAmount, strengthFromName } from '@akson/clinical';
import type { ResourceInput } from '@akson/store';
import type { WriteRule } from '../services/write-rules.ts';
import { actorReference } from './actor-reference.ts';
import { assertBodyVersion } from './body-version.ts';
import { medicineOnLine, resolveLineLink, subjectOnLine } from './line-link.ts';
import { NOT_GIVEN_REASON_SYSTEM, SCHEDULED_TIME_URL } from './medication-urls.ts';

/** Why a dose was not given (statusReason coding, system administration-not-given). */
export const NOT_GIVEN_REASONS: Readonly<Record<string, string>> = {
  refused: 'Pasienten nektet',
  'not-given': 'Ikke gitt',
  absent: 'Pasienten var ikke til stede',
  unavailable: 'Legemidlet var ikke tilgjengelig',
  held: 'Holdt tilbake etter vurdering',
};

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A dose given or not given (MedicationAdministration) belongs to a list line: `completed` with the dose given,
 * or `not-done` with a coded reason (refused, not given, ...); when, as effectiveDateTime; for a scheduled dose,
 * the due time it answers (extension scheduled-time), which is how the schedule knows a dose is done. The
 * performer is the caller.
 */
export const administrationRule: WriteRule = {
  type: 'MedicationAdministration',

  async prepare(resource, context) {
    assertBodyVersion(resource, context);
    const given = resource as unknown as MedicationAdministration;
    const refuse = (detail: string) => fail('AKS_ERR_MEDICATION_ADMIN_INVALID', { detail });
    const { line, extension } = await resolveLineLink(given, context.tx, context.service);
    if (!['completed', 'not-done', 'entered-in-error'].includes(given.status)) {
      throw refuse('status is completed (given), not-done (not given, with a reason) or entered-in-error');
    }
    if (!given.effectiveDateTime || !DATE_TIME.test(given.effectiveDateTime)) {
      throw refuse('effectiveDateTime (with time and zone) says when the dose was given or not given');
    }
    const scheduled = extension.find((e) => e.url === SCHEDULED_TIME_URL);
    if (scheduled && !DATE_TIME.test(scheduled.valueDateTime ?? '')) {
      throw refuse('scheduled-time is the due time from the schedule, a dateTime with zone');
    }
    if (given.status === 'not-done') {
      const code = given.statusReason
        ?.flatMap((r) => r.coding ?? [])
        .find((c) => c.system === NOT_GIVEN_REASON_SYSTEM)?.code;
      if (!code || !(code in NOT_GIVEN_REASONS)) {
        throw refuse(
          `a dose not given needs statusReason coded in ${NOT_GIVEN_REASON_SYSTEM} (${Object.keys(NOT_GIVEN_REASONS).join(', ')})`,
        );
      }
    }
    if (given.status === 'completed') {
      const dose = given.dosage?.dose;
      if (typeof dose?.value !== 'number' || !(dose.value > 0) || !dose.unit) {
        throw refuse('a given dose says how much (dosage.dose with value and unit)');
      }
      // A dose that cannot be related to the line's doses cannot be counted against its maximum or its plan.
      const units = lineDoseUnits(line.statement);
      const name = line.statement.medicationCodeableConcept?.text;
      const related = units.some(
        (unit) => convertDoseAmount(1, dose.unit as string, unit, strengthFromName(name, unit)) !== undefined,
      );
      if (units.length > 0 && !related) {
        throw refuse(
          `the dose is given in ${dose.unit}, which cannot be related to the line's dose (${units.join(', ')}); record it in the line's unit`,
        );
      }
    }
    const end = Date.parse(line.statement.effectivePeriod?.end ?? '');
    if (
      given.status !== 'entered-in-error' &&
      !Number.isNaN(end) &&
      Date.parse(given.effectiveDateTime) > end
    ) {
      throw refuse(`the line was ${line.statement.status} at ${line.statement.effectivePeriod?.end ?? ''}`);
    }
    // A paused line has no doses: nothing is given from it after it was paused (the version that paused it is
    // the current one, so its lastUpdated is when); a dose given before the pause may still be documented.
    const pausedAt = Date.parse(line.statement.meta?.lastUpdated ?? '');
    if (
      given.status !== 'entered-in-error' &&
      line.statement.status === 'on-hold' &&
      !(Date.parse(given.effectiveDateTime) < pausedAt)
    ) {
      const why = line.statement.statusReason?.[0]?.text;
      throw refuse(
        `the line is paused (on hold${why ? `: ${why}` : ''}); nothing is given from it until it is resumed`,
      );
    }
    if (given.medicationReference)
      throw refuse('name the medicine as medicationCodeableConcept, as on the line');
    const actor = context.service.access.actor;
    const next: MedicationAdministration = {
      ...given,
      extension,
      medicationCodeableConcept: medicineOnLine(given.medicationCodeableConcept, line, refuse),
      subject: subjectOnLine(given.subject, line, refuse) as MedicationAdministration['subject'],
      ...(actor.kind === 'personnel'
        ? {
            performer: [
              {
                actor: actorReference(actor) as NonNullable<
                  MedicationAdministration['performer']
                >[number]['actor'],
              },
            ],
          }
        : {}),
    };
    return next as unknown as ResourceInput;
  },
};

/** The units the line's dosage doses in (tablett, mg …). */
function lineDoseUnits(statement: MedicationStatement): string[] {
  const units = (statement.dosage ?? []).flatMap((dosage) =>
    (dosage.doseAndRate ?? []).flatMap((rate) => (rate.doseQuantity?.unit ? [rate.doseQuantity.unit] : [])),
  );
  return [...new Set(units)];
}
