import type { OperationDefinitionEntry } from '../fhir/operations/registry.ts';
import type { WriteRule } from '../services/write-rules.ts';
import { checkOperation } from './operations/check-operation.ts';
import { exportOperation, importOperation } from './operations/exchange-operations.ts';
import { medicationListOperation } from './operations/list-operation.ts';
import { reconcileApplyOperation, reconcilePreviewOperation } from './operations/reconcile-operations.ts';
import { scheduleOperation } from './operations/schedule-operation.ts';
import { statementRule } from './statement-rule.ts';
import { administrationRule } from './administration-rule.ts';
import { requestRule } from './request-rule.ts';

/** The shared medication list's rules on write (line identity, checks) and its operations (docs/medication.md). */
export const MEDICATION_RULES: readonly WriteRule[] = [statementRule, requestRule, administrationRule];

export const MEDICATION_OPERATIONS: readonly OperationDefinitionEntry[] = [
  checkOperation,
  medicationListOperation,
  exportOperation,
  importOperation,
  reconcilePreviewOperation,
  reconcileApplyOperation,
  scheduleOperation,
];
