import type { OperationDefinitionEntry } from '../../fhir/operations/registry.ts';

/** Reading the whole record: Patient $summary, $everything and $timeline, each filtered by the caller's access. */
export const SUMMARY_OPERATIONS: readonly OperationDefinitionEntry[] = [];
