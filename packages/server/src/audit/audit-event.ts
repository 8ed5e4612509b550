import { randomUUID } from 'node:crypto';
import { IDENTIFIER_SYSTEMS } from '@akson/fhir';
import type { Actor } from '../access/actor.ts';
import type { Principal } from '../auth/principal.ts';
import { AKSON_CLIENT_SYSTEM, AKSON_UNIT_SYSTEM, VOLVEN_9060 } from '../directory/identifier-systems.ts';
import { TAG } from '../access/access-tags.ts';

/**
 * A caller refused before they became an actor: no valid token (401), or a verified token the register refused
 * (403: not registered as personnel, no role at the unit, a child under 12). What is known is recorded: the
 * verified principal when there is one, and the network address always.
 */
export interface UnresolvedCaller {
  readonly kind: 'unresolved';
  readonly principal: Principal | undefined;
  readonly address: string | undefined;
}

/** What happened, for one AuditEvent (one patient per event, as HL7 Norway's profile requires). */
export interface AuditInput {
  readonly actor: Actor | UnresolvedCaller;
  readonly interaction:
    | 'read'
    | 'vread'
    | 'search'
    | 'history'
    | 'create'
    | 'update'
    | 'patch'
    | 'delete'
    | 'operation'
    | 'login'
    | 'lookup'
    | 'emergency-access'
    | 'self-declared-relation'
    | 'export';
  /** 0 success, 4 minor failure (denied), 8 serious failure. */
  readonly outcome: '0' | '4' | '8';
  readonly outcomeDescription?: string;
  readonly patientId?: string;
  /** The resources touched (Type/id). */
  readonly entities: readonly string[];
  /** For searches: the query as sent. */
  readonly query?: string;
  /** Why access was allowed: derived relation, self-declared, emergency, own record, representation... */
  readonly basis?: {
    readonly kind: AccessBasisKind;
    readonly relationId?: string;
    readonly description: string;
  };
  readonly flags?: readonly ('emergency' | 'self-declared' | 'same-surname-address' | 'denied' | 'lookup')[];
  readonly requestId?: string;
}

export type AccessBasisKind =
  'derived' | 'self-declared' | 'emergency' | 'lookup' | 'own-record' | 'representative' | 'system' | 'none';

export interface BuiltAuditEvent {
  readonly id: string;
  readonly recorded: string;
  readonly patientId: string;
  readonly accessTags: readonly string[];
  readonly content: string;
  readonly resource: Record<string, unknown>;
}

export const AUDIT_EXTENSIONS = {
  patient: 'http://hl7.no/fhir/StructureDefinition/auditevent-patient-extension',
  careRelation: 'http://hl7.no/fhir/StructureDefinition/auditevent-carerelation-metadata-extension',
} as const;
const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';

const ACTIONS: Record<AuditInput['interaction'], 'C' | 'R' | 'U' | 'D' | 'E'> = {
  read: 'R',
  vread: 'R',
  search: 'E',
  history: 'R',
  create: 'C',
  update: 'U',
  patch: 'U',
  delete: 'D',
  operation: 'E',
  login: 'E',
  lookup: 'E',
  'emergency-access': 'E',
  'self-declared-relation': 'E',
  export: 'R',
};

/** AuditEvent.type: REST interactions are "rest"; login and break-the-glass have their DICOM codes. */
function typeOf(interaction: AuditInput['interaction']): { system: string; code: string; display: string } {
  if (interaction === 'login') return { system: DCM, code: '110114', display: 'User Authentication' };
  if (interaction === 'export') return { system: DCM, code: '110106', display: 'Export' };
  if (
    interaction === 'emergency-access' ||
    interaction === 'self-declared-relation' ||
    interaction === 'lookup'
  ) {
    return { system: DCM, code: '110113', display: 'Security Alert' };
  }
  return {
    system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
    code: 'rest',
    display: 'Restful Operation',
  };
}

function subtypeOf(interaction: AuditInput['interaction']): { system: string; code: string } {
  const rest = ['read', 'vread', 'search', 'history', 'create', 'update', 'patch', 'delete'];
  if (rest.includes(interaction)) {
    return {
      system: 'http://hl7.org/fhir/restful-interaction',
      code:
        interaction === 'search'
          ? 'search-type'
          : interaction === 'history'
            ? 'history-instance'
            : interaction,
    };
  }
  return { system: 'https://akson.no/fhir/CodeSystem/audit-subtype', code: interaction };
}

