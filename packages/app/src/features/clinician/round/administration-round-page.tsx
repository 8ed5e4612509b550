import { useState } from 'react';
import { Link } from 'react-router';
import type { StaffProfile } from '../../../auth/profile.ts';
import { useClient, useProfile } from '../../../auth/session.tsx';
import { Dialog } from '../../../components/dialog.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Field } from '../../../components/field.tsx';
import { LoadView } from '../../../components/load-view.tsx';
import { usePageTitle } from '../../../components/page-title.tsx';
import { useLoad } from '../../../hooks/use-load.ts';
import { formatDate, formatTime, todayIso } from '../../../text/format.ts';
import {
  loadRound,
  NOT_GIVEN_REASONS,
  recordAdministration,
  type DoseStatus,
  type PatientRound,
  type ScheduledDose,
} from './administration-schedule.ts';

const STATUS: Record<DoseStatus, { text: string; className: string }> = {
  planned: { text: 'Planlagt', className: 'badge--muted' },
  due: { text: 'Skal gis nå', className: 'badge--info' },
  late: { text: 'Forsinket', className: 'badge--warning' },
  missed: { text: 'Ikke registrert', className: 'badge--danger' },
  given: { text: 'Gitt', className: 'badge--ok' },
  'not-given': { text: 'Ikke gitt', className: 'badge--warning' },
  refused: { text: 'Nektet', className: 'badge--warning' },
};

const OPEN: ReadonlySet<DoseStatus> = new Set(['planned', 'due', 'late', 'missed']);

interface Pending {
  readonly patient: PatientRound;
  readonly dose: ScheduledDose;
}

/**
 * The unit's medication round (utdeling): today's doses per patient from the shared list, each recorded as
 * given or not given (with a reason), as-needed doses against their daily maximum. Recording a dose never
 * blocks anyone editing the list at the same time.
 */
