import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../shell/not-found-page.tsx';
import { AccessBasisPage } from './access/access-basis-page.tsx';
import { CarePlanPage } from './care-plan/care-plan-page.tsx';
import { MedicationEditPage } from './medications/medication-edit-page.tsx';
import { MedicationsPage } from './medications/medications-page.tsx';
import { ReconciliationPage } from './medications/reconciliation-page.tsx';
import { NoteEditorPage } from './notes/note-editor-page.tsx';
import { NotesPage } from './notes/notes-page.tsx';
import { OverviewPage } from './patient/overview-page.tsx';
import { PatientLayout } from './patient/patient-layout.tsx';
import { AdministrationRoundPage } from './round/administration-round-page.tsx';
import { PatientSearchPage } from './search/patient-search-page.tsx';
import { TimelinePage } from './timeline/timeline-page.tsx';
import { VitalsEntryPage } from './vitals/vitals-entry-page.tsx';
import { VitalsPage } from './vitals/vitals-page.tsx';
import { WorklistPage } from './worklist/worklist-page.tsx';

/** The clinician app: worklist, patient search, the patient's record and the ward's medication round. */
export default function ClinicianRoutes() {
  return (
    <Routes>
      <Route index element={<WorklistPage />} />
      <Route path="pasientsok" element={<PatientSearchPage />} />
      <Route path="utdeling" element={<AdministrationRoundPage />} />
      <Route path="pasient/:patientId" element={<PatientLayout />}>
        <Route index element={<OverviewPage />} />
        <Route path="legemidler" element={<MedicationsPage />} />
        <Route path="legemidler/ny" element={<MedicationEditPage />} />
        <Route path="legemidler/samstemming" element={<ReconciliationPage />} />
        <Route path="legemidler/:statementId" element={<MedicationEditPage />} />
        <Route path="malinger" element={<VitalsPage />} />
        <Route path="malinger/ny" element={<VitalsEntryPage />} />
        <Route path="tidslinje" element={<TimelinePage />} />
        <Route path="notater" element={<NotesPage />} />
        <Route path="notater/ny" element={<NoteEditorPage />} />
        <Route path="notater/:noteId" element={<NoteEditorPage />} />
        <Route path="plan" element={<CarePlanPage />} />
        <Route path="tilgang" element={<AccessBasisPage />} />
        <Route path="*" element={<NotFoundPage inPage />} />
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
