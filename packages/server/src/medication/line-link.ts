import type { CodeableConcept, Extension, MedicationStatement, Reference } from '@medplum/fhirtypes';
import { fail, parseFhirJson } from '@akson/fhir';
import { medicationLineFromStatement } from '@akson/clinical';
import { readCurrent, runSearch, type Queryable } from '@akson/store';
import type { ResourceService } from '../services/resource-service.ts';
import { lineIdOf } from './line-identity.ts';
import { MEDICATION_LINE_SYSTEM, MEDICATION_LINE_URL } from './medication-urls.ts';

/** The list line a prescription or an administration belongs to, as the caller may see it. */
export interface LinkedLine {
  readonly resourceId: string;
  readonly lineId: string;
  readonly statement: MedicationStatement;
  readonly patientId: string;
}

/**
 * Resolves extension medication-line (valueReference to `MedicationStatement/{id}`, or to the line id as
 * `identifier`) in the write's transaction and with the caller's scope: one cannot prescribe on, or give from, a
 * line one cannot see. Returns the line and the extension completed with both the reference and the line id.
 */
export async function resolveLineLink(
  resource: { resourceType: string; extension?: readonly Extension[] },
  tx: Queryable,
  service: ResourceService,
): Promise<{ line: LinkedLine; extension: Extension[] }> {
  const type = resource.resourceType;
  const links = (resource.extension ?? []).filter((extension) => extension.url === MEDICATION_LINE_URL);
  const reference = links[0]?.valueReference;
  if (links.length !== 1 || !reference) {
    throw linkInvalid(type, `add one extension ${MEDICATION_LINE_URL} with valueReference to the line`);
  }
  const row = await findLine(reference, tx, service);
  if (!row?.content || row.deleted || row.visible === false) {
    throw linkInvalid(type, 'no such line among the lines you may see');
  }
  const statement = parseFhirJson(row.content) as MedicationStatement;
  const lineId = lineIdOf(statement) ?? row.id;
  const completed: Reference = {
    reference: `MedicationStatement/${row.id}`,
    identifier: { system: MEDICATION_LINE_SYSTEM, value: lineId },
    ...(statement.medicationCodeableConcept?.text
      ? { display: statement.medicationCodeableConcept.text }
      : {}),
  };
  const others = (resource.extension ?? []).filter((extension) => extension.url !== MEDICATION_LINE_URL);
  return {
    line: { resourceId: row.id, lineId, statement, patientId: row.patientId },
    extension: [...others, { url: MEDICATION_LINE_URL, valueReference: completed }],
  };
}

async function findLine(reference: Reference, tx: Queryable, service: ResourceService) {
  const match = /^MedicationStatement\/([A-Za-z0-9\-.]{1,64})$/.exec(reference.reference ?? '');
  if (match?.[1]) return readCurrent(tx, 'MedicationStatement', match[1], service.access.scope);
  const value =
    reference.identifier?.system === MEDICATION_LINE_SYSTEM ? reference.identifier.value : undefined;
  if (!value) return undefined;
  const request = service.parseInternalSearch('MedicationStatement', [
    ['identifier', `${MEDICATION_LINE_SYSTEM}|${value}`],
  ]);
  const page = await runSearch(tx, { ...request, total: 'none' }, service.access.scope);
  return page.matches[0];
}

/**
 * The medicine of a prescription or administration: the line's when absent; otherwise it must be the same
 * medicine (same ATC and FEST codes), because a record about another medicine on this line would be ambiguous.
 */
export function medicineOnLine(
  given: CodeableConcept | undefined,
  line: LinkedLine,
  refuse: (detail: string) => Error,
): CodeableConcept {
  const own = line.statement.medicationCodeableConcept ?? {};
  if (!given) return own;
  const codes = (concept: CodeableConcept) => {
    const read = medicationLineFromStatement({
      resourceType: 'MedicationStatement',
      status: 'active',
      subject: {},
      medicationCodeableConcept: concept,
    });
    return `${read.atc ?? ''}|${read.festId ?? ''}`;
  };
  if (codes(given) !== codes(own))
    throw refuse('the medicine is not the one on the line; use that line’s medicine or another line');
  return given;
}

/** The subject must be the line's patient; absent, it is taken from the line. */
export function subjectOnLine(
  given: Reference | undefined,
  line: LinkedLine,
  refuse: (detail: string) => Error,
): Reference {
  const own = `Patient/${line.patientId}`;
  if (given?.reference && given.reference !== own) throw refuse('the patient is not the line’s patient');
  return { reference: own };
}

function linkInvalid(type: string, detail: string) {
  return fail('AKS_ERR_MEDICATION_LINK_INVALID', { type, detail }, { expression: [`${type}.extension`] });
}
