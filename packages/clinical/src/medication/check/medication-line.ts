// Builds a check line from a MedicationStatement: the line id (or resource id), the name, ATC and FEST codes,
// and the dosage. Strength and substance ids are not in a MedicationStatement; the caller adds them from FEST
// or from the Medication resource when it has them.

import type { MedicationStatement } from '@medplum/fhirtypes';
import { isAtcSystem, normalizeAtc } from '../atc-code.ts';
import { FEST_MEDICATION_SYSTEM, MEDICATION_LINE_SYSTEM } from '../code-systems.ts';
import type { MedicationLine } from './medication-check-types.ts';

export function medicationLineFromStatement(
  statement: MedicationStatement,
  extra: Pick<MedicationLine, 'strength' | 'substanceIds' | 'otc'> = {},
): MedicationLine {
  const concept = statement.medicationCodeableConcept;
  const atc = normalizeAtc(concept?.coding?.find((coding) => isAtcSystem(coding.system))?.code);
  const festId = concept?.coding?.find((coding) => coding.system === FEST_MEDICATION_SYSTEM)?.code;
  // Akson's line id; a PLL-id slice (no-basis) when the statement comes from elsewhere; else the resource id.
  const lineId =
    statement.identifier?.find((identifier) => identifier.system === MEDICATION_LINE_SYSTEM)?.value ??
    statement.identifier?.find((identifier) => identifier.type?.text === 'PLL')?.value;
  const id = lineId ?? statement.id ?? '';
  const name =
    concept?.text ??
    concept?.coding?.find((coding) => coding.display)?.display ??
    statement.medicationReference?.display ??
    atc ??
    'ukjent legemiddel';
  return {
    id,
    name,
    ...(atc ? { atc } : {}),
    ...(festId !== undefined ? { festId } : {}),
    ...(statement.dosage ? { dosage: statement.dosage } : {}),
    ...extra,
  };
}
