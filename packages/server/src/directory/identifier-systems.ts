/** Identifier and code systems Akson mints where no national one exists. */
export const AKSON_UNIT_SYSTEM = 'https://akson.no/fhir/NamingSystem/unit';
export const AKSON_CLIENT_SYSTEM = 'https://akson.no/fhir/NamingSystem/client';
export const AKSON_ROLE_SYSTEM = 'https://akson.no/fhir/CodeSystem/role';
export const VOLVEN_9060 = 'urn:oid:2.16.578.1.12.4.1.1.9060';

/** Roles beyond clinical work, carried in PractitionerRole.code next to the 9060 category. */
export type AksonRole = 'clinician' | 'security-officer' | 'administrator';
