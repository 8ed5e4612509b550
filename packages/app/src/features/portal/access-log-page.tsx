import { useState } from 'react';
import { useParams } from 'react-router';
import { useClient } from '../../auth/session.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { LoadView } from '../../components/load-view.tsx';
import { usePageTitle } from '../../components/page-title.tsx';
import { useLoad } from '../../hooks/use-load.ts';
import { formatDateTime, formatTime } from '../../text/format.ts';
import { basisText, groupAccessLog, loadAccessLog, purposeText, type AccessLogEntry } from './access-log.ts';

const ACTION: Record<string, string> = {
  read: 'Så i journalen',
  search: 'Søkte i journalen',
  create: 'Skrev i journalen',
  update: 'Endret i journalen',
  delete: 'Slettet',
  'emergency-access': 'Tok akuttilgang',
  'self-declared-relation': 'Erklærte behandlingsrelasjon',
  lookup: 'Slo opp fødselsnummeret',
};

/**
 * Who has looked at my record (pasientjournalloven § 18): name, organisation, unit, when and why, with emergency
 * accesses marked and their reason. Never the employee's national id.
 */
export function AccessLogPage() {
  usePageTitle('Hvem har sett journalen');
  const { patientId = '' } = useParams();
  const client = useClient();
  const first = useLoad((signal) => loadAccessLog(client, patientId, undefined, signal), [patientId]);
  const [more, setMore] = useState<AccessLogEntry[]>([]);
  const [next, setNext] = useState<string | undefined | null>(null);
  const [error, setError] = useState<Error | undefined>();
  const cursor = next === null ? first.data?.next : next;
  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">Hvem har sett journalen</h2>
      <p>
        Her ser du hvem som har åpnet eller endret journalen, fra hvilken virksomhet og enhet, når og hvorfor.
        Akuttilgang er markert; den brukes når helsepersonell trenger opplysninger raskt og ikke har en vanlig
        behandlingsrelasjon. Mener du at noen har sett journalen uten grunn, kontakt kommunen.
      </p>
      <LoadView state={first} label="Henter innsynsloggen">
        {(page) => {
          const entries = [...page.entries, ...more];
          return entries.length === 0 ? (
            <p className="muted">Ingen andre har sett journalen.</p>
          ) : (
            <>
              <div className="table-wrap">
                <table data-testid="access-log">
                  <caption className="visually-hidden">Innsynslogg</caption>
                  <thead>
                    <tr>
                      <th scope="col">Når</th>
                      <th scope="col">Hvem</th>
                      <th scope="col">Hvor</th>
                      <th scope="col">Hva</th>
                      <th scope="col">Hvorfor</th>
                    </tr>
                  </thead>
                  <tbody>
                    {groupAccessLog(entries).map(({ first: e, count, since, what }) => (
                      <tr key={e.id} data-testid={e.emergency ? 'access-log-emergency' : 'access-log-row'}>
                        <td>
                          {formatDateTime(e.when)}
                          {count > 1 ? <div className="small muted">fra kl. {formatTime(since)}</div> : null}
                        </td>
                        <td>{e.who}</td>
                        <td>
                          {e.unit ?? '–'}
                          {e.organisation ? <div className="small muted">{e.organisation}</div> : null}
                        </td>
                        <td>
                          {ACTION[e.action] ?? 'Så i journalen'}
                          {count > 1 ? ` (${count} ganger)` : ''}
                          <div className="small muted">{what}</div>
                          {e.outcome === 'denied' ? <div className="small">Ble nektet tilgang</div> : null}
                        </td>
                        <td>
                          {e.emergency ? (
                            <span className="badge badge--danger">Akuttilgang</span>
                          ) : (
                            purposeText(e)
                          )}
                          {basisText(e.basis) ? <div className="small">«{basisText(e.basis)}»</div> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {error ? <ErrorMessage error={error} /> : null}
              {cursor ? (
                <button
                  type="button"
                  className="button"
                  onClick={() =>
                    loadAccessLog(client, patientId, cursor).then(
                      (p) => {
                        setMore((m) => [...m, ...p.entries]);
                        setNext(p.next);
                      },
                      (err: unknown) => setError(err as Error),
                    )
                  }
                >
                  Vis eldre
                </button>
              ) : null}
            </>
          );
        }}
      </LoadView>
    </section>
  );
}
