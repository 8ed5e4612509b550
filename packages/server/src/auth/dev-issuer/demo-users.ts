import { HELSEID } from '../claims.ts';
import { AKSON_UNIT_SYSTEM, VOLVEN_9060 } from '../../directory/identifier-systems.ts';
import { serviceType, SERVICE_SYSTEM, VOLVEN_8663 } from '../../directory/service-types.ts';
import {
  DEMO_CITIZENS,
  DEMO_MUNICIPALITY,
  DEMO_STAFF,
  DEMO_UNITS,
  type DemoRole,
  type DemoStaff,
} from '../../demo/demo-municipality.ts';
import { citizenPid, staffPid } from '../../demo/directory-resources.ts';

/** One sign-in choice on the development login page: a person, and for staff the unit and role to act for. */
export interface SignInChoice {
  readonly key: string;
  readonly kind: 'personnel' | 'citizen';
  readonly label: string;
  readonly group: string;
  readonly claims: Record<string, unknown>;
}

const PURPOSE_SYSTEM = 'urn:oid:2.16.840.1.113883.1.11.20448';

/** Claims shaped exactly like HelseID's for a staff member acting in one role (see claims.ts). */
export function personnelClaims(
  staff: DemoStaff,
  role: DemoRole,
  options: { purpose?: string; userSelected?: boolean } = {},
): Record<string, unknown> {
  const unit = DEMO_UNITS.find((u) => u.id === role.unit);
  const service = unit ? serviceType(unit.service) : undefined;
  return {
    [HELSEID.pid]: staffPid(staff),
    ...(staff.hpr ? { [HELSEID.hpr]: staff.hpr } : {}),
    [HELSEID.securityLevel]: '4',
    [HELSEID.orgnrParent]: DEMO_MUNICIPALITY.orgnr,
    ...(unit?.orgnr ? { [HELSEID.orgnrChild]: unit.orgnr } : {}),
    name: `${staff.given} ${staff.family}`,
    given_name: staff.given,
    family_name: staff.family,
    [HELSEID.attest]: {
      type: HELSEID.attest,
      practitioner: {
        authorization: { code: role.category, system: VOLVEN_9060 },
        legal_entity: {
          id: DEMO_MUNICIPALITY.orgnr,
          name: DEMO_MUNICIPALITY.name,
          system: 'urn:oid:2.16.578.1.12.4.1.4.101',
        },
        point_of_care: {
          id: unit?.orgnr ?? DEMO_MUNICIPALITY.orgnr,
          name: unit?.name,
          system: 'urn:oid:2.16.578.1.12.4.1.4.101',
        },
        department: { id: role.unit, name: unit?.name, system: AKSON_UNIT_SYSTEM },
      },
      care_relationship: {
        ...(service
          ? {
              healthcare_service: service.volven8663
                ? { code: service.volven8663, text: service.display, system: VOLVEN_8663 }
                : { code: service.code, text: service.display, system: SERVICE_SYSTEM },
            }
          : {}),
        purpose_of_use: { code: options.purpose ?? 'TREAT', system: PURPOSE_SYSTEM },
        decision_ref: { id: crypto.randomUUID(), user_selected: options.userSelected ?? false },
      },
      patients: [],
    },
  };
}

export function citizenClaims(citizenId: string): Record<string, unknown> {
  const c = DEMO_CITIZENS.find((x) => x.id === citizenId || x.username === citizenId);
  if (!c) throw new Error(`No demo citizen ${citizenId}`);
  return { pid: citizenPid(c), name: `${c.given} ${c.family}`, acr: 'idporten-loa-high' };
}

export function signInChoices(): SignInChoice[] {
  const out: SignInChoice[] = [];
  for (const staff of DEMO_STAFF) {
    for (const role of staff.roles) {
      const unit = DEMO_UNITS.find((u) => u.id === role.unit);
      out.push({
        key: `${staff.username}@${role.unit}`,
        kind: 'personnel',
        label: `${staff.given} ${staff.family}, ${role.title.toLowerCase()}`,
        group: unit?.name ?? role.unit,
        claims: personnelClaims(staff, role),
      });
    }
  }
  for (const c of DEMO_CITIZENS) {
    const age = Math.floor((Date.now() - Date.parse(c.birthDate)) / (365.25 * 86_400_000));
    if (age < 16) continue; // children do not sign in themselves; a parent acts for them
    out.push({
      key: c.username,
      kind: 'citizen',
      label: `${c.given} ${c.family} (${age} år)`,
      group: 'Innbyggere',
      claims: citizenClaims(c.id),
    });
  }
  return out;
}

/** Finds a staff member's role by "username" (their only or first role) or "username@unit". */
export function findStaffRole(name: string): { staff: DemoStaff; role: DemoRole } | undefined {
  const [username, unitId] = name.split('@');
  const staff = DEMO_STAFF.find((s) => s.username === username || s.id === username);
  const role = staff?.roles.find((r) => unitId === undefined || r.unit === unitId);
  return staff && role ? { staff, role } : undefined;
}
