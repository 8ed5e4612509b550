import type { OperationDefinitionEntry } from '../fhir/operations/registry.ts';
import type { WriteRule } from '../services/write-rules.ts';
import { binaryRule, documentReferenceRule } from './attachments/binary-rule.ts';
import { iplosRule } from './iplos/iplos-rule.ts';
import { noteRule } from './notes/note-rule.ts';
import { noteTemplatesOperation } from './notes/note-templates-operation.ts';
import { journalDeletionRule } from './journal/journal-deletion-rule.ts';
import { mergeOperation } from './patients/merge-operation.ts';
import { PROTECTED_ADDRESS_RULES } from './patients/protected-address-rule.ts';
import { retiredPatientRule } from './patients/retired-patient-rule.ts';
import { SUMMARY_OPERATIONS } from './summary/index.ts';
import { news2Rule } from './vital-signs/news2-rule.ts';

/**
 * The clinical record's rules on write (notes, vital signs and NEWS2, patients, attachments, IPLOS), and two for
 * the record as a whole: journal entries are not deleted, and a merged (retired) patient takes no new entries.
 */
export const RECORD_RULES: readonly WriteRule[] = [
  ...PROTECTED_ADDRESS_RULES,
  noteRule,
  news2Rule,
  binaryRule,
  documentReferenceRule,
  iplosRule,
  journalDeletionRule,
  retiredPatientRule,
];

export const RECORD_OPERATIONS: readonly OperationDefinitionEntry[] = [
  mergeOperation,
  noteTemplatesOperation,
  ...SUMMARY_OPERATIONS,
];
