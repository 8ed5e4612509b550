import { fail, HNR_TYPE_CODE, IDENTIFIER_SYSTEMS, parseFhirJson, stringifyFhirJson } from '@akson/fhir';
import { compartmentMembers, readCurrent, type Queryable } from '@akson/store';
import { operationParameter, parametersOf } from '../../fhir/operations/parameters.ts';
import type { OperationDefinitionEntry } from '../../fhir/operations/registry.ts';
import { sendJson } from '../../fhir/render/replies.ts';
import { platformService } from '../../services/platform-service.ts';
import type { ResourceService } from '../../services/resource-service.ts';
import { lockPatientForMerge } from './retired-patient-rule.ts';

interface Identifier {
  system?: string;
  value?: string;
  use?: string;
  type?: { coding?: { code?: string }[] };
}

/**
 * POST Patient/$merge (source-patient, target-patient, preview): an unidentified patient registered under an
 * H-number or FHN turns out to be a known person. The H-number record is merged into the real one: every
 * resource of it is moved (a new version pointing at the real patient, written as a move between patient
 * compartments, which nothing else may do; the history keeps where it came from),
 * the H-number becomes an old identifier of the real patient, and the H-number Patient is deactivated with a
 * `replaced-by` link. All in one transaction; `preview=true` says what would move without moving anything.
 * The caller needs the right to update both patients (for clinicians: a care relation to both); the moves are
 * made by the platform, since a merge must move everything, also what the caller may not read. The source is
 * locked for the merge's transaction (retired-patient-rule.ts), so nothing written to it concurrently is left
 * behind, and once retired it takes no new entries.
 */
export const mergeOperation: OperationDefinitionEntry = {
  name: 'merge',
  types: ['Patient'],
  level: 'type',
  methods: ['POST'],
  definition: 'https://akson.no/fhir/OperationDefinition/Patient-merge',
  handler: async (request, reply) => {
    const sourceId = patientId(operationParameter(request, 'source-patient'), 'source-patient');
    const targetId = patientId(operationParameter(request, 'target-patient'), 'target-patient');
    const preview = operationParameter(request, 'preview');
    if (sourceId === targetId)
      throw fail('AKS_ERR_MERGE_INVALID', { detail: 'source and target are the same' });
    const caller = request.fhir;
    caller.access.assertInteraction('update', 'Patient');
    const platform = platformService(request.server, 'Akson: sammenslåing av journaler');

    const result = await caller.transaction(async (tx) => {
      // First of all: from here on, writes to the source wait for the merge (and are then refused as written
      // to a retired patient), and the merge waits for writes already under way (and then moves them).
      await lockPatientForMerge(tx, sourceId);
      const source = await readPatient(caller, sourceId, tx);
      const target = await readPatient(caller, targetId, tx);
      checkIdentities(source, target);
      const members = await compartmentMembers(tx, sourceId);
      const byType = countByType(members);
      if (preview === true || preview === 'true') return { moved: 0, byType, previewed: true };

      for (const member of members) {
        const row = await readCurrent(tx, member.type, member.id);
        if (!row?.content || row.deleted) continue;
        const moved = repointed(row.content, sourceId, targetId);
        await platform.update(
          member.type,
          member.id,
          moved,
          { ifMatch: row.versionId, skipRules: true, moveBetweenPatients: true },
          tx,
        );
      }
      await caller.update('Patient', targetId, mergedTarget(target, source), {}, tx);
      await caller.update('Patient', sourceId, retiredSource(source, targetId), {}, tx);
      return { moved: members.length, byType, previewed: false };
    });
    await caller.access.audit.flushDeferred();
    return sendJson(
      reply,
      request,
      200,
      JSON.stringify(
        parametersOf(
          {
            'source-patient': `Patient/${sourceId}`,
            'target-patient': `Patient/${targetId}`,
            preview: result.previewed,
            moved: result.moved,
          },
          [...result.byType].map(([type, count]) => ({
            name: 'resources',
            part: [
              { name: 'type', valueCode: type },
              { name: 'count', valueInteger: count },
            ],
          })),
        ),
      ),
    );
  },
};

