import type { Organization, Patient, PractitionerRole } from '@medplum/fhirtypes';
import type { FhirClient } from '../api/fhir-client.ts';
import { ageInYears } from '../text/format.ts';
import { personName } from '../text/fhir-text.ts';
import type { TokenClaims } from './token-claims.ts';

import { DNR_SYSTEM, FNR_SYSTEM } from '../text/national-id.ts';

export { FNR_SYSTEM };
const ROLE_SYSTEM = 'https://akson.no/fhir/CodeSystem/role';
const SERVICE_SYSTEM = 'https://akson.no/fhir/CodeSystem/service-type';
const VOLVEN_9060 = 'urn:oid:2.16.578.1.12.4.1.1.9060';

/** A staff member acting in one role at one unit (chosen when signing in). */
export interface StaffProfile {
  readonly kind: 'personnel';
  readonly name: string;
  /** The unit of the role acted in (its Organization id in the register): never guessed, never undefined. */
  readonly unitId: string;
  readonly unitName: string;
  readonly roleId: string;
  readonly practitionerId: string | undefined;
  /** "Fastlege", "Sykepleier", "Personvernombud" */
  readonly roleTitle: string | undefined;
  /** Volven 9060 category (LE, SP, ...). */
  readonly category: string | undefined;
  /** The unit's service (Akson service-type code): decides the worklist. */
  readonly service: string | undefined;
  readonly securityOfficer: boolean;
}

/**
 * Staff whose sign-in does not tell which of their roles they act in (no unit in the token and several roles,
 * or a unit that matches several): they choose, and the app never guesses or queries without a unit.
 */
export interface RoleChoice {
  readonly kind: 'choose-role';
  readonly name: string;
  readonly roles: readonly StaffProfile[];
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

export async function loadProfile(client: FhirClient, claims: TokenClaims): Promise<Profile | RoleChoice> {
  return claims.kind === 'personnel' ? loadStaffProfile(client, claims) : loadCitizenProfile(client, claims);
}

/**
 * The role the signed-in person acts in, found the way the server finds it (access/resolve-actor.ts): the
 * person's active roles in the register, narrowed to the unit the token names (its department, else its point
 * of care or sub-organisation number, matched against the units' identifiers). One match is the profile; none
 * or several is a choice for the person, never a guess.
 */
async function loadStaffProfile(client: FhirClient, claims: TokenClaims): Promise<StaffProfile | RoleChoice> {
  const found = await client.searchAll<PractitionerRole>('PractitionerRole', {
    'practitioner.identifier': [FNR_SYSTEM, DNR_SYSTEM].map((s) => `${s}|${claims.pid}`).join(','),
    active: 'true',
    _include: 'PractitionerRole:organization',
    _count: 50,
  });
  const roles = found.resources
    .map((role) => {
      const ref = role.organization?.reference;
      const unit = ref ? (found.included.get(ref) as Organization | undefined) : undefined;
      return unit?.id ? staffProfile(claims, role, unit as Organization & { id: string }) : undefined;
    })
    .filter((p): p is { profile: StaffProfile; unit: Organization } => p !== undefined);
  const wanted = claims.unit;
  const matching = wanted
    ? roles.filter(({ unit }) =>
        unit.identifier?.some((i) => i.system === wanted.system && i.value === wanted.value),
      )
    : roles;
  const only = matching.length === 1 ? matching[0] : undefined;
  if (only) return only.profile;
  return {
    kind: 'choose-role',
    name: claims.name,
    roles: (matching.length > 0 ? matching : roles).map((r) => r.profile),
  };
}

function staffProfile(
  claims: TokenClaims,
  role: PractitionerRole,
  unit: Organization & { id: string },
): { profile: StaffProfile; unit: Organization } {
  const roleCodes = role.code ?? [];
  return {
    unit,
    profile: {
      kind: 'personnel',
      name: claims.name,
      unitId: unit.id,
      unitName: unit.name ?? role.organization?.display ?? 'Ukjent enhet',
      roleId: role.id ?? '',
      practitionerId: role.practitioner?.reference?.replace(/^Practitioner\//, ''),
      roleTitle: roleCodes.find((c) => c.coding?.some((x) => x.system === VOLVEN_9060))?.text,
      category: roleCodes.flatMap((c) => c.coding ?? []).find((x) => x.system === VOLVEN_9060)?.code,
      service:
        (role.specialty ?? []).flatMap((c) => c.coding ?? []).find((x) => x.system === SERVICE_SYSTEM)
          ?.code ??
        (unit.type ?? []).flatMap((c) => c.coding ?? []).find((x) => x.system === SERVICE_SYSTEM)?.code,
      securityOfficer: roleCodes.some((c) =>
        c.coding?.some((x) => x.system === ROLE_SYSTEM && x.code === 'security-officer'),
      ),
    },
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
