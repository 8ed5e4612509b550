import type { Composition } from '@medplum/fhirtypes';
import { useState } from 'react';
import { Link } from 'react-router';
import type { SearchResult } from '../../../api/fhir-client.ts';
import { useClient } from '../../../auth/session.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { LoadView } from '../../../components/load-view.tsx';
import { usePageTitle } from '../../../components/page-title.tsx';
import { WithheldNote } from '../../../components/withheld-note.tsx';
import { useLoad } from '../../../hooks/use-load.ts';
import { formatDateTime } from '../../../text/format.ts';
import { usePatient } from '../patient/patient-context.tsx';
import { NOTE_STATUS_TEXT } from './note-model.ts';

const PAGE = 50;

/**
 * The patient's journal notes, newest first: drafts to finish and signed notes to read, a page at a time with
 * how many there are ("viser 50 av 160") and the older ones a button away, never cut off silently.
 */
export function NotesPage() {
  usePageTitle('Notater');
  const { patientId } = usePatient();
  const client = useClient();
  const [more, setMore] = useState<{ notes: Composition[]; next: string | undefined } | undefined>();
  const [moreError, setMoreError] = useState<Error | undefined>();
  const [loadingMore, setLoadingMore] = useState(false);
  const notes = useLoad(
    async (signal) => {
      const first = await client.search<Composition>(
        'Composition',
        { patient: patientId, _sort: '-date', _count: PAGE, _total: 'accurate' },
        signal,
      );
      setMore(undefined);
      return first;
    },
    [patientId],
  );
  const showMore = (first: SearchResult<Composition>) => {
    const next = more ? more.next : first.next;
    if (!next) return;
    setLoadingMore(true);
    setMoreError(undefined);
    client.nextPage<Composition>(next).then(
      (page) => {
        setMore((m) => ({ notes: [...(m?.notes ?? []), ...page.resources], next: page.next }));
        setLoadingMore(false);
      },
      (err: unknown) => {
        setMoreError(err as Error);
        setLoadingMore(false);
      },
    );
  };
  return (
    <section aria-labelledby="notes-title">
      <div className="page-header">
        <h2 id="notes-title">Notater</h2>
        <Link className="button button--primary" to={`/pasient/${patientId}/notater/ny`}>
          Skriv notat
        </Link>
      </div>
      <LoadView state={notes} label="Henter notater">
        {(found) => {
          const shown = [...found.resources, ...(more?.notes ?? [])];
          const next = more ? more.next : found.next;
          return (
            <>
              <WithheldNote count={found.withheld} what="notater" />
              {shown.length > 0 ? (
                <p className="small muted" data-testid="notes-count">
                  Viser {shown.length} av {found.total ?? (next ? 'flere' : shown.length)} notater.
                </p>
              ) : null}
              {shown.length === 0 ? (
                <p className="muted">Ingen notater du har tilgang til.</p>
              ) : (
                <ul className="list" data-testid="notes-list">
                  {shown.map((note) => (
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
              {moreError ? <ErrorMessage error={moreError} /> : null}
              {next ? (
                <button
                  type="button"
                  className="button"
                  disabled={loadingMore}
                  onClick={() => showMore(found)}
                >
                  {loadingMore ? 'Henter …' : 'Vis eldre notater'}
                </button>
              ) : null}
            </>
          );
        }}
      </LoadView>
    </section>
  );
}
