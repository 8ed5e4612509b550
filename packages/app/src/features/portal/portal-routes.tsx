import { Navigate, Route, Routes } from 'react-router';
import type { CitizenProfile } from '../../auth/profile.ts';
import { useProfile } from '../../auth/session.tsx';
import { NotFoundPage } from '../shell/not-found-page.tsx';
import { AccessLogPage } from './access-log-page.tsx';
import { BlocksPage } from './blocks-page.tsx';
import { PortalLayout } from './portal-layout.tsx';
import { PortalMedicationsPage } from './portal-medications-page.tsx';
import { SummaryPage } from './summary-page.tsx';
import { VaccinationsPage } from './vaccinations-page.tsx';

/** The citizen portal: one's own record, or that of a child under 12 or someone who gave power of attorney. */
export default function PortalRoutes() {
  const profile = useProfile() as CitizenProfile;
  const start = profile.people.find((p) => p.self) ?? profile.people[0];
  return (
    <Routes>
      <Route
        index
        element={
          start ? (
            <Navigate to={`/innbygger/${start.id}`} replace />
          ) : (
            <main id="innhold">
              <h1>Min journal</h1>
              <p>Vi fant ingen journal for deg i kommunen.</p>
            </main>
          )
        }
      />
      <Route path="innbygger/:patientId" element={<PortalLayout />}>
        <Route index element={<SummaryPage />} />
        <Route path="legemidler" element={<PortalMedicationsPage />} />
        <Route path="vaksiner" element={<VaccinationsPage />} />
        <Route path="innsyn" element={<AccessLogPage />} />
        <Route path="sperringer" element={<BlocksPage />} />
        <Route path="*" element={<NotFoundPage inPage />} />
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
