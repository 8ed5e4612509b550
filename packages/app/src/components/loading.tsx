/** A loading state that screen readers hear ("Laster legemiddellisten …"), never a blank area. */
export function Loading({ label }: { label: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {label} …
    </p>
  );
}
