import { fail, IDENTIFIER_SYSTEMS } from '@akson/fhir';
import type { RegisterLookup } from './register-lookup.ts';
import type {
  Principal,
  PersonnelPrincipal,
  CitizenPrincipal,
  SystemPrincipal,
  SmartScope,
} from '../auth/principal.ts';
import { intersectScopes, parseSmartScopes } from '../auth/smart-scopes.ts';
import { AKSON_ROLE_SYSTEM, VOLVEN_9060, type AksonRole } from '../directory/identifier-systems.ts';
import { SERVICE_SYSTEM } from '../directory/service-types.ts';
import type { Actor, CitizenActor, PersonnelActor, SystemActor } from './actor.ts';

interface FhirRef {
  reference?: string;
  display?: string;
}
interface Coding {
  system?: string;
  code?: string;
}
interface OrganizationResource {
  id: string;
  name?: string;
  identifier?: { system?: string; value?: string }[];
  type?: { coding?: Coding[] }[];
  partOf?: FhirRef;
}

export interface ActorResolverOptions {
  readonly requiredSecurityLevel: string;
  /** client id -> SMART scopes the client may ever have. */
  readonly clientPolicies: ReadonlyMap<string, string>;
}

const TTL_MS = 60_000;

/**
 * Resolves principals against the register (Practitioner, PractitionerRole, Organization, Patient, RelatedPerson),
 * caching each answer for a minute: a role that ends stops working within that minute.
 */
export class ActorResolver {
  readonly #find: RegisterLookup;
  readonly #options: ActorResolverOptions;
  readonly #cache = new Map<string, { actor: Actor; expires: number }>();

  constructor(find: RegisterLookup, options: ActorResolverOptions) {
    this.#find = find;
    this.#options = options;
  }

  /**
   * The register's answer is cached; the token's own claims are applied to it on every request (security level,
   * personnel category, purpose of use, decision reference, name), so a later token never inherits an earlier
   * token's claims.
   */
  async resolve(principal: Principal): Promise<Actor> {
    if (principal.kind === 'system') return this.#system(principal);
    if (principal.kind === 'personnel') {
      if (principal.securityLevel !== this.#options.requiredSecurityLevel) {
        throw fail('AKS_ERR_AUTH_ASSURANCE', { level: principal.securityLevel ?? 'none' });
      }
      const key = `p|${principal.pid}|${principal.unitIdentifier?.system ?? ''}|${principal.unitIdentifier?.value ?? ''}`;
      const registered = (await this.#cached(key, () => this.#personnel(principal))) as PersonnelActor;
      if (principal.authorization && registered.category && principal.authorization !== registered.category) {
        throw fail('AKS_ERR_ACCESS_DENIED', {
          detail: `The token says personnel category ${principal.authorization}, but the register has ${registered.category} for this role.`,
        });
      }
      return { ...registered, principal, name: principal.name };
    }
    const registered = (await this.#cached(`c|${principal.pid}`, () =>
      this.#citizen(principal),
    )) as CitizenActor;
    return { ...registered, principal, name: principal.name ?? registered.name };
  }

  async #cached(key: string, load: () => Promise<Actor>): Promise<Actor> {
    const hit = this.#cache.get(key);
    if (hit && hit.expires > Date.now()) return hit.actor;
    const actor = await load();
    if (this.#cache.size > 10_000) this.#cache.clear();
    this.#cache.set(key, { actor, expires: Date.now() + TTL_MS });
    return actor;
  }

  /** Forgets cached answers (after the register changes). */
  clear(): void {
    this.#cache.clear();
  }

