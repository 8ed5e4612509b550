import type { Parameters } from '@medplum/fhirtypes';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useClient } from '../../../auth/session.tsx';
import { LoadView } from '../../../components/load-view.tsx';
import { usePageTitle } from '../../../components/page-title.tsx';
import { WithheldNote } from '../../../components/withheld-note.tsx';
import { useLoad } from '../../../hooks/use-load.ts';
import { formatDateTime } from '../../../text/format.ts';
import { usePatient } from '../patient/patient-context.tsx';
import { FindingList } from './finding-list.tsx';
import { LineHistory } from './line-history.tsx';
import { parameter, parameterGroups } from '../../../api/parameters.ts';
import { findingsFromParameters } from './medication-findings.ts';
import { loadMedicationList } from '../../medication-list/medication-lines.ts';
import { MedicationStatusBadge } from '../../medication-list/medication-status-badge.tsx';
import { StopLineDialog } from './stop-line-dialog.tsx';

/**
 * The shared medication list: one line per medicine with an unambiguous status and a dosage that always names
 * its interval, who changed it last, the whole list's interaction and allergy warnings, and each line's history.
 * Stopped lines stay visible, marked stopped, for 90 days.
 */
export function MedicationsPage() {
  usePageTitle('Legemidler');
  const { patientId } = usePatient();
  const client = useClient();
  const [params] = useSearchParams();
  const list = useLoad((signal) => loadMedicationList(client, patientId, signal), [patientId]);
  const [historyOf, setHistoryOf] = useState<string | undefined>();
  const [stopping, setStopping] = useState<string | undefined>();

  return (
    <section aria-labelledby="med-title">
      <div className="page-header">
        <h2 id="med-title">Legemiddelliste</h2>
        <div className="row">
          <Link className="button button--primary" to={`/pasient/${patientId}/legemidler/ny`}>
            Legg til legemiddel
          </Link>
          <Link className="button" to={`/pasient/${patientId}/legemidler/samstemming`}>
            Samstem liste fra sykehus
          </Link>
        </div>
      </div>
      {params.get('lagret') ? (
        <div className="alert alert--success" role="status">
          <p>Legemiddellisten er oppdatert.</p>
        </div>
      ) : null}
      <LoadView state={list} label="Henter legemiddellisten">
        {({ lines, withheld, review }) => (
          <>
            <ListReview review={review} />
            <WithheldNote count={withheld} what="legemiddellinjer" />
            {lines.length === 0 ? (
              <p className="muted">Ingen legemidler på listen.</p>
            ) : (
              <div className="table-wrap">
                <table data-testid="medication-table">
                  <caption className="visually-hidden">Legemidler</caption>
                  <thead>
                    <tr>
                      <th scope="col">Legemiddel</th>
                      <th scope="col">Dosering</th>
                      <th scope="col">Status</th>
                      <th scope="col">Sist endret</th>
                      <th scope="col">
                        <span className="visually-hidden">Handlinger</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {lines.map((l) => {
                      const ended = l.state === 'stopped' || l.state === 'completed';
                      return (
                        <tr
                          key={l.id}
                          className={ended ? 'row--stopped' : undefined}
                          data-testid="medication-row"
                        >
                          <th scope="row">
                            {l.name}
                            <div className="small muted">
                              {l.atc ? `ATC ${l.atc}` : ''}
                              {l.reason ? ` · ${l.reason}` : ''}
                              {l.multidose ? ' · multidose' : ''}
                            </div>
                          </th>
                          <td>{ended ? <span>Var: {l.dosage}</span> : l.dosage}</td>
                          <td>
                            <MedicationStatusBadge line={l} />
                          </td>
                          <td className="small">
                            {formatDateTime(l.changedAt)}
                            {l.changedBy ? <div>{l.changedBy}</div> : null}
                          </td>
                          <td>
                            <div className="row">
                              {!ended ? (
                                <>
                                  <Link
                                    className="button button--small"
                                    to={`/pasient/${patientId}/legemidler/${l.id}`}
                                    aria-label={`Endre ${l.name}`}
                                  >
                                    Endre
                                  </Link>
                                  <button
                                    type="button"
                                    className="button button--small button--danger"
                                    onClick={() => setStopping(l.id)}
                                    aria-label={`Seponer ${l.name}`}
                                  >
                                    Seponer
                                  </button>
                                </>
                              ) : null}
                              <button
                                type="button"
                                className="button button--small button--link"
                                aria-expanded={historyOf === l.id}
                                onClick={() => setHistoryOf(historyOf === l.id ? undefined : l.id)}
                              >
                                Historikk
                              </button>
                            </div>
                            {historyOf === l.id ? <LineHistory statementId={l.id} /> : null}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
            {stopping ? (
              <StopLineDialog
                line={lines.find((l) => l.id === stopping)}
                onClose={() => setStopping(undefined)}
                onStopped={() => {
                  setStopping(undefined);
                  list.reload();
                }}
              />
            ) : null}
          </>
        )}
      </LoadView>
    </section>
  );
}

/** The whole list's findings (interactions, allergies, duplicates, doses) and what could not be checked. */
function ListReview({ review }: { review: Parameters | undefined }) {
  if (!review) return null;
  const findings = findingsFromParameters(review);
  const notAssessed = parameterGroups(review, 'notAssessed').map((n) => String(n['text'] ?? ''));
  const incomplete = parameter(review, 'interactionsComplete') === false;
  if (findings.length === 0 && notAssessed.length === 0 && !incomplete) return null;
  return (
    <div className="card stack" data-testid="list-warnings">
      <h3>Varsler for hele listen</h3>
      {findings.length > 0 ? (
        <FindingList findings={findings} />
      ) : (
        <p>Ingen funn mellom legemidlene på listen.</p>
      )}
      {incomplete || notAssessed.length > 0 ? (
        <div className="alert alert--warning">
          <p className="alert__title">Ikke alt kunne kontrolleres</p>
          <ul>
            {(notAssessed.length > 0
              ? notAssessed
              : ['Noen legemidler er ikke vurdert for interaksjoner.']
            ).map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
