import type { Composition } from '@medplum/fhirtypes';
import { Link } from 'react-router';
import { useClient } from '../../../auth/session.tsx';
import { LoadView } from '../../../components/load-view.tsx';
import { usePageTitle } from '../../../components/page-title.tsx';
import { WithheldNote } from '../../../components/withheld-note.tsx';
import { useLoad } from '../../../hooks/use-load.ts';
import { formatDateTime } from '../../../text/format.ts';
import { usePatient } from '../patient/patient-context.tsx';
import { NOTE_STATUS_TEXT } from './note-model.ts';

/** The patient's journal notes, newest first: drafts to finish and signed notes to read. */
export function NotesPage() {
  usePageTitle('Notater');
  const { patientId } = usePatient();
  const client = useClient();
  const notes = useLoad(
    (signal) =>
      client.search<Composition>('Composition', { patient: patientId, _sort: '-date', _count: 100 }, signal),
    [patientId],
  );
  return (
    <section aria-labelledby="notes-title">
      <div className="page-header">
        <h2 id="notes-title">Notater</h2>
        <Link className="button button--primary" to={`/pasient/${patientId}/notater/ny`}>
          Skriv notat
        </Link>
      </div>
      <LoadView state={notes} label="Henter notater">
        {(found) => (
          <>
            <WithheldNote count={found.withheld} what="notater" />
            {found.resources.length === 0 ? (
              <p className="muted">Ingen notater du har tilgang til.</p>
            ) : (
              <ul className="list" data-testid="notes-list">
                {found.resources.map((note) => (
                  <li key={note.id} className="worklist-item">
                    <div className="worklist-item__main">
                      <Link to={`/pasient/${patientId}/notater/${note.id}`}>
                        <strong>{note.title ?? 'Notat'}</strong>
                      </Link>
                      <div className="small muted">
                        {formatDateTime(note.date)} ·{' '}
                        {note.author
                          ?.map((a) => a.display)
                          .filter(Boolean)
                          .join(', ') || 'ukjent forfatter'}
                        {note.custodian?.display ? ` · ${note.custodian.display}` : ''}
                      </div>
                    </div>
                    <span
                      className={`badge ${note.status === 'preliminary' ? 'badge--warning' : 'badge--ok'}`}
                    >
                      {NOTE_STATUS_TEXT[note.status ?? ''] ?? note.status}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </LoadView>
    </section>
  );
}
