import { NEWS2_TOTAL_SNOMED, SNOMED_SYSTEM } from '@akson/clinical';

export const NEWS2_IDENTIFIER_SYSTEM = 'https://akson.no/fhir/NamingSystem/news2';

/**
 * Set (as a symbol-keyed property, which JSON cannot carry and object spreads keep) on the NEWS2 Observations
 * the NEWS2 rule writes. The rule writes through the caller's own service, so the write is indistinguishable
 * from the caller's by anything else; a client's request can never carry a symbol, so only the rule's own writes
 * pass the rule's check.
 */
const CALCULATED = Symbol('akson.calculatedNews2');

export function asCalculated<T extends object>(resource: T): T {
  return Object.assign({ ...resource }, { [CALCULATED]: true });
}

export function isCalculated(resource: object): boolean {
  return (resource as Record<symbol, unknown>)[CALCULATED] === true;
}

interface Coded {
  code?: { coding?: { system?: string; code?: string }[] };
  identifier?: { system?: string }[];
}

/** Coded as a NEWS2 total score (SNOMED CT 1104051000000101). */
export function hasNews2Code(resource: unknown): boolean {
  return ((resource as Coded).code?.coding ?? []).some(
    (c) => c.system === SNOMED_SYSTEM && c.code === NEWS2_TOTAL_SNOMED.code,
  );
}

/** Carries the identifier only the server's NEWS2 has. */
export function hasNews2Identifier(resource: unknown): boolean {
  return ((resource as Coded).identifier ?? []).some((i) => i.system === NEWS2_IDENTIFIER_SYSTEM);
}
