import { Link, NavLink, Outlet, useParams } from 'react-router';
import { ApiError } from '../../../api/api-error.ts';
import { useClient } from '../../../auth/session.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { useLoad } from '../../../hooks/use-load.ts';
import { PatientBanner } from './patient-banner.tsx';
import { PatientContextProvider } from './patient-context.tsx';
import { loadPatientHeader } from './patient-header.ts';

const TABS = [
  { to: '', label: 'Oversikt', end: true },
  { to: 'legemidler', label: 'Legemidler' },
  { to: 'malinger', label: 'Målinger og NEWS2' },
  { to: 'tidslinje', label: 'Tidslinje' },
  { to: 'notater', label: 'Notater' },
  { to: 'plan', label: 'Plan og oppgaver' },
  { to: 'tilgang', label: 'Tilgang' },
];

/**
 * Every patient page: the sticky banner, the tabs, then the page. The banner and the page load at the same time
 * (the page does not wait for the banner), but the page counts as ready only when the banner is there.
 */
export function PatientLayout() {
  const { patientId = '' } = useParams();
  const client = useClient();
  const header = useLoad((signal) => loadPatientHeader(client, patientId, signal), [patientId]);

  if (header.status === 'error' && !header.data) {
    const notFound = header.error instanceof ApiError && header.error.status === 404;
    return (
      <main id="innhold">
        {notFound ? (
          <div className="alert alert--warning" role="alert">
            <p className="alert__title">Du har ikke tilgang til denne pasientens journal</p>
            <p>
              Journalen finnes ikke, eller du har ikke tjenstlig behov registrert for pasienten. Søk opp
              pasienten med fullt fødselsnummer for å erklære behandlingsrelasjon eller ta akuttilgang.
            </p>
            <Link to="/pasientsok">Finn pasient</Link>
          </div>
        ) : (
          <ErrorMessage error={header.error} retry={header.reload} />
        )}
      </main>
    );
  }
  return (
    <PatientContextProvider value={{ patientId, header: header.data, reloadHeader: header.reload }}>
      {header.data ? (
        <PatientBanner header={header.data} patientId={patientId} />
      ) : (
        <section className="patient-banner" aria-label="Pasient">
          <Loading label="Henter pasienten" />
        </section>
      )}
      <main id="innhold">
        <nav aria-label="Pasientjournal">
          <ul className="tabs">
            {TABS.map((tab) => (
              <li key={tab.label}>
                <NavLink to={`/pasient/${patientId}${tab.to ? `/${tab.to}` : ''}`} end={tab.end ?? false}>
                  {tab.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <Outlet />
      </main>
    </PatientContextProvider>
  );
}
