import { createHash, randomUUID } from 'node:crypto';
import type { Identifier, MedicationStatement } from '@medplum/fhirtypes';
import { fail } from '@akson/fhir';
import { isLineId } from '@akson/clinical';
import { lockCondition, findMatchingIds, readCurrentMany, ALL, type Queryable } from '@akson/store';
import type { ResourceService } from '../services/resource-service.ts';
import { MEDICATION_LINE_SYSTEM } from './medication-urls.ts';

/** The line id of a stored line (Akson's identifier), if it has one. */
export function lineIdOf(statement: { identifier?: readonly Identifier[] }): string | undefined {
  return statement.identifier?.find((identifier) => identifier.system === MEDICATION_LINE_SYSTEM)?.value;
}

/**
 * A line id derived from what a new line is (its parts: the patient, the list's state, the line's content): a
 * UUID that is the same whenever the same write is made against the same list, and different once the list has
 * changed. A retry of a refused write (a 422 for two interacting new lines in one transaction, say) therefore
 * gives each new line the id it had in the first attempt, and the finding keys the 422 named still match. The
 * form is a version-8 UUID (RFC 9562, custom), so it can never be mistaken for a random one.
 */
export function derivedLineId(...parts: readonly string[]): string {
  const hex = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The identifier list of a line as it is to be stored. A new line keeps the line id it brings (a PLL line id,
 * say) or gets `newLineId()` (derived, see derivedLineId); after that the id never changes: an update that changes or drops it is refused
 * with 409, so that every reference to the line (prescriptions, administrations, PLL) keeps pointing at it.
 */
export function settledLineIdentifiers(
  statement: MedicationStatement,
  existing: MedicationStatement | undefined,
  where: { type: string; id: string },
  newLineId: () => string = randomUUID,
): { identifier: Identifier[]; lineId: string } {
  const identifiers = statement.identifier ?? [];
  const lineIds = identifiers.filter((identifier) => identifier.system === MEDICATION_LINE_SYSTEM);
  const previous = existing ? lineIdOf(existing) : undefined;
  if (previous !== undefined) {
    if (lineIds.length !== 1 || lineIds[0]?.value !== previous) {
      throw fail('AKS_ERR_MEDICATION_LINE_ID_CHANGED', { ...where, expected: previous });
    }
    return { identifier: [...identifiers], lineId: previous };
  }
  if (lineIds.length === 0) {
    const lineId = newLineId();
    return { identifier: [...identifiers, { system: MEDICATION_LINE_SYSTEM, value: lineId }], lineId };
  }
  const value = lineIds[0]?.value;
  if (lineIds.length > 1 || value === undefined || !isLineId(value)) {
    throw fail(
      'AKS_ERR_MEDICATION_LINE_INVALID',
      { detail: `a line has exactly one line id (${MEDICATION_LINE_SYSTEM}), a lower-case UUID` },
      { expression: ['MedicationStatement.identifier'] },
    );
  }
  return { identifier: [...identifiers], lineId: value };
}

/**
 * Refuses a new line whose line id another line already has (409 when the caller may see that line; otherwise a
 * 400 that does not say a line has it, since the caller must not learn that a line they cannot see exists), holding a transaction lock on the id so that two
 * concurrent imports of the same PLL line cannot both create it. Looks at every line, also those the caller
 * cannot see: a duplicate line id would split one line into two.
 */
export async function assertLineIdFree(
  tx: Queryable,
  service: ResourceService,
  lineId: string,
  resourceId: string | undefined,
): Promise<void> {
  const condition = `identifier=${MEDICATION_LINE_SYSTEM}|${lineId}`;
  await lockCondition(tx, `MedicationStatement?${condition}`);
  const request = service.parseInternalSearch('MedicationStatement', [...new URLSearchParams(condition)]);
  const matches = await findMatchingIds(tx, request, ALL, 2);
  const others = matches.filter((match) => match.id !== resourceId).map((match) => match.id);
  if (others.length === 0) return;
  const seen = await readCurrentMany(tx, 'MedicationStatement', others, service.access.scope);
  if (seen.some((row) => row.visible !== false)) throw fail('AKS_ERR_MEDICATION_LINE_ID_TAKEN', { lineId });
  // The line with this id is one the caller may not see: refused without saying that a line has it.
  throw fail(
    'AKS_ERR_MEDICATION_LINE_INVALID',
    {
      detail: `line id ${lineId} cannot be used for this line; leave the identifier out and the server assigns one`,
    },
    { expression: ['MedicationStatement.identifier'] },
  );
}
