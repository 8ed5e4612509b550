import type { Identifier, MedicationStatement, Patient } from '@medplum/fhirtypes';
import { fail } from '@akson/fhir';
import { PLL_LINE_FORMAT, toPllLine, type PllLine } from '@akson/clinical';
import { pllView } from './line-content.ts';

/** Akson's JSON form of a whole list: M25 `LegemidlerIBruk` with its `EnkeltoppforingLIB` lines (section 3). */
export const PLL_LIST_FORMAT = 'akson.pll-list/1';

export interface PllList {
  readonly format: typeof PLL_LIST_FORMAT;
  /** The citizen: in M25 this is the message head, not part of a line. */
  readonly patient: { readonly reference: string; readonly identifier?: Identifier };
  readonly generatedAt?: string;
  /** Lines of the patient the exporter could not see (a count): the receiver knows the list is not whole. */
  readonly withheld?: number;
  readonly lines: readonly PllLine[];
  /** Import only: acknowledgements of serious findings, per line (see docs/medication.md 9.2). */
  readonly acknowledgements?: readonly PllListAcknowledgement[];
}

export interface PllListAcknowledgement {
  readonly line: string;
  readonly finding: string;
  readonly reason: string;
}

const NATIONAL_IDS = ['urn:oid:2.16.578.1.12.4.1.4.1', 'urn:oid:2.16.578.1.12.4.1.4.2'];

/** The list document for a patient's lines (the lines already chosen: on the list, visible to the caller). */
export function toPllList(
  patient: Patient,
  statements: readonly MedicationStatement[],
  withheld: number,
): PllList {
  const identifier = patient.identifier?.find((id) => id.system && NATIONAL_IDS.includes(id.system));
  return {
    format: PLL_LIST_FORMAT,
    patient: {
      reference: `Patient/${patient.id ?? ''}`,
      ...(identifier ? { identifier: { system: identifier.system, value: identifier.value } } : {}),
    },
    generatedAt: new Date().toISOString(),
    ...(withheld > 0 ? { withheld } : {}),
    lines: statements.map((statement) => toPllLine(pllView(statement))),
  };
}

/**
 * A list document is one person's list: when it names the person by national id (M25's message head does), the
 * record it is imported into must be that person's (the same fødselsnummer or D-nummer), else 422 and nothing is
 * imported. A document without a national id (from a record without one) names nobody to compare.
 */
export function assertDocumentPatient(list: PllList, patient: Patient): void {
  const named = list.patient?.identifier;
  if (!named?.value || !named.system || !NATIONAL_IDS.includes(named.system)) return;
  const own = (patient.identifier ?? []).filter((id) => id.system && NATIONAL_IDS.includes(id.system));
  if (own.some((id) => id.value === named.value)) return;
  throw fail(
    'AKS_ERR_MEDICATION_IMPORT_PATIENT',
    {
      detail: own.length
        ? 'its national id is not the national id of this record'
        : 'it names a national id, and this record has none to compare it with',
    },
    { expression: ['patient.identifier'] },
  );
}

/** Reads an import body: the document's shape, not yet its lines (those are mapped one by one). */
export function readPllList(body: unknown): PllList {
  const list = body as Partial<PllList> | undefined;
  if (!list || typeof list !== 'object' || list.format !== PLL_LIST_FORMAT || !Array.isArray(list.lines)) {
    throw fail('AKS_ERR_OPERATION_PARAMETER', {
      param: 'body',
      detail: `send a list document {"format": "${PLL_LIST_FORMAT}", "lines": [...]} (docs/medication.md 9.3)`,
    });
  }
  for (const [index, line] of list.lines.entries()) {
    if (!line || typeof line !== 'object' || (line as PllLine).format !== PLL_LINE_FORMAT) {
      throw fail('AKS_ERR_OPERATION_PARAMETER', {
        param: `lines[${index}]`,
        detail: `each line is a PLL line of format ${PLL_LINE_FORMAT}`,
      });
    }
  }
  const acknowledgements = list.acknowledgements ?? [];
  if (!Array.isArray(acknowledgements)) {
    throw fail('AKS_ERR_OPERATION_PARAMETER', {
      param: 'acknowledgements',
      detail: 'a list of {line, finding, reason}',
    });
  }
  return { ...list, acknowledgements } as PllList;
}
