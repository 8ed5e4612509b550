import type { OperationDefinitionEntry } from '../../fhir/operations/registry.ts';
import { everythingOperation } from './everything-operation.ts';
import { summaryOperation } from './summary-operation.ts';
import { timelineOperation } from './timeline-operation.ts';

/** Reading the whole record: Patient $summary, $everything and $timeline, each filtered by the caller's access. */
export const SUMMARY_OPERATIONS: readonly OperationDefinitionEntry[] = [
  summaryOperation,
  everythingOperation,
  timelineOperation,
];
