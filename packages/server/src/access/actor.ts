import type { CitizenPrincipal, PersonnelPrincipal, SmartScope, SystemPrincipal } from '../auth/principal.ts';
import type { AksonRole } from '../directory/identifier-systems.ts';

/**
 * A principal checked against Akson's own register: the token's claims are statements by the client's
 * organisation (HelseID does not verify orgnr_child, for instance), the register decides who works where.
 */
export type Actor = PersonnelActor | CitizenActor | SystemActor | PlatformActor;

export interface PersonnelActor {
  readonly kind: 'personnel';
  readonly principal: PersonnelPrincipal;
  readonly practitionerRef: string;
  readonly practitionerRoleRef: string;
  readonly unitRef: string;
  readonly unitName: string;
  /** Akson service type of the unit (see directory/service-types.ts). */
  readonly service: string | undefined;
  /** Organisation number of the municipality the unit belongs to. */
  readonly municipalityOrgnr: string | undefined;
  readonly municipalityName: string | undefined;
  /** Volven 9060 category of the role (LE, SP, ...). */
  readonly category: string | undefined;
  readonly role: AksonRole;
  readonly name: string;
  /** Family name and home address, for the log review's "same surname and address" flag. */
  readonly familyName: string | undefined;
  readonly homeAddress: string | undefined;
}

export interface CitizenActor {
  readonly kind: 'citizen';
  readonly principal: CitizenPrincipal;
  /** The citizen's own Patient id, when they are in the record. */
  readonly patientId: string | undefined;
  readonly name: string;
  /** Patients the citizen may act for: children under 12, or by power of attorney. */
  readonly actsFor: readonly {
    readonly patientId: string;
    readonly relationship: 'parent' | 'power-of-attorney';
    readonly name: string;
  }[];
}

export interface SystemActor {
  readonly kind: 'system';
  readonly principal: SystemPrincipal;
  /** Scopes granted: the token's, within what the client is registered for. */
  readonly scopes: readonly SmartScope[];
}

/** The platform itself (seeding, migrations, the audit writer): never a request's actor. */
export interface PlatformActor {
  readonly kind: 'platform';
  readonly label: string;
}

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'personnel':
      return `${actor.name} (${actor.unitName})`;
    case 'citizen':
      return actor.name;
    case 'system':
      return actor.principal.clientName ?? actor.principal.clientId;
    case 'platform':
      return actor.label;
  }
}
