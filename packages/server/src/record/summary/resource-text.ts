/**
 * Short Norwegian texts for resources (what a summary line or a timeline entry says) and the XHTML narrative
 * of a document section. Only what the caller may see reaches these functions, and they never put an address
 * into text: a protected address must not leak through a narrative the redaction in `present()` cannot see.
 */

type Json = Record<string, unknown>;

interface Coding {
  system?: string;
  code?: string;
  display?: string;
}
interface Concept {
  text?: string;
  coding?: Coding[];
}

/** A CodeableConcept's text, else its first coding's display, else its first code. */
export function conceptText(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const concept = value as Concept;
  if (concept.text) return concept.text;
  const coding = concept.coding ?? [];
  return coding.find((c) => c.display)?.display ?? coding.find((c) => c.code)?.code;
}

/** The first of several CodeableConcepts (type[], category[]...) that has a text. */
export function firstConceptText(value: unknown): string | undefined {
  if (!Array.isArray(value)) return conceptText(value);
  for (const v of value) {
    const text = conceptText(v);
    if (text) return text;
  }
  return undefined;
}

/** Whether a CodeableConcept (or a list of them) carries `system|code`. */
export function hasCoding(value: unknown, system: string, code: string): boolean {
  const concepts = (Array.isArray(value) ? value : [value]) as (Concept | undefined)[];
  return concepts.some((c) => c?.coding?.some((x) => x.system === system && x.code === code) ?? false);
}

export function codeOf(value: unknown, system: string): string | undefined {
  const concepts = (Array.isArray(value) ? value : [value]) as (Concept | undefined)[];
  for (const c of concepts) {
    const code = c?.coding?.find((x) => x.system === system)?.code;
    if (code) return code;
  }
  return undefined;
}

export function nameText(value: unknown): string | undefined {
  const names = (Array.isArray(value) ? value : [value]) as (
    { text?: string; given?: string[]; family?: string } | undefined
  )[];
  const name = names.find((n) => n?.text || n?.family || n?.given?.length);
  if (!name) return undefined;
  return name.text ?? [...(name.given ?? []), name.family].filter(Boolean).join(' ');
}

export function referenceOf(value: unknown): string | undefined {
  const ref = (value as { reference?: unknown } | undefined)?.reference;
  return typeof ref === 'string' ? ref : undefined;
}

/** A Quantity as "72 /min" (the unit as written, else its code). */
export function quantityText(value: unknown): string | undefined {
  const q = value as { value?: number; unit?: string; code?: string } | undefined;
  if (q?.value === undefined) return undefined;
  const unit = q.unit ?? q.code;
  return unit ? `${q.value} ${unit}` : String(q.value);
}

/** An Observation's value: a quantity, a coded value, or the components (blood pressure as "140/85 mmHg"). */
export function observationValueText(obs: Json): string | undefined {
  const direct =
    quantityText(obs['valueQuantity']) ??
    conceptText(obs['valueCodeableConcept']) ??
    (typeof obs['valueString'] === 'string' ? obs['valueString'] : undefined) ??
    (typeof obs['valueInteger'] === 'number' ? String(obs['valueInteger']) : undefined);
  if (direct) return direct;
  const components = (obs['component'] as { valueQuantity?: { value?: number; unit?: string } }[]) ?? [];
  const values = components.map((c) => c.valueQuantity?.value).filter((v) => v !== undefined);
  if (values.length === 0) return undefined;
  const unit = components.find((c) => c.valueQuantity?.unit)?.valueQuantity?.unit;
  return `${values.join('/')}${unit ? ` ${unit}` : ''}`;
}

/** A FHIR date or dateTime for people: "2025-03-11" or "2025-03-11 14:05" in the server's time zone. */
export function dateText(value: unknown, timeZone: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  if (!value.includes('T')) return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(ms);
  return parts;
}

export function escapeXhtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A section narrative: one list item per line, and a closing note (what is withheld, or that nothing is). */
export function narrative(lines: readonly string[], note?: string): string {
  const list = lines.length > 0 ? `<ul>${lines.map((l) => `<li>${escapeXhtml(l)}</li>`).join('')}</ul>` : '';
  const tail = note ? `<p>${escapeXhtml(note)}</p>` : '';
  return `<div xmlns="http://www.w3.org/1999/xhtml">${list}${tail}</div>`;
}