/**
 * Builds the AuditEvent after HL7 Norway's trust-framework mapping (docs/design/access-and-audit-reference.md §4):
 * the patient in the patient extension and as an entity, the care-relation metadata (decision reference,
 * description, user-selected), purpose of use as v3-ActReason (BTG for emergency access), the agent with
 * personnel category, and the person and unit contained (the employee's national id lives only in the
 * contained Practitioner, which the citizen's view removes).
 */
export function buildAuditEvent(input: AuditInput, recorded = new Date().toISOString()): BuiltAuditEvent {
  const id = randomUUID();
  const { actor } = input;
  const contained: Record<string, unknown>[] = [];
  const agent: Record<string, unknown> = { requestor: true };
  const tags = new Set<string>([`kind:${input.interaction}`]);
  let site = 'Akson';
  let purpose = 'TREAT';
  switch (actor.kind) {
    case 'personnel': {
      contained.push({
        resourceType: 'Practitioner',
        id: 'agent',
        identifier: [
          { system: IDENTIFIER_SYSTEMS.fnr, value: actor.principal.pid },
          ...(actor.principal.hpr ? [{ system: IDENTIFIER_SYSTEMS.hpr, value: actor.principal.hpr }] : []),
        ],
        name: [{ text: actor.name }],
      });
      contained.push({
        resourceType: 'Organization',
        id: 'unit',
        identifier: [{ system: AKSON_UNIT_SYSTEM, value: actor.unitRef.replace('Organization/', '') }],
        name: actor.unitName,
        ...(actor.municipalityOrgnr
          ? {
              partOf: {
                identifier: { system: IDENTIFIER_SYSTEMS.orgnr, value: actor.municipalityOrgnr },
                display: actor.municipalityName,
              },
            }
          : {}),
      });
      agent['type'] = {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type', code: 'humanuser' },
        ],
      };
      agent['who'] = { reference: actor.practitionerRoleRef, display: actor.name };
      agent['name'] = actor.name;
      if (actor.category) agent['role'] = [{ coding: [{ system: VOLVEN_9060, code: actor.category }] }];
      agent['location'] = { display: actor.unitName };
      site = actor.municipalityName ?? actor.unitName;
      purpose = actor.principal.purposeOfUse ?? 'TREAT';
      if (actor.municipalityOrgnr) tags.add(TAG.organisation(actor.municipalityOrgnr));
      tags.add(`agent:${actor.practitionerRef}`);
      break;
    }
    case 'citizen':
      agent['type'] = {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/v3-RoleClass', code: 'PAT', display: 'patient' },
        ],
      };
      agent['who'] = actor.patientId
        ? { reference: `Patient/${actor.patientId}`, display: actor.name }
        : { display: actor.name };
      agent['name'] = actor.name;
      purpose = 'PATRQT';
      tags.add(`agent:citizen`);
      break;
    case 'system':
      agent['type'] = {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type', code: 'dataprocessor' },
        ],
      };
      agent['who'] = {
        identifier: { system: AKSON_CLIENT_SYSTEM, value: actor.principal.clientId },
        display: actor.principal.clientName ?? actor.principal.clientId,
      };
      agent['name'] = actor.principal.clientName ?? actor.principal.clientId;
      purpose = 'HOPERAT';
      if (actor.principal.organisation) tags.add(TAG.organisation(actor.principal.organisation));
      tags.add(`agent:client:${actor.principal.clientId}`);
      break;
    case 'platform':
      agent['who'] = { display: actor.label };
      agent['name'] = actor.label;
      purpose = 'HOPERAT';
      break;
    case 'unresolved':
      describeUnresolved(actor, agent, contained, tags);
      break;
  }
  if (input.basis?.kind === 'emergency') purpose = 'BTG';
  for (const f of input.flags ?? []) tags.add(`flag:${f}`);
  if (input.outcome !== '0') tags.add('flag:denied');

  const entity: Record<string, unknown>[] = [];
  if (input.patientId) {
    entity.push({
      what: { reference: `Patient/${input.patientId}` },
      type: {
        system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
        code: '1',
        display: 'Person',
      },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
    });
  }
  for (const what of input.entities) {
    if (what === `Patient/${input.patientId}`) continue;
    entity.push({
      what: { reference: what },
      type: {
        system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
        code: '2',
        display: 'System Object',
      },
    });
  }
  if (input.query !== undefined) {
    entity.push({
      type: {
        system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
        code: '2',
        display: 'System Object',
      },
      query: Buffer.from(input.query, 'utf8').toString('base64'),
    });
  }

  const extension: Record<string, unknown>[] = [];
  if (input.patientId)
    extension.push({
      url: AUDIT_EXTENSIONS.patient,
      valueReference: { reference: `Patient/${input.patientId}` },
    });
  if (input.basis) {
    extension.push({
      url: AUDIT_EXTENSIONS.careRelation,
      extension: [
        // Akson's own decision: the care relation that allowed the access (the client's attest id is recorded
        // separately below when there is one, so the two kinds of reference never share a field).
        { url: 'decision-ref-id', valueString: input.basis.relationId ?? 'none' },
        { url: 'decision-ref-description', valueString: input.basis.description },
        {
          url: 'decision-ref-user-selected',
          valueBoolean: input.basis.kind === 'self-declared' || input.basis.kind === 'emergency',
        },
      ],
    });
    tags.add(`basis:${input.basis.kind}`);
  }

  if (actor.kind === 'personnel' && actor.principal.decisionRef) {
    extension.push({
      url: 'https://akson.no/fhir/StructureDefinition/attest-decision-ref',
      valueString: actor.principal.decisionRef.id,
    });
  }
  if (input.requestId)
    extension.push({
      url: 'https://akson.no/fhir/StructureDefinition/request-id',
      valueString: input.requestId,
    });

  const resource: Record<string, unknown> = {
    resourceType: 'AuditEvent',
    id,
    meta: { versionId: '1', lastUpdated: recorded },
    ...(contained.length > 0 ? { contained } : {}),
    ...(extension.length > 0 ? { extension } : {}),
    type: typeOf(input.interaction),
    subtype: [subtypeOf(input.interaction)],
    action: ACTIONS[input.interaction],
    recorded,
    outcome: input.outcome,
    ...(input.outcomeDescription ? { outcomeDesc: input.outcomeDescription } : {}),
    purposeOfEvent: [{ coding: [{ system: ACT_REASON, code: purpose }] }],
    agent: [agent],
    source: {
      site,
      observer: { display: 'Akson' },
      type: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
          code: '4',
          display: 'Application Server',
        },
      ],
    },
    ...(entity.length > 0 ? { entity } : {}),
  };
  return {
    id,
    recorded,
    patientId: input.patientId ?? '',
    accessTags: [...tags],
    content: JSON.stringify(resource),
    resource,
  };
}

