import type { OperationDefinitionEntry } from '../fhir/operations/registry.ts';

/** Code lookup and search by text for the note forms (ICPC-2, ICD-10, ATC, Volven lists). */
export const TERMINOLOGY_OPERATIONS: readonly OperationDefinitionEntry[] = [];
