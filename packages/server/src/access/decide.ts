import { fail } from '@akson/fhir';
import { scopesAllow } from '../auth/smart-scopes.ts';
import type { Actor } from './actor.ts';

export type Interaction = 'read' | 'vread' | 'search' | 'history' | 'create' | 'update' | 'patch' | 'delete';

/** Only the audit module writes these. */
export const READ_ONLY_TYPES = new Set(['AuditEvent']);

/** The register of organisations and staff, and conformance resources: maintained by administrators and systems. */
const REGISTER_TYPES = new Set([
  'Organization',
  'Practitioner',
  'PractitionerRole',
  'HealthcareService',
  'Location',
  'Endpoint',
  'StructureDefinition',
  'ValueSet',
  'CodeSystem',
  'SearchParameter',
  'Subscription',
]);

/** Personnel categories (Volven 9060) who may prescribe: doctors, dentists, midwives. */
const PRESCRIBERS = new Set(['LE', 'TL', 'JO']);

/** Citizens may write their own blocks (Consent) and nothing else. */
const CITIZEN_WRITABLE = new Set(['Consent']);

const LETTER: Record<Interaction, 'c' | 'r' | 'u' | 'd' | 's'> = {
  read: 'r',
  vread: 'r',
  history: 's',
  search: 's',
  create: 'c',
  update: 'u',
  patch: 'u',
  delete: 'd',
};

/**
 * Whether an actor may perform an interaction on a resource type at all (403 if not). Which rows they may read
 * or write is decided by the read scope and the write rule; this is the coarse gate in front of both.
 */
export function assertInteraction(actor: Actor, interaction: Interaction, type: string): void {
  const write =
    interaction === 'create' ||
    interaction === 'update' ||
    interaction === 'patch' ||
    interaction === 'delete';
  if (write && READ_ONLY_TYPES.has(type)) {
    throw fail('AKS_ERR_RESOURCE_READ_ONLY', { type });
  }
  switch (actor.kind) {
    case 'platform':
      return;
    case 'system':
      if (!scopesAllow(actor.scopes, type, LETTER[interaction]))
        throw fail('AKS_ERR_ACCESS_SCOPE', { scope: `system/${type}.${LETTER[interaction]}` });
      return;
    case 'citizen':
      if (write && !CITIZEN_WRITABLE.has(type)) {
        throw fail('AKS_ERR_ACCESS_DENIED', {
          detail:
            'Citizens can read their record and manage their blocks; other changes are made by health personnel.',
        });
      }
      return;
    case 'personnel': {
      if (type === 'AuditEvent' && actor.role !== 'security-officer') {
        throw fail('AKS_ERR_ACCESS_DENIED', {
          detail: 'The access log is read by the security officer and by the patient.',
        });
      }
      if (!write) return;
      if (actor.role === 'security-officer') {
        throw fail('AKS_ERR_ACCESS_DENIED', {
          detail: 'The security officer role reviews access; it does not change the record.',
        });
      }
      if (REGISTER_TYPES.has(type) && actor.role !== 'administrator') {
        throw fail('AKS_ERR_ACCESS_DENIED', {
          detail: `${type} is part of the register, maintained by the municipality's administrators.`,
        });
      }
      if (
        type === 'MedicationRequest' &&
        interaction !== 'delete' &&
        !PRESCRIBERS.has(actor.category ?? '')
      ) {
        throw fail('AKS_ERR_ACCESS_DENIED', {
          detail:
            'Only doctors, dentists and midwives prescribe (MedicationRequest). Record the medicine on the list instead.',
        });
      }
      return;
    }
  }
}