function patientId(value: unknown, name: string): string {
  const reference =
    typeof value === 'string' ? value : ((value as { reference?: string } | undefined)?.reference ?? '');
  const match = /^(?:Patient\/)?([A-Za-z0-9\-.]{1,64})$/.exec(reference);
  if (!match?.[1]) {
    throw fail('AKS_ERR_MERGE_INVALID', { detail: `${name} must be a reference such as Patient/123` });
  }
  return match[1];
}

async function readPatient(
  service: ResourceService,
  id: string,
  tx: Queryable,
): Promise<Record<string, unknown>> {
  // Read unpresented: a merge must carry the real (possibly protected) address over, not a stand-in.
  await service.read('Patient', id, tx);
  const row = await readCurrent(tx, 'Patient', id);
  return parseFhirJson(row?.content ?? '{}') as Record<string, unknown>;
}

const identifiers = (p: Record<string, unknown>): Identifier[] => (p['identifier'] as Identifier[]) ?? [];
const isHNumber = (i: Identifier): boolean => (i.type?.coding ?? []).some((c) => c.code === HNR_TYPE_CODE);
const isTemporary = (i: Identifier): boolean => isHNumber(i) || i.system === IDENTIFIER_SYSTEMS.fhn;
const isNational = (i: Identifier): boolean =>
  (i.system === IDENTIFIER_SYSTEMS.fnr || i.system === IDENTIFIER_SYSTEMS.dnr) && i.use !== 'old';

function checkIdentities(source: Record<string, unknown>, target: Record<string, unknown>): void {
  if (source['active'] === false) {
    throw fail('AKS_ERR_MERGE_INVALID', { detail: 'the source record is already inactive (merged before?)' });
  }
  if (identifiers(source).some(isNational)) {
    throw fail('AKS_ERR_MERGE_INVALID', {
      detail:
        'the source has a fødselsnummer or D-nummer; only a record under a temporary identity (H-nummer, FHN) is merged into a real one',
    });
  }
  if (!identifiers(source).some(isTemporary)) {
    throw fail('AKS_ERR_MERGE_INVALID', { detail: 'the source has no H-nummer or FHN' });
  }
  if (!identifiers(target).some(isNational)) {
    throw fail('AKS_ERR_MERGE_INVALID', {
      detail: 'the target must be identified by fødselsnummer or D-nummer',
    });
  }
}

/** Replaces every reference to the source patient (relative or absolute) by the target. */
function repointed(content: string, sourceId: string, targetId: string): Record<string, unknown> {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      out[key] =
        key === 'reference' && typeof value === 'string' && isReferenceTo(value, sourceId)
          ? value.replace(new RegExp(`Patient/${escape(sourceId)}$`), `Patient/${targetId}`)
          : walk(value);
    }
    return out;
  };
  return parseFhirJson(stringifyFhirJson(walk(parseFhirJson(content)))) as Record<string, unknown>;
}

function isReferenceTo(reference: string, id: string): boolean {
  return reference === `Patient/${id}` || reference.endsWith(`/Patient/${id}`);
}

function escape(text: string): string {
  return text.replace(/[.\\-]/g, '\\$&');
}

/** The target keeps its own identity and gains the temporary one as an old identifier (searches still find it). */
function mergedTarget(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
): Record<string, unknown> {
  const now = new Date().toISOString();
  const carried = identifiers(source)
    .filter(isTemporary)
    .map((i) => ({ ...i, use: 'old', period: { end: now } }));
  const links = (target['link'] as unknown[] | undefined) ?? [];
  return {
    ...target,
    identifier: [...identifiers(target), ...carried],
    link: [...links, { other: { reference: `Patient/${String(source['id'])}` }, type: 'replaces' }],
  };
}

function retiredSource(source: Record<string, unknown>, targetId: string): Record<string, unknown> {
  return {
    ...source,
    active: false,
    link: [{ other: { reference: `Patient/${targetId}` }, type: 'replaced-by' }],
  };
}

function countByType(members: readonly { type: string }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of members) out.set(m.type, (out.get(m.type) ?? 0) + 1);
  return out;
}
