import type { OperationDefinitionEntry } from '../fhir/operations/registry.ts';
import type { WriteRule } from '../services/write-rules.ts';
import { SUMMARY_OPERATIONS } from './summary/index.ts';

/** The clinical record's rules on write (notes, vital signs and NEWS2, patients) and its operations. */
export const RECORD_RULES: readonly WriteRule[] = [];

export const RECORD_OPERATIONS: readonly OperationDefinitionEntry[] = [...SUMMARY_OPERATIONS];
