import type { OperationDefinitionEntry } from '../fhir/operations/registry.ts';
import { expandOperation, findCodesOperation, lookupOperation } from './code-operations.ts';

/** Code lookup and search by text for the note forms (ICPC-2, ICD-10, ATC, Volven lists). */
export const TERMINOLOGY_OPERATIONS: readonly OperationDefinitionEntry[] = [
  findCodesOperation,
  expandOperation,
  lookupOperation,
];
