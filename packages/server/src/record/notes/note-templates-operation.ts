import { sendJson, queryPairs } from '../../fhir/render/replies.ts';
import type { OperationDefinitionEntry } from '../../fhir/operations/registry.ts';
import {
  DOCUMENT_TYPE_SYSTEM,
  NOTE_SECTION_SYSTEM,
  NOTE_TEMPLATE_SYSTEM,
  NOTE_TEMPLATES,
  templatesFor,
  type NoteTemplate,
} from './note-templates.ts';

/**
 * GET /fhir/$note-templates[?service=hjemmesykepleie]: the note templates as a Bundle of Questionnaires, one per
 * template, each item a section (linkId = section code). Without `service`, a clinician gets their own
 * service's templates first; `service=*` lists all.
 */
export const noteTemplatesOperation: OperationDefinitionEntry = {
  name: 'note-templates',
  types: '*',
  level: 'system',
  methods: ['GET'],
  definition: 'https://akson.no/fhir/OperationDefinition/note-templates',
  handler: async (request, reply) => {
    const asked = queryPairs(request).find(([k]) => k === 'service')?.[1];
    const actor = request.fhir.access.actor;
    const own = actor.kind === 'personnel' ? actor.service : undefined;
    const templates = asked === '*' ? NOTE_TEMPLATES : templatesFor(asked ?? own);
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      total: templates.length,
      entry: templates.map((t) => ({ resource: asQuestionnaire(t) })),
    };
    return sendJson(reply, request, 200, JSON.stringify(bundle));
  },
};

function asQuestionnaire(t: NoteTemplate): Record<string, unknown> {
  return {
    resourceType: 'Questionnaire',
    id: `note-template-${t.code}`,
    url: `${NOTE_TEMPLATE_SYSTEM}/${t.code}`,
    name: t.code,
    title: t.title,
    status: 'active',
    code: [{ system: NOTE_TEMPLATE_SYSTEM, code: t.code, display: t.title }],
    useContext: t.services.map((s) => ({
      code: { system: 'http://terminology.hl7.org/CodeSystem/usage-context-type', code: 'program' },
      valueCodeableConcept: {
        coding: [{ system: 'https://akson.no/fhir/CodeSystem/service-type', code: s }],
      },
    })),
    extension: [
      {
        url: 'https://akson.no/fhir/StructureDefinition/note-document-type',
        valueCoding: { system: DOCUMENT_TYPE_SYSTEM, ...t.documentType },
      },
    ],
    item: t.sections.map((s) => ({
      linkId: s.code,
      code: [{ system: NOTE_SECTION_SYSTEM, code: s.code, display: s.title }],
      text: s.title,
      type: 'text',
      required: s.required === true,
      ...(s.entry
        ? {
            extension: [
              { url: 'https://akson.no/fhir/StructureDefinition/note-section-entry', valueCode: s.entry },
            ],
          }
        : {}),
      item: [{ linkId: `${s.code}.help`, type: 'display', text: s.hint }],
    })),
  };
}
