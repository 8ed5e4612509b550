import { randomUUID } from 'node:crypto';
import type { Identifier, MedicationStatement } from '@medplum/fhirtypes';
import { fail } from '@akson/fhir';
import { isLineId } from '@akson/clinical';
import { lockCondition, findMatchingIds, ALL, type Queryable } from '@akson/store';
import type { ResourceService } from '../services/resource-service.ts';
import { MEDICATION_LINE_SYSTEM } from './medication-urls.ts';

/** The line id of a stored line (Akson's identifier), if it has one. */
export function lineIdOf(statement: { identifier?: readonly Identifier[] }): string | undefined {
  return statement.identifier?.find((identifier) => identifier.system === MEDICATION_LINE_SYSTEM)?.value;
}

/**
 * The identifier list of a line as it is to be stored. A new line keeps the line id it brings (a PLL line id,
 * say) or gets a fresh UUID; after that the id never changes: an update that changes or drops it is refused
 * with 409, so that every reference to the line (prescriptions, administrations, PLL) keeps pointing at it.
 */
export function settledLineIdentifiers(
  statement: MedicationStatement,
  existing: MedicationStatement | undefined,
  where: { type: string; id: string },
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
    const lineId = randomUUID();
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
 * Refuses a new line whose line id another line already has, holding a transaction lock on the id so that two
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
  const request = service.parseSearch('MedicationStatement', [...new URLSearchParams(condition)], {
    lenient: false,
  });
  const matches = await findMatchingIds(tx, request, ALL, 2);
  if (matches.some((match) => match.id !== resourceId)) {
    throw fail('AKS_ERR_MEDICATION_LINE_ID_TAKEN', { lineId });
  }
}
