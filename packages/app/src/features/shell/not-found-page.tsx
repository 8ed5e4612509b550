import { Link } from 'react-router';
import { usePageTitle } from '../../components/page-title.tsx';

/**
 * An unknown address inside the app: say so, and offer the way back (never a blank page). On its own it is the
 * screen (its own main and h1); inside a patient's pages (`inPage`), where the banner holds the h1 and the
 * layout the main, it is a section with an h2.
 */
export function NotFoundPage({ inPage = false }: { inPage?: boolean }) {
  usePageTitle('Fant ikke siden');
  const text = (
    <>
      <p>Adressen finnes ikke i Akson. Den kan være skrevet feil, eller lenken kan være gammel.</p>
      <Link to="/">Til startsiden</Link>
    </>
  );
  return inPage ? (
    <section className="stack" aria-labelledby="not-found-title">
      <h2 id="not-found-title">Fant ikke siden</h2>
      {text}
    </section>
  ) : (
    <main id="innhold" className="stack">
      <h1>Fant ikke siden</h1>
      {text}
    </main>
  );
}
