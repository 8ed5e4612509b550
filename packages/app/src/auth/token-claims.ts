/**
 * What the app reads from its own access token, for display and for choosing screens: who signed in, and for
 * staff the unit they act for. The server decides access from the same token; nothing here grants anything.
 */
export interface TokenClaims {
  readonly kind: 'personnel' | 'citizen';
  readonly name: string;
  /** National id of the person who signed in. */
  readonly pid: string;
  /** Staff: the unit (department) they act for, as Akson's unit id, and its name. */
  readonly unitId: string | undefined;
  readonly unitName: string | undefined;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

const HELSEID_PID = 'helseid://claims/identity/pid';
const ATTEST = 'nhn:tillitsrammeverk:parameters';

interface Attest {
  practitioner?: {
    department?: { id?: string; name?: string };
    point_of_care?: { id?: string; name?: string };
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
    const unit = attest?.practitioner?.department ?? attest?.practitioner?.point_of_care;
    return {
      kind: 'personnel',
      name,
      pid: staffPid,
      unitId: unit?.id,
      unitName: unit?.name,
      expiresAt,
    };
  }
  return {
    kind: 'citizen',
    name,
    pid: typeof claims['pid'] === 'string' ? claims['pid'] : '',
    unitId: undefined,
    unitName: undefined,
    expiresAt,
  };
}

/** HelseID may carry the attest in authorization_details instead of a claim of its own. */
function authorizationDetailsAttest(claims: Record<string, unknown>): unknown {
  const details = claims['authorization_details'];
  const list = Array.isArray(details) ? details : details ? [details] : [];
  return list.find((d) => (d as { type?: string } | null)?.type === ATTEST);
}
