/**
 * Each piece of data has a category (access issue §6). Shared across services by default: critical information
 * and allergies, medicines, problems, vaccinations, care plans, contacts and relatives, and the metadata of
 * contacts. Notes are shared too, except those produced by services that are private by default (psykisk
 * helse og rus, helsestasjon, skolehelsetjeneste; configurable) and anything labelled as sexual health.
 */
export type DataCategory =
  | 'critical'
  | 'allergy'
  | 'medication'
  | 'problem'
  | 'vaccination'
  | 'careplan'
  | 'contact'
  | 'relatives'
  | 'demographics'
  | 'note'
  | 'observation'
  | 'referral'
  | 'consent'
  | 'audit'
  | 'other';

export const CATEGORY_SYSTEM = 'https://akson.no/fhir/CodeSystem/data-category';

const BY_TYPE: Record<string, DataCategory> = {
  Flag: 'critical',
  AllergyIntolerance: 'allergy',
  MedicationStatement: 'medication',
  MedicationRequest: 'medication',
  MedicationAdministration: 'medication',
  MedicationDispense: 'medication',
  Condition: 'problem',
  Immunization: 'vaccination',
  ImmunizationRecommendation: 'vaccination',
  CarePlan: 'careplan',
  Goal: 'careplan',
  CareTeam: 'careplan',
  Encounter: 'contact',
  EpisodeOfCare: 'contact',
  Appointment: 'contact',
  RelatedPerson: 'relatives',
  Patient: 'demographics',
  Composition: 'note',
  DocumentReference: 'note',
  ClinicalImpression: 'note',
  Communication: 'note',
  QuestionnaireResponse: 'note',
  Binary: 'note',
  Media: 'note',
  Observation: 'observation',
  DiagnosticReport: 'observation',
  ServiceRequest: 'referral',
  Task: 'referral',
  Consent: 'consent',
  AuditEvent: 'audit',
  Provenance: 'audit',
};

/** Categories whose content is private when the producing service is private (the rest stay shared). */
const PRIVATE_WHEN_SERVICE_PRIVATE = new Set<DataCategory>(['note', 'observation']);

export function categoryOf(resource: Record<string, unknown>): DataCategory {
  const type = String(resource['resourceType']);
  if (type === 'AllergyIntolerance' && resource['criticality'] === 'high') return 'critical';
  return BY_TYPE[type] ?? 'other';
}

export function isPrivateByService(category: DataCategory): boolean {
  return PRIVATE_WHEN_SERVICE_PRIVATE.has(category);
}
