import { fail, parseFhirJson } from '@akson/fhir';
import { EVERY_TYPE, type WriteRule } from '../../services/write-rules.ts';

type Json = Record<string, unknown>;

interface JournalType {
  /** Still a draft (not yet part of the record), so it may be thrown away. */
  readonly draft: (resource: Json) => boolean;
  /** How to withdraw it instead, for the refusal. */
  readonly withdraw: string;
}

const status =
  (...drafts: string[]) =>
  (r: Json): boolean =>
    drafts.includes(String(r['status']));
const never = (): boolean => false;
const STATUS = 'status "entered-in-error", with the reason in a note';

/**
 * The clinical content of the record, and what counts as a draft of each kind. Types not listed are not journal
 * entries (the Patient and relatives, appointments, tasks, consents and blocks, the register) and keep the
 * usual FHIR delete; the medication list line (MedicationStatement) has its own rule in medication/.
 */
const JOURNAL_TYPES: Readonly<Record<string, JournalType>> = {
  Composition: {
    draft: status('preliminary'),
    withdraw: 'status "entered-in-error" with extension correction-reason',
  },
  Observation: { draft: status('registered', 'preliminary'), withdraw: STATUS },
  DiagnosticReport: { draft: status('registered', 'partial', 'preliminary'), withdraw: STATUS },
  QuestionnaireResponse: { draft: status('in-progress'), withdraw: STATUS },
  DocumentReference: { draft: (r) => r['docStatus'] === 'preliminary', withdraw: STATUS },
  CarePlan: { draft: status('draft'), withdraw: STATUS },
  Goal: {
    draft: (r) => r['lifecycleStatus'] === 'proposed',
    withdraw: 'lifecycleStatus "entered-in-error", with the reason in a note',
  },
  ServiceRequest: { draft: status('draft'), withdraw: STATUS },
  Procedure: { draft: status('preparation'), withdraw: STATUS },
  ClinicalImpression: { draft: status('in-progress'), withdraw: STATUS },
  RiskAssessment: { draft: status('registered', 'preliminary'), withdraw: STATUS },
  Encounter: { draft: status('planned'), withdraw: STATUS },
  EpisodeOfCare: { draft: status('planned', 'waitlist'), withdraw: STATUS },
  Condition: {
    draft: never,
    withdraw: 'verificationStatus "entered-in-error", with the reason in a note',
  },
  AllergyIntolerance: {
    draft: never,
    withdraw: 'verificationStatus "entered-in-error", with the reason in a note',
  },
  Flag: { draft: never, withdraw: 'status "entered-in-error"' },
  Immunization: { draft: never, withdraw: 'status "entered-in-error", with the reason in statusReason' },
  MedicationRequest: { draft: status('draft'), withdraw: 'status "entered-in-error", with statusReason' },
  MedicationAdministration: { draft: never, withdraw: 'status "entered-in-error", with statusReason' },
};

/** How a type may be deleted, for the CapabilityStatement: freely, only as a draft, or never. */
export type DeletionPolicy =
  { readonly kind: 'any' } | { readonly kind: 'drafts' | 'never'; readonly withdraw: string };

export function deletionPolicy(type: string): DeletionPolicy {
  // The medication list line has its own rule (medication/statement-rule.ts): lines are never deleted.
  if (type === 'MedicationStatement') return { kind: 'never', withdraw: STATUS };
  const kind = JOURNAL_TYPES[type];
  if (!kind) return { kind: 'any' };
  return { kind: kind.draft === never ? 'never' : 'drafts', withdraw: kind.withdraw };
}

/**
 * Journal entries are never deleted (pasientjournalloven; DOMAIN.md §4): what was recorded stays, and a mistake
 * is corrected or withdrawn by a new version that says why. Only a draft that never became part of the record
 * may be thrown away. This holds for every caller, integrations included: nothing documents a need for a
 * client to delete clinical content (an import runs in one transaction bundle, so a failed one leaves nothing
 * behind to clean up), and a deleted entry would take its history out of the record's view.
 */
export const journalDeletionRule: WriteRule = {
  type: EVERY_TYPE,
  beforeDelete(existing) {
    const kind = JOURNAL_TYPES[existing.type];
    if (!kind || !existing.content) return;
    if (kind.draft(parseFhirJson(existing.content) as Json)) return;
    throw fail('AKS_ERR_RECORD_NOT_DELETABLE', { type: existing.type, id: existing.id, how: kind.withdraw });
  },
};
