/** The singular of the plural nouns screens pass ("1 måling", not "1 målinger"). */
const SINGULAR: Readonly<Record<string, string>> = {
  oppføringer: 'oppføring',
  legemiddellinjer: 'legemiddellinje',
  målinger: 'måling',
  problemer: 'problem',
  oppgaver: 'oppgave',
  notater: 'notat',
  pasienter: 'pasient',
  planer: 'plan',
};

export function countText(count: number, plural: string): string {
  return `${count} ${count === 1 ? (SINGULAR[plural] ?? plural) : plural}`;
}

/**
 * "Something is withheld" (blocked by the patient, confidential, or private to another service): how many,
 * never what. Clinicians must know that the picture is incomplete.
 */
export function WithheldNote({ count, what = 'oppføringer' }: { count: number; what?: string }) {
  if (count <= 0) return null;
  return (
    <p className="withheld" data-testid="withheld">
      <strong>Holdt tilbake:</strong>
      <span>
        {countText(count, what)} vises ikke for deg (sperret av pasienten, skjermet eller privat for en annen
        tjeneste).
      </span>
    </p>
  );
}
