import type { Bundle, Questionnaire } from '@medplum/fhirtypes';
import type { FhirClient } from '../../../api/fhir-client.ts';

export const NOTE_TEMPLATE_SYSTEM = 'https://akson.no/fhir/CodeSystem/note-template';
export const NOTE_SECTION_SYSTEM = 'https://akson.no/fhir/CodeSystem/note-section';
const DOCUMENT_TYPE_URL = 'https://akson.no/fhir/StructureDefinition/note-document-type';
const SECTION_ENTRY_URL = 'https://akson.no/fhir/StructureDefinition/note-section-entry';

export interface NoteSectionTemplate {
  readonly code: string;
  readonly title: string;
  readonly hint: string | undefined;
  readonly required: boolean;
  /** Structured content the section holds: `diagnosis` needs an ICPC-2 Condition before signing. */
  readonly entry: 'diagnosis' | 'reason-for-encounter' | 'vital-signs' | string | undefined;
}

/** A note template (`GET /fhir/$note-templates`, one Questionnaire per template): the form is built from it. */
export interface NoteTemplate {
  readonly code: string;
  readonly title: string;
  readonly documentType: { system?: string; code?: string; display?: string } | undefined;
  readonly sections: readonly NoteSectionTemplate[];
}

function fromQuestionnaire(q: Questionnaire): NoteTemplate {
  return {
    code: q.code?.[0]?.code ?? q.name ?? '',
    title: q.title ?? q.name ?? 'Notat',
    documentType: q.extension?.find((e) => e.url === DOCUMENT_TYPE_URL)?.valueCoding,
    sections: (q.item ?? []).map((item) => ({
      code: item.linkId,
      title: item.text ?? item.linkId,
      hint: item.item?.find((i) => i.type === 'display')?.text,
      required: item.required === true,
      entry: item.extension?.find((e) => e.url === SECTION_ENTRY_URL)?.valueCode,
    })),
  };
}

/** The caller's service's templates first (the server orders them); `all` lists every template. */
export async function loadNoteTemplates(
  client: FhirClient,
  signal: AbortSignal,
  all = false,
): Promise<NoteTemplate[]> {
  const bundle = await client.operation<Bundle<Questionnaire>>('$note-templates', {
    ...(all ? { params: { service: '*' } } : {}),
    signal,
  });
  return (bundle.entry ?? []).flatMap((e) => (e.resource ? [fromQuestionnaire(e.resource)] : []));
}
