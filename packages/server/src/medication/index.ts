import type { OperationDefinitionEntry } from '../fhir/operations/registry.ts';
import type { WriteRule } from '../services/write-rules.ts';

/** The shared medication list's rules on write (line identity, checks) and its operations (docs/medication.md). */
export const MEDICATION_RULES: readonly WriteRule[] = [];

export const MEDICATION_OPERATIONS: readonly OperationDefinitionEntry[] = [];
