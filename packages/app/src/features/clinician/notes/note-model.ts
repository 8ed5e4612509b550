import type { Composition } from '@medplum/fhirtypes';
import { NOTE_SECTION_SYSTEM, NOTE_TEMPLATE_SYSTEM, type NoteTemplate } from './note-templates.ts';
import { textToXhtml, xhtmlToText } from './note-text.ts';

export const CORRECTION_REASON_URL = 'https://akson.no/fhir/StructureDefinition/correction-reason';
const DOCUMENT_TYPE_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.1.9602';

export const NOTE_STATUS_TEXT: Record<string, string> = {
  preliminary: 'Utkast',
  final: 'Signert',
  amended: 'Signert og rettet',
  'entered-in-error': 'Feilført',
};

/** What the editor holds: the title and the text of each template section. */
export interface NoteDraft {
  readonly title: string;
  readonly sections: Readonly<Record<string, string>>;
}

export function templateCodeOf(note: Composition): string | undefined {
  return note.category?.flatMap((c) => c.coding ?? []).find((c) => c.system === NOTE_TEMPLATE_SYSTEM)?.code;
}

export function draftOf(note: Composition): NoteDraft {
  const sections: Record<string, string> = {};
  for (const s of note.section ?? []) {
    const code = s.code?.coding?.find((c) => c.system === NOTE_SECTION_SYSTEM)?.code ?? s.title ?? '';
    sections[code] = xhtmlToText(s.text?.div);
  }
  return { title: note.title ?? '', sections };
}

export function sameDraft(a: NoteDraft, b: NoteDraft): boolean {
  const keys = new Set([...Object.keys(a.sections), ...Object.keys(b.sections)]);
  return a.title === b.title && [...keys].every((k) => (a.sections[k] ?? '') === (b.sections[k] ?? ''));
}

/**
 * The Composition for a draft, following docs/record.md "Documentation": template as category, Volven 9602
 * type, one section per template section (empty sections are left out), author and custodian the acting role
 * and unit. Fields of an existing note the editor does not touch are kept.
 */
export function compositionOf(
  base: Composition | undefined,
  template: NoteTemplate,
  draft: NoteDraft,
  status: 'preliminary' | 'final' | 'amended',
  who: { patientId: string; roleId: string | undefined; unitId: string | undefined },
  correctionReason?: string,
): Composition {
  const otherExtensions = (base?.extension ?? []).filter((e) => e.url !== CORRECTION_REASON_URL);
  return {
    ...base,
    resourceType: 'Composition',
    status,
    type: {
      coding: [
        {
          system: template.documentType?.system ?? DOCUMENT_TYPE_SYSTEM,
          code: template.documentType?.code ?? 'B02-2',
          display: template.documentType?.display ?? 'Journalnotat',
        },
      ],
    },
    category: [{ coding: [{ system: NOTE_TEMPLATE_SYSTEM, code: template.code, display: template.title }] }],
    subject: { reference: `Patient/${who.patientId}` },
    date: new Date().toISOString(),
    author: base?.author?.length
      ? base.author
      : who.roleId
        ? [{ reference: `PractitionerRole/${who.roleId}` }]
        : [{ reference: `Organization/${who.unitId}` }],
    ...(who.unitId && !base?.custodian ? { custodian: { reference: `Organization/${who.unitId}` } } : {}),
    title: draft.title.trim() || template.title,
    section: template.sections
      .filter((s) => (draft.sections[s.code] ?? '').trim() !== '')
      .map((s) => ({
        title: s.title,
        code: { coding: [{ system: NOTE_SECTION_SYSTEM, code: s.code, display: s.title }] },
        text: { status: 'generated' as const, div: textToXhtml(draft.sections[s.code] ?? '') },
      })),
    extension: correctionReason
      ? [...otherExtensions, { url: CORRECTION_REASON_URL, valueString: correctionReason }]
      : otherExtensions.length > 0
        ? otherExtensions
        : undefined,
  };
}
