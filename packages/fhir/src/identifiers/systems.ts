/** FHIR identifier systems for Norwegian identifiers (DOMAIN.md §3, HL7 Norway NamingSystems). */
export const IDENTIFIER_SYSTEMS = {
  fnr: 'urn:oid:2.16.578.1.12.4.1.4.1',
  dnr: 'urn:oid:2.16.578.1.12.4.1.4.2',
  fhn: 'urn:oid:2.16.578.1.12.4.1.4.3',
  hpr: 'urn:oid:2.16.578.1.12.4.1.4.4',
  orgnr: 'urn:oid:2.16.578.1.12.4.1.4.101',
  resh: 'urn:oid:2.16.578.1.12.4.1.4.102',
  her: 'urn:oid:2.16.578.1.12.4.1.2',
  kommunenummer: 'https://register.geonorge.no/sosi-kodelister/kommunenummer',
} as const;

/** Identifier.type code (v2-0203) used for local help numbers (H-nummer), whose system is local. */
export const HNR_TYPE_CODE = 'HNR';
