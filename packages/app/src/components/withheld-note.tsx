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
        {count} {what} vises ikke for deg (sperret av pasienten, skjermet eller privat for en annen tjeneste).
      </span>
    </p>
  );
}