/**
 * The agent of a refused caller: who the verified token says they are (personnel as a contained Practitioner,
 * so the citizen's view never shows their national id; a citizen or a client by identifier), or "unknown" when
 * there was no valid token; always the network address. Personnel refusals carry their organisation's tag, so
 * the municipality's security officer sees them in the log review.
 */
function describeUnresolved(
  caller: UnresolvedCaller,
  agent: Record<string, unknown>,
  contained: Record<string, unknown>[],
  tags: Set<string>,
): void {
  const p = caller.principal;
  if (caller.address) agent['network'] = { address: caller.address, type: '2' };
  tags.add('agent:unresolved');
  if (!p) {
    agent['who'] = { display: 'Ukjent (ingen gyldig token)' };
    agent['name'] = 'Ukjent (ingen gyldig token)';
    return;
  }
  switch (p.kind) {
    case 'personnel':
      contained.push({
        resourceType: 'Practitioner',
        id: 'agent',
        identifier: [
          { system: IDENTIFIER_SYSTEMS.fnr, value: p.pid },
          ...(p.hpr ? [{ system: IDENTIFIER_SYSTEMS.hpr, value: p.hpr }] : []),
        ],
        name: [{ text: p.name }],
      });
      agent['type'] = {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type', code: 'humanuser' },
        ],
      };
      agent['who'] = { display: p.name };
      agent['name'] = p.name;
      if (p.legalEntity) tags.add(TAG.organisation(p.legalEntity));
      return;
    case 'citizen':
      agent['type'] = {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/v3-RoleClass', code: 'PAT', display: 'patient' },
        ],
      };
      agent['who'] = {
        identifier: { system: IDENTIFIER_SYSTEMS.fnr, value: p.pid },
        display: p.name ?? 'Innbygger',
      };
      agent['name'] = p.name ?? 'Innbygger';
      return;
    case 'system':
      agent['type'] = {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type', code: 'dataprocessor' },
        ],
      };
      agent['who'] = {
        identifier: { system: AKSON_CLIENT_SYSTEM, value: p.clientId },
        display: p.clientName ?? p.clientId,
      };
      agent['name'] = p.clientName ?? p.clientId;
      if (p.organisation) tags.add(TAG.organisation(p.organisation));
  }
}
