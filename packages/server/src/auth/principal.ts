/**
 * Who is calling, after authentication. Three kinds, each from its own kind of token:
 * - personnel: a health worker signed in through HelseID (or the development issuer), acting for one unit;
 * - citizen: a person signed in through ID-porten/Helsenorge, reading their own record (or a child's);
 * - system: an integration authenticated with client credentials, limited by SMART v2 system scopes.
 */
export type Principal = PersonnelPrincipal | CitizenPrincipal | SystemPrincipal;

export interface PersonnelPrincipal {
  readonly kind: 'personnel';
  readonly pid: string;
  readonly hpr: string | undefined;
  readonly name: string;
  readonly securityLevel: string | undefined;
  /** Organisation number of the legal entity (the municipality) the user works for. */
  readonly legalEntity: string | undefined;
  /** The unit the user acts for, as the token names it (resolved against the register by the access module). */
  readonly unitIdentifier: UnitIdentifier | undefined;
  /** Personnel category from Volven 9060 (LE, SP, ...), as claimed; checked against the register. */
  readonly authorization: string | undefined;
  /** Purpose of use code (TREAT, ETREAT, COC, BTG). */
  readonly purposeOfUse: string | undefined;
  /** Trust-framework decision reference, when the client sent one. */
  readonly decisionRef: { readonly id: string; readonly userSelected: boolean } | undefined;
  readonly clientId: string | undefined;
  readonly tokenId: string | undefined;
}

export interface UnitIdentifier {
  readonly system: string;
  readonly value: string;
}

export interface CitizenPrincipal {
  readonly kind: 'citizen';
  readonly pid: string;
  readonly name: string | undefined;
  readonly clientId: string | undefined;
  readonly tokenId: string | undefined;
}

export interface SystemPrincipal {
  readonly kind: 'system';
  readonly clientId: string;
  readonly clientName: string | undefined;
  readonly organisation: string | undefined;
  readonly scopes: readonly SmartScope[];
  readonly tokenId: string | undefined;
}

/** A SMART v2 scope such as system/Patient.rs or system/*.cruds. */
export interface SmartScope {
  readonly context: 'system' | 'user' | 'patient';
  /** Resource type or '*'. */
  readonly type: string;
  readonly interactions: ReadonlySet<'c' | 'r' | 'u' | 'd' | 's'>;
}
