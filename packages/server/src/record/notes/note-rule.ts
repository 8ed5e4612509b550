import { fail, parseFhirJson } from '@akson/fhir';
import type { ResourceInput } from '@akson/store';
import type { Actor } from '../../access/actor.ts';
import type { WriteRule, WriteRuleContext } from '../../services/write-rules.ts';
import { checkNoteTemplate } from './note-template-check.ts';

export const CORRECTION_REASON_URL = 'https://akson.no/fhir/StructureDefinition/correction-reason';
const MIN_REASON_LENGTH = 5;
const SIGNED = new Set(['final', 'amended']);

interface Attester {
  mode?: string;
  time?: string;
  party?: { reference?: string; display?: string };
}

/**
 * Journal notes (Composition, docs/record.md "Documentation"): draft (`preliminary`) → signed (`final`); a signed
 * note is never changed in place — a later version is a correction (`amended`) with a reason, or a withdrawal
 * (`entered-in-error`) with a reason, and every version stays readable through the history. The server records
 * who signed and when; attesters sent by a clinician's client are not trusted. Imports (systems) keep the
 * attesters of the legacy record they bring.
 */
export const noteRule: WriteRule = {
  type: 'Composition',

  async prepare(resource, context) {
    await checkNoteTemplate(resource, context);
    const previous = context.existing?.content
      ? (parseFhirJson(context.existing.content) as Record<string, unknown>)
      : undefined;
    const status = resource['status'] as string | undefined;
    const previousStatus = previous?.['status'] as string | undefined;
    if (previousStatus === 'entered-in-error') throw fail('AKS_ERR_NOTE_WITHDRAWN');
    if (previousStatus !== undefined && SIGNED.has(previousStatus)) {
      if (status !== 'amended' && status !== 'entered-in-error') throw fail('AKS_ERR_NOTE_SIGNED');
      if (!hasNewReason(resource, previous)) {
        throw fail('AKS_ERR_NOTE_CORRECTION_REASON', { min: MIN_REASON_LENGTH });
      }
    }
    return withSignature(resource, previous, context);
  },

  // A withdrawn note is not deleted either (record/journal/journal-deletion-rule.ts): only a draft is.
  beforeDelete(existing) {
    const status = existing.content
      ? ((parseFhirJson(existing.content) as { status?: string }).status ?? '')
      : '';
    if (SIGNED.has(status)) throw fail('AKS_ERR_NOTE_SIGNED');
  },
};

function correctionReason(resource: Record<string, unknown> | undefined): string | undefined {
  const extensions = (resource?.['extension'] as { url?: string; valueString?: string }[] | undefined) ?? [];
  return extensions.find((e) => e.url === CORRECTION_REASON_URL)?.valueString?.trim();
}

/** Each correction says why: a reason of its own, not the one carried over from the previous correction. */
function hasNewReason(resource: ResourceInput, previous: Record<string, unknown> | undefined): boolean {
  const reason = correctionReason(resource);
  if (reason === undefined || reason.length < MIN_REASON_LENGTH) return false;
  return previous?.['status'] !== 'amended' || reason !== correctionReason(previous);
}

function withSignature(
  resource: ResourceInput,
  previous: Record<string, unknown> | undefined,
  context: WriteRuleContext,
): ResourceInput {
  const actor = context.service.access.actor;
  const status = resource['status'] as string | undefined;
  const previousAttesters = (previous?.['attester'] as Attester[] | undefined) ?? [];
  if (actor.kind === 'system' || actor.kind === 'platform') return resource;
  const signs = status === 'final' || status === 'amended';
  if (!signs) {
    // A draft is not signed by anyone; a withdrawal keeps the signatures it had.
    const { attester: _ignored, ...rest } = resource;
    return status === 'entered-in-error' && previousAttesters.length > 0
      ? { ...rest, attester: previousAttesters }
      : (rest as ResourceInput);
  }
  if (actor.kind !== 'personnel' || actor.role !== 'clinician') throw fail('AKS_ERR_NOTE_SIGNER');
  return {
    ...resource,
    author: authorsWith(resource, actor),
    attester: [...previousAttesters, signature(actor)],
  };
}

function signature(actor: Extract<Actor, { kind: 'personnel' }>): Attester {
  return {
    mode: 'legal',
    time: new Date().toISOString(),
    party: { reference: actor.practitionerRoleRef, display: actor.name },
  };
}

/** The signer is among the authors (a note signed by someone who did not write it still names them). */
function authorsWith(resource: ResourceInput, actor: Extract<Actor, { kind: 'personnel' }>) {
  const authors = (resource['author'] as { reference?: string }[] | undefined) ?? [];
  if (authors.some((a) => a.reference === actor.practitionerRoleRef)) return authors;
  return [...authors, { reference: actor.practitionerRoleRef, display: actor.name }];
}
