// FHIR `system` URIs for the terminologies Akson uses (DOMAIN.md §6). One place, so the server, the web app and
// the data generator cannot disagree on a spelling.

export const ICPC2_SYSTEM = 'http://hl7.org/fhir/sid/icpc-2';
/** Older Volven OID for ICPC-2; accepted as an alias when looking codes up. */
export const ICPC2_VOLVEN_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.1.7170';
export const ICD10_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.1.7110';
export const ATC_SYSTEM = 'http://www.whocc.no/atc';
export const SNOMED_SYSTEM = 'http://snomed.info/sct';
export const LOINC_SYSTEM = 'http://loinc.org';
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';
export const OBSERVATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const OBSERVATION_INTERPRETATION_SYSTEM =
  'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
export const DATA_ABSENT_REASON_SYSTEM = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';

export const VOLVEN_OID_PREFIX = 'urn:oid:2.16.578.1.12.4.1.1.';

/** Volven code list number → FHIR system URI, e.g. 8663 → urn:oid:2.16.578.1.12.4.1.1.8663. */
export function volvenSystem(list: number | string): string {
  const number = String(list);
  if (!/^\d{4}$/.test(number))
    throw new RangeError(`Volven code lists have four-digit numbers, got "${number}"`);
  return `${VOLVEN_OID_PREFIX}${number}`;
}

export const VOLVEN = {
  /** Kategori helsepersonell (e.g. LE lege, SP sykepleier). */
  healthPersonnelCategory: volvenSystem(9060),
  /** Tjenestetyper for kommunal helse- og omsorgstjeneste. */
  municipalServiceType: volvenSystem(8663),
  /** Tjenestetype i helse- og omsorgstjenesten (IPLOS/KPR). */
  iplosServiceType: volvenSystem(9151),
  /** Dokumenttype. */
  documentType: volvenSystem(9602),
  /** Legemiddelform. */
  dosageForm: volvenSystem(7448),
  /** SYSVAK vaksinetyper. */
  vaccine: volvenSystem(9501),
  /** Kjønn. */
  sex: volvenSystem(3101),
} as const;

/** Code systems Akson defines itself, where no national code list exists (documented in docs/clinical-codes.md). */
export const AKSON_CODE_SYSTEM_BASE = 'https://akson.no/fhir/CodeSystem/';
