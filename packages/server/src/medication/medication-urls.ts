// The URLs of the medication list's own conventions (docs/medication.md, "The list in the server"). The line id
// system and the multidose flag are shared with the clinical package; the rest belong to the server's rules.

export { MEDICATION_LINE_SYSTEM, MULTIDOSE_EXTENSION_URL } from '@akson/clinical';

const SD = 'https://akson.no/fhir/StructureDefinition';
const CS = 'https://akson.no/fhir/CodeSystem';

/** On MedicationStatement: one acknowledged check finding (sub-extensions finding, reason, text, by, at, catalogue). */
export const ACKNOWLEDGEMENT_URL = `${SD}/check-acknowledgement`;
/** On MedicationStatement: who made this version (valueReference; set by the server on every write). */
export const CHANGED_BY_URL = `${SD}/changed-by`;
/** On MedicationRequest and MedicationAdministration: the list line it belongs to (valueReference). */
export const MEDICATION_LINE_URL = `${SD}/medication-line`;
/** On MedicationRequest: what the prescription does to its line (valueCode start | change | stop | renew). */
export const PRESCRIPTION_ACTION_URL = `${SD}/prescription-action`;
/** On MedicationAdministration: the due time the record answers (valueDateTime); absent for as-needed doses. */
export const SCHEDULED_TIME_URL = `${SD}/scheduled-time`;
/** On OperationOutcome issues and check results: one finding (sub-extensions key, kind, severity, line, entry). */
export const FINDING_URL = `${SD}/medication-finding`;
/** On List.entry of a reconciliation: the clinician's reason and the line the entry produced. */
export const RECONCILIATION_DECISION_URL = `${SD}/reconciliation-decision`;

/** Why a dose was not given (MedicationAdministration.statusReason). */
export const NOT_GIVEN_REASON_SYSTEM = `${CS}/administration-not-given`;
/** The kind of each reconciliation entry and the decision taken (List.entry.flag). */
export const RECONCILIATION_SYSTEM = `${CS}/medication-reconciliation`;
/** List.code of a reconciliation record. */
export const LIST_TYPE_SYSTEM = `${CS}/list-type`;
/** Provenance.activity of a reconciliation. */
export const PROVENANCE_ACTIVITY_SYSTEM = `${CS}/provenance-activity`;