export function AdministrationRoundPage() {
  const profile = useProfile() as StaffProfile;
  usePageTitle(`Legemiddelrunde – ${profile.unitName}`);
  const client = useClient();
  const date = todayIso();
  const round = useLoad(
    (signal) => loadRound(client, profile.unitId ?? '', date, signal),
    [profile.unitId, date],
  );
  const [pending, setPending] = useState<Pending | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState<string | undefined>();

  const give = async (
    patientId: string,
    line: string,
    dose: string,
    due: string | undefined,
    key: string,
  ) => {
    setBusy(key);
    setError(undefined);
    try {
      await recordAdministration(client, { patientId, line, dose, due, given: true });
      round.reload();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <main id="innhold">
      <div className="page-header">
        <h1>Legemiddelrunde</h1>
        <p className="muted">
          {profile.unitName} · {formatDate(date)}
        </p>
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      <LoadView state={round} label="Henter utdelingslisten">
        {(r) =>
          r.patients.length === 0 ? (
            <p className="muted">Ingen pasienter med legemidler på enhetens liste i dag.</p>
          ) : (
            <div className="stack" data-testid="round">
              {r.patients.map((p) => (
                <section key={p.patientId} className="card" aria-labelledby={`round-${p.patientId}`}>
                  <div className="card__header">
                    <h2 id={`round-${p.patientId}`}>
                      <Link to={`/pasient/${p.patientId}/legemidler`}>{p.name}</Link>
                    </h2>
                  </div>
                  {p.doses.length === 0 && p.asNeeded.length === 0 ? (
                    <p className="muted">Ingen doser i dag.</p>
                  ) : null}
                  {p.doses.length > 0 ? (
                    <div className="table-wrap">
                      <table>
                        <caption className="visually-hidden">Faste doser for {p.name}</caption>
                        <thead>
                          <tr>
                            <th scope="col">Tid</th>
                            <th scope="col">Legemiddel</th>
                            <th scope="col">Dose</th>
                            <th scope="col">Status</th>
                            <th scope="col">
                              <span className="visually-hidden">Registrer</span>
                            </th>
                          </tr>
                        </thead>
                        <tbody>
                          {p.doses.map((d) => {
                            const key = `${d.line}-${d.due}`;
                            return (
                              <tr key={key} data-testid="round-dose">
                                <th scope="row">{d.dueLocal.slice(11, 16) || formatTime(d.due)}</th>
                                <td>
                                  {d.medicine}
                                  {d.multidose ? <span className="small muted"> · multidose</span> : null}
                                </td>
                                <td>{d.dose}</td>
                                <td>
                                  <span className={`badge ${STATUS[d.status].className}`}>
                                    {STATUS[d.status].text}
                                    {d.status === 'given' && d.givenAt ? ` kl. ${formatTime(d.givenAt)}` : ''}
                                    {d.givenLate ? ' (sent)' : ''}
                                  </span>
                                  {d.reason ? <div className="small">{d.reason}</div> : null}
                                </td>
                                <td>
                                  {OPEN.has(d.status) ? (
                                    <div className="row">
                                      <button
                                        type="button"
                                        className="button button--small button--primary"
                                        disabled={busy === key}
                                        onClick={() => void give(p.patientId, d.line, d.dose, d.due, key)}
                                        aria-label={`Gitt: ${d.medicine} ${d.dose} kl. ${formatTime(d.due)} til ${p.name}`}
                                      >
                                        Gitt
                                      </button>
                                      <button
                                        type="button"
                                        className="button button--small"
                                        onClick={() => setPending({ patient: p, dose: d })}
                                        aria-label={`Ikke gitt: ${d.medicine} kl. ${formatTime(d.due)} til ${p.name}`}
                                      >
                                        Ikke gitt …
                                      </button>
                                    </div>
                                  ) : null}
                                </td>
                              </tr>
                            );
                          })}
                        </tbody>
                      </table>
                    </div>
                  ) : null}
                  {p.asNeeded.length > 0 ? (
                    <>
                      <h3>Ved behov</h3>
                      <ul className="list">
                        {p.asNeeded.map((a) => (
                          <li key={a.line} className="worklist-item" data-testid="round-as-needed">
                            <div className="worklist-item__main">
                              <strong>{a.medicine}</strong>: {a.dosageText}
                              <div className="small">
                                Gitt siste 24 timer: {a.givenCount}
                                {a.maxPerDay ? ` · maks ${a.maxPerDay} per døgn` : ''}
                                {a.remaining !== undefined ? ` · ${a.remaining} igjen` : ''}
                              </div>
                              {a.maxPerDay && a.maxAssessed === false ? (
                                <p className="alert alert--warning" role="status">
                                  {a.maxNotAssessed ?? 'Dosene kan ikke holdes opp mot maksimal døgndose.'}{' '}
                                  Kontroller manuelt før du gir.
                                </p>
                              ) : null}
                              {a.overMax ? (
                                <p className="field__error" role="alert">
                                  Maksimal døgndose er nådd.
                                </p>
                              ) : null}
                            </div>
                            <button
                              type="button"
                              className="button button--small"
                              disabled={a.overMax || busy === a.line}
                              onClick={() => void give(p.patientId, a.line, a.dose, undefined, a.line)}
                            >
                              Gi {a.dose}
                            </button>
                          </li>
                        ))}
                      </ul>
                    </>
                  ) : null}
                  {p.unscheduled.length > 0 ? (
                    <div className="alert alert--warning">
                      <p className="alert__title">
                        Kunne ikke settes opp på listen – kontroller ordinasjonen
                      </p>
                      <ul>
                        {p.unscheduled.map((u) => (
                          <li key={u.medicine}>
                            {u.medicine}: {u.dosageText} ({u.reason})
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                </section>
              ))}
            </div>
          )
        }
      </LoadView>
      {pending ? (
        <NotGivenDialog
          pending={pending}
          onClose={() => setPending(undefined)}
          onSaved={() => {
            setPending(undefined);
            round.reload();
          }}
        />
      ) : null}
    </main>
  );
}

function NotGivenDialog({
  pending,
  onClose,
  onSaved,
}: {
  pending: Pending;
  onClose: () => void;
  onSaved: () => void;
}) {
  const client = useClient();
  const [reason, setReason] = useState('refused');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await recordAdministration(client, {
        patientId: pending.patient.patientId,
        line: pending.dose.line,
        dose: pending.dose.dose,
        due: pending.dose.due,
        given: false,
        reason,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onSaved();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open title={`Ikke gitt: ${pending.dose.medicine} til ${pending.patient.name}`} onClose={onClose}>
      <Field label="Årsak">
        {(props) => (
          <select {...props} name="reason" value={reason} onChange={(e) => setReason(e.target.value)}>
            {Object.entries(NOT_GIVEN_REASONS).map(([code, text]) => (
              <option key={code} value={code}>
                {text}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Merknad" hint="Valgfritt, f.eks. hva pasienten sa">
        {(props) => (
          <textarea {...props} name="note" value={note} onChange={(e) => setNote(e.target.value)} />
        )}
      </Field>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="form-actions">
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void save()}>
          Registrer ikke gitt
        </button>
        <button type="button" className="button" onClick={onClose}>
          Avbryt
        </button>
      </div>
    </Dialog>
  );
}
