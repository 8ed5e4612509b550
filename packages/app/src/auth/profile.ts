import type { Organization, Patient, PractitionerRole } from '@medplum/fhirtypes';
import type { FhirClient } from '../api/fhir-client.ts';
import { ageInYears } from '../text/format.ts';
import { personName } from '../text/fhir-text.ts';
import type { TokenClaims } from './token-claims.ts';

export const FNR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.1';
const ROLE_SYSTEM = 'https://akson.no/fhir/CodeSystem/role';
const SERVICE_SYSTEM = 'https://akson.no/fhir/CodeSystem/service-type';
const VOLVEN_9060 = 'urn:oid:2.16.578.1.12.4.1.1.9060';

/** A staff member acting in one role at one unit (chosen when signing in). */
export interface StaffProfile {
  readonly kind: 'personnel';
  readonly name: string;
  readonly unitId: string | undefined;
  readonly unitName: string;
  readonly roleId: string | undefined;
  readonly practitionerId: string | undefined;
  /** "Fastlege", "Sykepleier", "Personvernombud" */
  readonly roleTitle: string | undefined;
  /** Volven 9060 category (LE, SP, ...). */
  readonly category: string | undefined;
  /** The unit's service (Akson service-type code): decides the worklist. */
  readonly service: string | undefined;
  readonly securityOfficer: boolean;
}

export interface PortalPerson {
  readonly id: string;
  readonly name: string;
  readonly birthDate: string | undefined;
  readonly self: boolean;
  /** How the signed-in citizen may act for them. */
  readonly relation: 'self' | 'child' | 'power-of-attorney';
}

/** A citizen, and the people they may act for (children under 12, those who gave them power of attorney). */
export interface CitizenProfile {
  readonly kind: 'citizen';
  readonly name: string;
  readonly people: readonly PortalPerson[];
}

export type Profile = StaffProfile | CitizenProfile;

export async function loadProfile(client: FhirClient, claims: TokenClaims): Promise<Profile> {
  return claims.kind === 'personnel' ? loadStaffProfile(client, claims) : loadCitizenProfile(client, claims);
}

async function loadStaffProfile(client: FhirClient, claims: TokenClaims): Promise<StaffProfile> {
  const found = await client.search<PractitionerRole>('PractitionerRole', {
    'practitioner.identifier': `${FNR_SYSTEM}|${claims.pid}`,
    ...(claims.unitId ? { organization: `Organization/${claims.unitId}` } : {}),
    _include: 'PractitionerRole:organization',
  });
  const role = found.resources[0];
  const unit = role?.organization?.reference
    ? (found.included.get(role.organization.reference) as Organization | undefined)
    : undefined;
  const roleCodes = role?.code ?? [];
  return {
    kind: 'personnel',
    name: claims.name,
    unitId: claims.unitId,
    unitName: unit?.name ?? role?.organization?.display ?? claims.unitName ?? 'Ukjent enhet',
    roleId: role?.id,
    practitionerId: role?.practitioner?.reference?.replace(/^Practitioner\//, ''),
    roleTitle: roleCodes.find((c) => c.coding?.some((x) => x.system === VOLVEN_9060))?.text,
    category: roleCodes.flatMap((c) => c.coding ?? []).find((x) => x.system === VOLVEN_9060)?.code,
    service:
      (role?.specialty ?? []).flatMap((c) => c.coding ?? []).find((x) => x.system === SERVICE_SYSTEM)?.code ??
      (unit?.type ?? []).flatMap((c) => c.coding ?? []).find((x) => x.system === SERVICE_SYSTEM)?.code,
    securityOfficer: roleCodes.some((c) =>
      c.coding?.some((x) => x.system === ROLE_SYSTEM && x.code === 'security-officer'),
    ),
  };
}

async function loadCitizenProfile(client: FhirClient, claims: TokenClaims): Promise<CitizenProfile> {
  // A citizen's search of Patient returns exactly their own record and those they may act for.
  const found = await client.search<Patient>('Patient', { _count: 50 });
  const people = found.resources.map((p): PortalPerson => {
    const self = p.identifier?.some((i) => i.system === FNR_SYSTEM && i.value === claims.pid) ?? false;
    const age = ageInYears(p.birthDate);
    return {
      id: p.id ?? '',
      name: personName(p.name),
      birthDate: p.birthDate,
      self,
      relation: self ? 'self' : age !== undefined && age < 12 ? 'child' : 'power-of-attorney',
    };
  });
  people.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name, 'nb'));
  return { kind: 'citizen', name: claims.name, people };
}
