import { ICPC2_SYSTEM, ICPC2_VOLVEN_SYSTEM } from '@akson/clinical';
import { fail, parseFhirJson } from '@akson/fhir';
import { readCurrent, type ResourceInput } from '@akson/store';
import type { WriteRuleContext } from '../../services/write-rules.ts';
import { codeIndexOf, findCodeSystem } from '../../terminology/code-systems.ts';
import {
  DOCUMENT_TYPE_SYSTEM,
  noteTemplate,
  NOTE_SECTION_SYSTEM,
  NOTE_TEMPLATE_SYSTEM,
  type NoteTemplate,
} from './note-templates.ts';

interface Coding {
  system?: string;
  code?: string;
}
interface Section {
  code?: { coding?: Coding[] };
  text?: { div?: string };
  entry?: { reference?: string }[];
}

const ICPC2_SYSTEMS = new Set([ICPC2_SYSTEM, ICPC2_VOLVEN_SYSTEM]);

/**
 * What a note's template (its category) demands (docs/record.md "Documentation"). Always: the template is known,
 * the sections are the template's, and a Volven 9602 type, when given, is the template's document type. When
 * the note is signed (a write with status `final` or `amended`): the type is there, every required section has
 * text or entries, the diagnosis section refers to at least one Condition, and every Condition of the diagnosis
 * and reason-for-encounter sections is coded with a known ICPC-2 code. A draft may be incomplete.
 */
export async function checkNoteTemplate(resource: ResourceInput, context: WriteRuleContext): Promise<void> {
  const template = templateOf(resource);
  if (!template) return;
  const sections = (resource['section'] as Section[] | undefined) ?? [];
  for (const s of sections) {
    const code = sectionCode(s);
    if (code !== undefined && !template.sections.some((t) => t.code === code)) {
      throw refused(`Section "${code}" is not part of the template "${template.code}".`);
    }
  }
  const types = ((resource['type'] as { coding?: Coding[] } | undefined)?.coding ?? []).filter(
    (c) => c.system === DOCUMENT_TYPE_SYSTEM,
  );
  const expected = template.documentType;
  if (types.some((c) => c.code !== expected.code)) {
    throw refused(
      `The template "${template.code}" is document type ${expected.code} ${expected.display} (Volven 9602), not ${types.map((c) => c.code).join(', ')}.`,
    );
  }
  const status = resource['status'];
  if (status !== 'final' && status !== 'amended') return;

  if (types.length === 0) {
    throw refused(`A signed note needs its document type: Volven 9602 ${expected.code} ${expected.display}.`);
  }
  for (const wanted of template.sections) {
    const section = sections.find((s) => sectionCode(s) === wanted.code);
    if (wanted.required && (!section || !hasContent(section))) {
      throw refused(
        `The section "${wanted.title}" (${wanted.code}) must be filled in before the note is signed.`,
      );
    }
    if (wanted.entry !== 'diagnosis' && wanted.entry !== 'reason-for-encounter') continue;
    const conditions = (section?.entry ?? [])
      .map((e) => e.reference ?? '')
      .filter((r) => r.startsWith('Condition/'));
    if (wanted.entry === 'diagnosis' && conditions.length === 0) {
      throw refused(
        `The section "${wanted.title}" (${wanted.code}) needs the ICPC-2 diagnosis as a Condition entry before the note is signed.`,
      );
    }
    for (const reference of conditions) await checkIcpc2Condition(reference, wanted.title, context);
  }
}

function templateOf(resource: ResourceInput): NoteTemplate | undefined {
  const categories = (resource['category'] as { coding?: Coding[] }[] | undefined) ?? [];
  const code = categories.flatMap((c) => c.coding ?? []).find((c) => c.system === NOTE_TEMPLATE_SYSTEM)?.code;
  if (code === undefined) return undefined;
  const template = noteTemplate(code);
  if (!template) throw refused(`Unknown note template "${code}".`);
  return template;
}

const sectionCode = (s: Section): string | undefined =>
  s.code?.coding?.find((c) => c.system === NOTE_SECTION_SYSTEM)?.code;

/** Narrative with some text in it (not only markup and white space), or a structured entry. */
function hasContent(section: Section): boolean {
  if ((section.entry ?? []).length > 0) return true;
  const text = (section.text?.div ?? '').replace(/<[^>]*>/g, '').replace(/&nbsp;|\s/g, '');
  return text.length > 0;
}

/** The Condition a section refers to, as the signer may see it, coded with a code that is in ICPC-2. */
async function checkIcpc2Condition(
  reference: string,
  sectionTitle: string,
  context: WriteRuleContext,
): Promise<void> {
  const id = reference.slice('Condition/'.length);
  const row = await readCurrent(context.tx, 'Condition', id, context.service.access.scope);
  if (!row?.content || row.visible === false || row.deleted) {
    throw refused(`The section "${sectionTitle}" refers to ${reference}, which was not found.`);
  }
  const condition = parseFhirJson(row.content) as { code?: { coding?: Coding[] } };
  const icpc = (condition.code?.coding ?? []).filter((c) => c.system && ICPC2_SYSTEMS.has(c.system));
  if (icpc.length === 0) {
    throw refused(`${reference} in "${sectionTitle}" must be coded with ICPC-2 (${ICPC2_SYSTEM}).`);
  }
  const index = await codeIndexOf(await findCodeSystem(ICPC2_SYSTEM));
  const unknown = icpc.find((c) => !c.code || !index.lookup(c.code));
  if (unknown) throw refused(`${reference}: "${unknown.code ?? ''}" is not an ICPC-2 code.`);
}

const refused = (detail: string) => fail('AKS_ERR_NOTE_TEMPLATE', { detail });
