/**
 * What the app reads from its own access token, for display and for choosing screens: who signed in, and for
 * staff the unit they act for. The server decides access from the same token; nothing here grants anything.
 */
export interface TokenClaims {
  readonly kind: 'personnel' | 'citizen';
  readonly name: string;
  /** National id of the person who signed in. */
  readonly pid: string;
  /**
   * Staff: the unit the token names, as the server reads it (auth/claims.ts): the attest's department, else its
   * point of care, else HelseID's sub-organisation number. An identifier to match against the register's units,
   * not an Organization id: which role and unit that is, the register says (profile.ts).
   */
  readonly unit: { readonly system: string; readonly value: string } | undefined;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

const HELSEID_PID = 'helseid://claims/identity/pid';
const HELSEID_ORGNR_CHILD = 'helseid://claims/client/claims/orgnr_child';
const ORGNR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.101';
const ATTEST = 'nhn:tillitsrammeverk:parameters';

interface IdentifierObject {
  id?: string;
  name?: string;
  system?: string;
}

interface Attest {
  practitioner?: {
    department?: IdentifierObject;
    point_of_care?: IdentifierObject;
  };
}

export function decodeJwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) throw new Error('not a JWT');
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (c) =>
    c.charCodeAt(0),
  );
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

export function readTokenClaims(token: string): TokenClaims {
  const claims = decodeJwtPayload(token);
  const staffPid = claims[HELSEID_PID];
  const expiresAt = typeof claims['exp'] === 'number' ? claims['exp'] : 0;
  const name = typeof claims['name'] === 'string' ? claims['name'] : 'Ukjent bruker';
  if (typeof staffPid === 'string') {
    const rawAttest = claims[ATTEST] ?? authorizationDetailsAttest(claims);
    const attest = (typeof rawAttest === 'string' ? JSON.parse(rawAttest) : rawAttest) as Attest | undefined;
    const orgnrChild = claims[HELSEID_ORGNR_CHILD];
    return {
      kind: 'personnel',
      name,
      pid: staffPid,
      unit: unitOf(attest, typeof orgnrChild === 'string' ? orgnrChild : undefined),
      expiresAt,
    };
  }
  return {
    kind: 'citizen',
    name,
    pid: typeof claims['pid'] === 'string' ? claims['pid'] : '',
    unit: undefined,
    expiresAt,
  };
}

/** Department (a unit in Akson's register), else point of care, else orgnr_child: the most specific wins. */
function unitOf(attest: Attest | undefined, orgnrChild: string | undefined): TokenClaims['unit'] {
  const department = attest?.practitioner?.department;
  if (department?.id && department.system) return { system: department.system, value: department.id };
  const poc = attest?.practitioner?.point_of_care;
  if (poc?.id) return { system: poc.system ?? ORGNR_SYSTEM, value: poc.id };
  return orgnrChild ? { system: ORGNR_SYSTEM, value: orgnrChild } : undefined;
}

/** HelseID may carry the attest in authorization_details instead of a claim of its own. */
function authorizationDetailsAttest(claims: Record<string, unknown>): unknown {
  const details = claims['authorization_details'];
  const list = Array.isArray(details) ? details : details ? [details] : [];
  return list.find((d) => (d as { type?: string } | null)?.type === ATTEST);
}
