import { fail } from '@akson/fhir';
import type { JWTPayload } from 'jose';
import type {
  CitizenPrincipal,
  PersonnelPrincipal,
  Principal,
  SystemPrincipal,
  UnitIdentifier,
} from './principal.ts';
import { parseSmartScopes } from './smart-scopes.ts';

/** HelseID claim names (docs/design/access-and-audit-reference.md §1.1). */
export const HELSEID = {
  pid: 'helseid://claims/identity/pid',
  hpr: 'helseid://claims/hpr/hpr_number',
  securityLevel: 'helseid://claims/identity/security_level',
  orgnrParent: 'helseid://claims/client/claims/orgnr_parent',
  orgnrChild: 'helseid://claims/client/claims/orgnr_child',
  clientName: 'helseid://claims/client/client_name',
  attest: 'nhn:tillitsrammeverk:parameters',
} as const;

export const ORGNR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.101';

export type PrincipalKind = Principal['kind'];

interface IdentifierObject {
  id?: string;
  system?: string;
  name?: string;
}
interface CodeObject {
  code?: string;
  system?: string;
}
interface Attest {
  practitioner?: {
    legal_entity?: IdentifierObject;
    point_of_care?: IdentifierObject;
    department?: IdentifierObject;
    authorization?: CodeObject;
  };
  care_relation?: AttestCareRelation;
  care_relationship?: AttestCareRelation;
}
interface AttestCareRelation {
  purpose_of_use?: CodeObject;
  decision_ref?: { id?: string; user_selected?: boolean };
}

/**
 * Turns verified token claims into a Principal. Which kinds an issuer may produce is configured per issuer, so a
 * citizen identity provider cannot mint personnel tokens. Personnel tokens follow HelseID (pid, HPR, security
 * level, organisation numbers, the trust-framework attest under either of its names); citizen tokens carry an
 * ID-porten `pid`; system tokens carry a client id and SMART scopes and no person.
 */
export function principalFromClaims(claims: JWTPayload, allowed: ReadonlySet<PrincipalKind>): Principal {
  const str = (name: string): string | undefined =>
    typeof claims[name] === 'string' ? (claims[name] as string) : undefined;
  const helseIdPid = str(HELSEID.pid);
  if (helseIdPid) {
    if (!allowed.has('personnel'))
      throw fail('AKS_ERR_AUTH_INVALID', { reason: 'this issuer may not sign in health personnel' });
    return personnel(claims, helseIdPid, str);
  }
  const citizenPid = str('pid');
  if (citizenPid) {
    if (!allowed.has('citizen'))
      throw fail('AKS_ERR_AUTH_INVALID', { reason: 'this issuer may not sign in citizens' });
    if (!/^\d{11}$/.test(citizenPid))
      throw fail('AKS_ERR_AUTH_CLAIMS', { detail: 'pid must be an 11-digit national identity number' });
    const citizen: CitizenPrincipal = {
      kind: 'citizen',
      pid: citizenPid,
      name: str('name'),
      clientId: str('client_id'),
      tokenId: claims.jti,
    };
    return citizen;
  }
  const clientId = str('client_id') ?? str('azp');
  if (!clientId)
    throw fail('AKS_ERR_AUTH_CLAIMS', { detail: 'neither a person (pid) nor a client (client_id)' });
  if (!allowed.has('system'))
    throw fail('AKS_ERR_AUTH_INVALID', { reason: 'this issuer may not authenticate systems' });
  const system: SystemPrincipal = {
    kind: 'system',
    clientId,
    clientName: str(HELSEID.clientName),
    organisation: str(HELSEID.orgnrParent),
    scopes: parseSmartScopes(claims['scope'] as string | string[] | undefined),
    tokenId: claims.jti,
  };
  return system;
}

function personnel(
  claims: JWTPayload,
  pid: string,
  str: (n: string) => string | undefined,
): PersonnelPrincipal {
  if (!/^\d{11}$/.test(pid))
    throw fail('AKS_ERR_AUTH_CLAIMS', {
      detail: `${HELSEID.pid} must be an 11-digit national identity number`,
    });
  const attest = findAttest(claims);
  const care = attest?.care_relation ?? attest?.care_relationship;
  const practitioner = attest?.practitioner;
  return {
    kind: 'personnel',
    pid,
    hpr: str(HELSEID.hpr),
    name:
      str('name') ??
      ([str('given_name'), str('family_name')].filter(Boolean).join(' ') || pid.slice(0, 6) + '*****'),
    securityLevel: str(HELSEID.securityLevel),
    legalEntity: practitioner?.legal_entity?.id ?? str(HELSEID.orgnrParent),
    unitIdentifier: unitOf(practitioner, str(HELSEID.orgnrChild)),
    authorization: practitioner?.authorization?.code,
    purposeOfUse: care?.purpose_of_use?.code,
    decisionRef: care?.decision_ref?.id
      ? { id: care.decision_ref.id, userSelected: care.decision_ref.user_selected === true }
      : undefined,
    clientId: str('client_id'),
    tokenId: claims.jti,
  };
}

/** The attest arrives as a top-level claim in HelseID tokens, or as an authorization_details entry. */
function findAttest(claims: JWTPayload): Attest | undefined {
  const direct = claims[HELSEID.attest];
  if (direct && typeof direct === 'object') return direct as Attest;
  const details = claims['authorization_details'];
  const list = Array.isArray(details) ? details : details && typeof details === 'object' ? [details] : [];
  return list.find((d: { type?: string }) => d?.type === HELSEID.attest) as Attest | undefined;
}

/** Department (a unit in Akson's register), else point of care, else orgnr_child: the most specific wins. */
function unitOf(
  practitioner: Attest['practitioner'],
  orgnrChild: string | undefined,
): UnitIdentifier | undefined {
  const department = practitioner?.department;
  if (department?.id && department.system) return { system: department.system, value: department.id };
  const poc = practitioner?.point_of_care;
  if (poc?.id) return { system: poc.system ?? ORGNR_SYSTEM, value: poc.id };
  return orgnrChild ? { system: ORGNR_SYSTEM, value: orgnrChild } : undefined;
}
