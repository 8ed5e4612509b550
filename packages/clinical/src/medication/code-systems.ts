// FHIR `system` URIs used by the medication domain. Values follow HL7 Norway's no-basis profiles
// (MedicationStatement, Medication, AllergyIntolerance) and DOMAIN.md §6; e-resept's own OIDs are kept
// alongside because M25/M30 messages identify code lists by OID in the `S` attribute.

/** WHO ATC, as fixed by no-basis-Medication and no-basis-AllergyIntolerance. */
export const ATC_SYSTEM = 'http://www.whocc.no/atc';
/** ATC as e-resept writes it (Volven 7180); accepted on input, never produced. */
export const ATC_OID = '2.16.578.1.12.4.1.1.7180';
export const ATC_OID_SYSTEM = `urn:oid:${ATC_OID}`;

/** FEST product (LegemiddelVirkestoff/-Merkevare/-pakning/-dose), no-basis-Medication slice FEST-Medication. */
export const FEST_MEDICATION_SYSTEM = 'http://ehelse.no/fhir/CodeSystem/FEST';
/** FEST substance and product codes on AllergyIntolerance.code (no-basis-AllergyIntolerance slices). */
export const FEST_SUBSTANCE_SYSTEM = 'http://ehelse.no/FESTSubstance';
export const FEST_ALLERGY_MEDICATION_SYSTEM = 'http://ehelse.no/FESTMedication';

/** ICPC-2 as fixed by no-basis-MedicationStatement.reasonCode:ICPC2 (Volven 7170). */
export const ICPC2_OID = '2.16.578.1.12.4.1.1.7170';
export const ICPC2_SYSTEM = `urn:oid:${ICPC2_OID}`;
/** The newer HL7 URI for ICPC-2; accepted on input and mapped to the OID form. */
export const ICPC2_HL7_SYSTEM = 'http://hl7.org/fhir/sid/icpc-2';
/** ICD-10 (Volven 7110), no-basis-MedicationStatement.reasonCode:ICD10. */
export const ICD10_OID = '2.16.578.1.12.4.1.1.7110';
export const ICD10_SYSTEM = `urn:oid:${ICD10_OID}`;

/** UCUM, for time units and measurable dose units (mg, ml). */
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';

/** RFC 3986 identifiers: prescription ids are UUIDs written as urn:uuid. */
export const URI_SYSTEM = 'urn:ietf:rfc:3986';

/**
 * The line identifier of Akson's medication list: one lower-case UUID per line, assigned when the line is
 * created and never changed (the PLL line id, `EnkeltoppforingLIB/Id`, when the line came from PLL).
 */
export const MEDICATION_LINE_SYSTEM = 'https://akson.no/fhir/NamingSystem/medication-line';

/** Extension on a medication line (valueBoolean): the medicine is dispensed in multidose packs. */
export const MULTIDOSE_EXTENSION_URL = 'https://akson.no/fhir/StructureDefinition/multidose';

/**
 * Reason for stopping a PLL line (M25 `Seponering/Arsak`). e-resept sends it as a kith:CS without an OID,
 * so Akson names the list itself. Known values from the official examples: A = Avsluttet behandling,
 * X = Annen årsak. Other values pass through unchanged.
 */
export const PLL_STOP_REASON_SYSTEM = 'https://akson.no/fhir/CodeSystem/pll-seponeringsarsak';
