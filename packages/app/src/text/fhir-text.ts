import type { CodeableConcept, HumanName, Reference } from '@medplum/fhirtypes';

/** "Ingrid Fjeld" from FHIR names (the official one first). */
export function personName(names: readonly HumanName[] | undefined): string {
  const name = names?.find((n) => n.use === 'official') ?? names?.[0];
  if (!name) return 'Uten navn';
  if (name.text) return name.text;
  return [...(name.given ?? []), name.family].filter(Boolean).join(' ') || 'Uten navn';
}

/** "Fjeld, Ingrid": lists sorted by family name. */
export function personNameFamilyFirst(names: readonly HumanName[] | undefined): string {
  const name = names?.find((n) => n.use === 'official') ?? names?.[0];
  if (!name?.family) return personName(names);
  return `${name.family}, ${(name.given ?? []).join(' ')}`.trim();
}

/** The readable text of a code: its text, else the first display, else the code. */
export function conceptText(concept: CodeableConcept | undefined, fallback = '–'): string {
  if (!concept) return fallback;
  return (
    concept.text ?? concept.coding?.find((c) => c.display)?.display ?? concept.coding?.[0]?.code ?? fallback
  );
}

export function codeOf(concept: CodeableConcept | undefined, system: string): string | undefined {
  return concept?.coding?.find((c) => c.system === system)?.code;
}

export function hasCode(concept: CodeableConcept | undefined, system: string, code: string): boolean {
  return concept?.coding?.some((c) => c.system === system && c.code === code) ?? false;
}

/** "Patient/abc" → "abc" when the reference is to that type. */
export function idFromReference(reference: Reference | undefined, type: string): string | undefined {
  const ref = reference?.reference;
  return ref?.startsWith(`${type}/`) ? ref.slice(type.length + 1) : undefined;
}

export function referenceText(reference: Reference | undefined, fallback = '–'): string {
  return reference?.display ?? reference?.reference ?? fallback;
}
