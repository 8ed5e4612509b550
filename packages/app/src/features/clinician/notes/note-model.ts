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

/** A section's ICPC-2 diagnosis; `reference` once its Condition is written. */
export interface DraftDiagnosis {
  readonly code: string;
  readonly display: string;
  readonly reference?: string | undefined;
}

/** What the editor holds: the title, the text of each template section, and diagnoses by section. */
export interface NoteDraft {
  readonly title: string;
  readonly sections: Readonly<Record<string, string>>;
  readonly diagnoses?: Readonly<Record<string, DraftDiagnosis | undefined>>;
}

/** "N02 Spenningshodepine": how a diagnosis entry names its Condition, so the note can be read without it. */
const ENTRY_DISPLAY = /^([A-Z]\d{2}) (.*)$/;

export function templateCodeOf(note: Composition): string | undefined {
  return note.category?.flatMap((c) => c.coding ?? []).find((c) => c.system === NOTE_TEMPLATE_SYSTEM)?.code;
}

export function draftOf(note: Composition): NoteDraft {
  const sections: Record<string, string> = {};
  const diagnoses: Record<string, DraftDiagnosis> = {};
  for (const s of note.section ?? []) {
    const code = s.code?.coding?.find((c) => c.system === NOTE_SECTION_SYSTEM)?.code ?? s.title ?? '';
    sections[code] = xhtmlToText(s.text?.div);
    const entry = s.entry?.find((e) => e.reference?.startsWith('Condition/'));
    const named = ENTRY_DISPLAY.exec(entry?.display ?? '');
    if (entry?.reference)
      diagnoses[code] = {
        code: named?.[1] ?? '',
        display: named?.[2] ?? entry.display ?? 'Diagnose',
        reference: entry.reference,
      };
  }
  return { title: note.title ?? '', sections, diagnoses };
}

export function sameDraft(a: NoteDraft, b: NoteDraft): boolean {
  const keys = new Set([...Object.keys(a.sections), ...Object.keys(b.sections)]);
  const codes = new Set([...Object.keys(a.diagnoses ?? {}), ...Object.keys(b.diagnoses ?? {})]);
  return (
    a.title === b.title &&
    [...keys].every((k) => (a.sections[k] ?? '') === (b.sections[k] ?? '')) &&
    [...codes].every((k) => a.diagnoses?.[k]?.code === b.diagnoses?.[k]?.code)
  );
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
      .filter((s) => (draft.sections[s.code] ?? '').trim() !== '' || draft.diagnoses?.[s.code]?.reference)
      .map((s) => {
        const diagnosis = draft.diagnoses?.[s.code];
        return {
          title: s.title,
          code: { coding: [{ system: NOTE_SECTION_SYSTEM, code: s.code, display: s.title }] },
          text: { status: 'generated' as const, div: textToXhtml(draft.sections[s.code] ?? '') },
          ...(diagnosis?.reference
            ? {
                entry: [
                  { reference: diagnosis.reference, display: `${diagnosis.code} ${diagnosis.display}` },
                ],
              }
            : {}),
        };
      }),
    extension: correctionReason
      ? [...otherExtensions, { url: CORRECTION_REASON_URL, valueString: correctionReason }]
      : otherExtensions.length > 0
        ? otherExtensions
        : undefined,
  };
}
