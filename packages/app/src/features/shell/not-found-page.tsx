import { Link } from 'react-router';
import { usePageTitle } from '../../components/page-title.tsx';

/** An unknown address inside the app: say so, and offer the way back (never a blank page). */
export function NotFoundPage() {
  usePageTitle('Fant ikke siden');
  return (
    <div className="stack">
      <h1>Fant ikke siden</h1>
      <p>Adressen finnes ikke i Akson. Den kan være skrevet feil, eller lenken kan være gammel.</p>
      <Link to="/">Til startsiden</Link>
    </div>
  );
}
