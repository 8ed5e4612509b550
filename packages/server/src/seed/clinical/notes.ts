import {
  NOTE_SECTION_SYSTEM,
  NOTE_TEMPLATE_SYSTEM,
  noteTemplate,
} from '../../record/notes/note-templates.ts';
import type { Ref } from '../care-setting.ts';
import type { CitizenContext } from '../citizen-context.ts';
import type { FhirResource } from '../record-builder.ts';
import type { SeedUnit } from '../register/register-types.ts';

export interface NoteInput {
  /** Template code (record/notes/note-templates.ts). */
  readonly template: string;
  readonly unit: SeedUnit;
  readonly author: Ref;
  /** Local date-time the note was written. */
  readonly date: string;
  /** Section code → narrative; sections the template does not have are a programming error. */
  readonly sections: Readonly<Record<string, string>>;
  /** Section code → structured entries written with the note (diagnosis, vital signs). */
  readonly entries?: Readonly<Record<string, readonly Ref[]>>;
  readonly encounter?: Ref;
  /** Drafts are `preliminary`; signed notes `final` (the default). */
  readonly status?: 'preliminary' | 'final';
  readonly title?: string;
}

/**
 * A journal note (Composition) following its template: Volven 9602 type, the template as category, one section
 * per filled-in template section with XHTML narrative. A signed note carries its legal attester, as the server
 * records it when a clinician signs (imports keep the attesters they bring).
 */
export function note(ctx: CitizenContext, input: NoteInput): FhirResource {
  const template = noteTemplate(input.template);
  if (!template) throw new Error(`Unknown note template ${input.template}`);
  const status = input.status ?? 'final';
  const sections = template.sections
    .filter((s) => input.sections[s.code] !== undefined)
    .map((s) => {
      const entries = input.entries?.[s.code] ?? [];
      return {
        title: s.title,
        code: { coding: [{ system: NOTE_SECTION_SYSTEM, code: s.code, display: s.title }] },
        text: { status: 'generated', div: xhtml(input.sections[s.code] as string) },
        ...(entries.length > 0 ? { entry: entries.map((e) => ({ reference: e.reference })) } : {}),
      };
    });
  for (const code of Object.keys(input.sections)) {
    if (!template.sections.some((s) => s.code === code)) {
      throw new Error(`Section ${code} is not part of the note template ${template.code}`);
    }
  }
  const resource = {
    resourceType: 'Composition',
    meta: { profile: ['http://hl7.no/fhir/ig/StructureDefinition/no-basis-Composition'] },
    status,
    type: { coding: [ctx.codes.documentType(template.documentType.code)] },
    category: [{ coding: [{ system: NOTE_TEMPLATE_SYSTEM, code: template.code, display: template.title }] }],
    subject: ctx.patient,
    ...(input.encounter ? { encounter: input.encounter } : {}),
    date: input.date,
    author: [input.author],
    title: input.title ?? template.title,
    ...(status === 'final' ? { attester: [{ mode: 'legal', time: input.date, party: input.author }] } : {}),
    custodian: ctx.setting.org(input.unit),
    section: sections,
  };
  return ctx.out.add(resource, input.date);
}

/** Narrative as an XHTML div: paragraphs split on blank lines, text escaped. */
export function xhtml(text: string): string {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeXml(p.trim())}</p>`)
    .join('');
  return `<div xmlns="http://www.w3.org/1999/xhtml">${paragraphs}</div>`;
}

function escapeXml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string,
  );
}