  /**
   * Only system/ scopes act for a client: patient/ and user/ scopes need a patient or user context that client
   * credentials never carry, so they grant nothing here rather than acting as system/ ones.
   */
  #system(principal: SystemPrincipal): SystemActor {
    const policy = this.#options.clientPolicies.get(principal.clientId);
    const scopes: SmartScope[] = policy
      ? intersectScopes(principal.scopes, parseSmartScopes(policy)).filter((s) => s.context === 'system')
      : [];
    return { kind: 'system', principal, scopes };
  }

  async #personnel(principal: PersonnelPrincipal): Promise<PersonnelActor> {
    const practitioners = await this.#find('Practitioner', [
      ['identifier', `${IDENTIFIER_SYSTEMS.fnr}|${principal.pid}`],
    ]);
    const dnr =
      practitioners.length === 0
        ? await this.#find('Practitioner', [['identifier', `${IDENTIFIER_SYSTEMS.dnr}|${principal.pid}`]])
        : [];
    const practitioner = (practitioners[0] ?? dnr[0]) as
      | {
          id: string;
          name?: { family?: string; given?: string[]; text?: string }[];
          address?: { use?: string; line?: string[] }[];
        }
      | undefined;
    if (!practitioner) {
      throw fail('AKS_ERR_ACCESS_DENIED', {
        detail: 'You are not registered as health personnel in Akson. Ask your municipality to add you.',
      });
    }
    const roles = (await this.#find('PractitionerRole', [
      ['practitioner', `Practitioner/${practitioner.id}`],
      ['active', 'true'],
    ])) as { id: string; organization?: FhirRef; code?: { coding?: Coding[] }[] }[];
    const units = await Promise.all(roles.map((r) => this.#organization(r.organization?.reference)));
    const wanted = principal.unitIdentifier;
    const candidates = roles
      .map((role, i) => ({ role, unit: units[i] }))
      .filter(({ unit }) => unit !== undefined)
      .filter(
        ({ unit }) =>
          !wanted || unit?.identifier?.some((id) => id.system === wanted.system && id.value === wanted.value),
      );
    const name = principal.name;
    if (candidates.length !== 1) {
      throw fail('AKS_ERR_ACCESS_UNIT', {
        who: name,
        unit: wanted ? `${wanted.value}` : 'one unit (the token names none, and you work in several)',
      });
    }
    const { role, unit } = candidates[0] as { role: (typeof roles)[number]; unit: OrganizationResource };
    const category = codeOf(role.code, VOLVEN_9060);
    const municipality = await this.#organization(unit.partOf?.reference);
    const home = practitioner.address?.find((a) => a.use === 'home');
    return {
      kind: 'personnel',
      principal,
      practitionerRef: `Practitioner/${practitioner.id}`,
      practitionerRoleRef: `PractitionerRole/${role.id}`,
      unitRef: `Organization/${unit.id}`,
      unitName: unit.name ?? unit.id,
      service: unit.type?.flatMap((t) => t.coding ?? []).find((c) => c.system === SERVICE_SYSTEM)?.code,
      municipalityOrgnr: (municipality ?? unit).identifier?.find((i) => i.system === IDENTIFIER_SYSTEMS.orgnr)
        ?.value,
      municipalityName: municipality?.name,
      category,
      role: (codeOf(role.code, AKSON_ROLE_SYSTEM) as AksonRole | undefined) ?? 'clinician',
      name,
      familyName: practitioner.name?.[0]?.family,
      homeAddress: home?.line?.join(' '),
    };
  }

  async #citizen(principal: CitizenPrincipal): Promise<CitizenActor> {
    const own =
      (await this.#find('Patient', [['identifier', `${IDENTIFIER_SYSTEMS.fnr}|${principal.pid}`]]))[0] ??
      (await this.#find('Patient', [['identifier', `${IDENTIFIER_SYSTEMS.dnr}|${principal.pid}`]]))[0];
    const related = (await this.#find('RelatedPerson', [
      ['identifier', `${IDENTIFIER_SYSTEMS.fnr}|${principal.pid}`],
      ['active', 'true'],
    ])) as { patient?: FhirRef; relationship?: { coding?: Coding[] }[] }[];
    const actsFor: CitizenActor['actsFor'][number][] = [];
    for (const r of related) {
      const patientId = r.patient?.reference?.replace(/^Patient\//, '');
      if (!patientId) continue;
      const codes = (r.relationship ?? []).flatMap((c) => c.coding ?? []).map((c) => c.code);
      const patient = (await this.#find('Patient', [['_id', patientId]]))[0] as
        { birthDate?: string; name?: { given?: string[]; family?: string }[] } | undefined;
      if (!patient) continue;
      const label = [patient.name?.[0]?.given?.join(' '), patient.name?.[0]?.family]
        .filter(Boolean)
        .join(' ');
      if (codes.includes('POWATT'))
        actsFor.push({ patientId, relationship: 'power-of-attorney', name: label });
      else if (
        codes.some((c) => c === 'PRN' || c === 'MTH' || c === 'FTH' || c === 'PRNFOST') &&
        ageOf(patient.birthDate) < 12
      ) {
        actsFor.push({ patientId, relationship: 'parent', name: label });
      }
    }
    const ownName = own as { name?: { given?: string[]; family?: string }[]; birthDate?: string } | undefined;
    // Helsenorge's rule: a child under 12 has no access of their own; their parents act for them.
    if (ownName && ageOf(ownName.birthDate) < 12) {
      throw fail('AKS_ERR_ACCESS_DENIED', {
        detail: 'Children under 12 do not have access of their own; a parent can act for them.',
      });
    }
    return {
      kind: 'citizen',
      principal,
      patientId: (own as { id?: string } | undefined)?.id,
      name:
        principal.name ??
        ([ownName?.name?.[0]?.given?.join(' '), ownName?.name?.[0]?.family].filter(Boolean).join(' ') ||
          'Innbygger'),
      actsFor,
    };
  }

  async #organization(reference: string | undefined): Promise<OrganizationResource | undefined> {
    const id = reference?.startsWith('Organization/') ? reference.slice('Organization/'.length) : undefined;
    if (!id) return undefined;
    return (await this.#find('Organization', [['_id', id]]))[0] as OrganizationResource | undefined;
  }
}

function codeOf(concepts: { coding?: Coding[] }[] | undefined, system: string): string | undefined {
  return (concepts ?? []).flatMap((c) => c.coding ?? []).find((c) => c.system === system)?.code;
}

function ageOf(birthDate: string | undefined): number {
  if (!birthDate) return Number.POSITIVE_INFINITY;
  const b = new Date(birthDate);
  const now = new Date();
  let age = now.getFullYear() - b.getFullYear();
  if (now.getMonth() < b.getMonth() || (now.getMonth() === b.getMonth() && now.getDate() < b.getDate()))
    age--;
  return age;
}
