// Clinician-facing text is Norwegian bokmål; English goes alongside for logs, tests and non-Norwegian readers.

export interface BilingualText {
  readonly nb: string;
  readonly en: string;
}

export function bilingual(nb: string, en: string): BilingualText {
  return { nb, en };
}
