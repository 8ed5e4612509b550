import type { Bundle } from '@medplum/fhirtypes';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, UserMessage } from '../../../api/api-error.ts';
import { useClient } from '../../../auth/session.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Field } from '../../../components/field.tsx';
import { usePageTitle } from '../../../components/page-title.tsx';
import { WithheldNote } from '../../../components/withheld-note.tsx';
import { usePatient } from '../patient/patient-context.tsx';
import { MIN_ACK_REASON } from './acknowledge-findings.tsx';
import { FindingList } from './finding-list.tsx';
import {
  applyReconciliation,
  KIND_TEXT,
  needsDecision,
  parseIncomingList,
  previewReconciliation,
  type Decision,
  type DecisionAction,
  type ReconcileEntry,
} from './reconcile.ts';

const ACTIONS: [DecisionAction, string][] = [
  ['accept', 'Godta'],
  ['reject', 'Avvis'],
  ['unclear', 'Uklart – spør fastlege'],
];

/**
 * Reconcile an incoming list (a hospital's discharge list) line by line against the shared list: each line is
 * new, changed, stopped, unchanged or unclear; the clinician accepts, rejects or marks each unclear with a
 * reason, and the result is applied in one step with the source recorded (SCENARIOS.md §4).
 */
export function ReconciliationPage() {
  usePageTitle('Samstemming av legemiddelliste');
  const { patientId } = usePatient();
  const client = useClient();
  const [text, setText] = useState('');
  const [source, setSource] = useState<Bundle | undefined>();
  const [entries, setEntries] = useState<ReconcileEntry[] | undefined>();
  const [withheld, setWithheld] = useState(0);
  const [decisions, setDecisions] = useState<Record<string, Decision>>({});
  const [acks, setAcks] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const [stale, setStale] = useState(false);
  const [done, setDone] = useState<string | undefined>();
  const [tried, setTried] = useState(false);

  const preview = async (bundle: Bundle) => {
    setBusy(true);
    setError(undefined);
    setStale(false);
    try {
      const result = await previewReconciliation(client, patientId, bundle);
      setSource(bundle);
      setEntries(result.entries);
      setWithheld(result.withheld);
      setDecisions({});
      setAcks({});
      setTried(false);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  const problemOf = (entry: ReconcileEntry): string | undefined => {
    const decision = decisions[entry.id];
    if (!decision) return needsDecision(entry) ? 'Velg hva som skal gjelde for linjen.' : undefined;
    if (decision.action !== 'accept' && decision.reason.trim().length < MIN_ACK_REASON)
      return `Skriv en begrunnelse (minst ${MIN_ACK_REASON} tegn).`;
    if (
      decision.action === 'accept' &&
      entry.kind === 'not-in-source' &&
      decision.reason.trim().length < MIN_ACK_REASON
    )
      return 'Skriv hvorfor linjen skal seponeres.';
    if (
      decision.action === 'accept' &&
      entry.findings.some(
        (f) =>
          f.requiresAcknowledgement && (acks[`${entry.id}|${f.key}`] ?? '').trim().length < MIN_ACK_REASON,
      )
    )
      return 'Kvitter de alvorlige funnene med begrunnelse, eller avvis linjen.';
    return undefined;
  };

  const apply = async () => {
    if (!entries || !source) return;
    setTried(true);
    if (entries.some((e) => problemOf(e))) return;
    setBusy(true);
    setError(undefined);
    try {
      const result = await applyReconciliation(client, patientId, source, entries, decisions, acks);
      const outcomes = (result.parameter ?? [])
        .filter((p) => p.name === 'result')
        .map((p) => p.part?.find((x) => x.name === 'outcome')?.valueCode);
      const count = (o: string) => outcomes.filter((x) => x === o).length;
      setDone(
        `Samstemmingen er lagret: ${count('accepted')} godtatt, ${count('rejected')} avvist, ${count('unclear')} uklare.`,
      );
    } catch (err) {
      if (err instanceof ApiError && err.code === 'AKS_ERR_MEDICATION_RECONCILE_STALE') setStale(true);
      else setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <section aria-labelledby="rec-title">
        <h2 id="rec-title">Samstemming</h2>
        <div className="alert alert--success" role="status">
          <p>{done}</p>
        </div>
        <Link className="button button--primary" to={`/pasient/${patientId}/legemidler?lagret=1`}>
          Til legemiddellisten
        </Link>
      </section>
    );

  return (
    <section aria-labelledby="rec-title">
      <h2 id="rec-title">Samstem liste fra sykehus</h2>
      {!entries ? (
        <form
          className="card"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            try {
              void preview(parseIncomingList(text));
            } catch (err) {
              setError(new UserMessage((err as Error).message));
            }
          }}
        >
          <p>
            Last inn legemiddellisten fra epikrisen (FHIR Bundle). Akson sammenligner den linje for linje med
            den delte listen; ingenting endres før du har bestemt deg og lagrer.
          </p>
          <Field label="Fil med legemiddelliste" hint="JSON-fil (FHIR Bundle)">
            {(props) => (
              <input
                {...props}
                type="file"
                accept=".json,application/json,application/fhir+json"
                onChange={(e) => void e.target.files?.[0]?.text().then(setText)}
              />
            )}
          </Field>
          <Field label="… eller lim inn listen">
            {(props) => (
              <textarea {...props} name="source" value={text} onChange={(e) => setText(e.target.value)} />
            )}
          </Field>
          {error ? <ErrorMessage error={error} /> : null}
          <button type="submit" className="button button--primary" disabled={busy || !text.trim()}>
            {busy ? 'Sammenligner …' : 'Sammenlign med gjeldende liste'}
          </button>
        </form>
      ) : (
        <div className="stack" data-testid="reconciliation">
          <WithheldNote count={withheld} what="legemiddellinjer" />
          {stale ? (
            <div className="alert alert--warning" role="alert">
              <p className="alert__title">Listen er endret siden sammenligningen</p>
              <p>Noen har endret legemiddellisten i mellomtiden. Ingenting ble lagret. Sammenlign på nytt.</p>
              <button type="button" className="button" onClick={() => source && void preview(source)}>
                Sammenlign på nytt
              </button>
            </div>
          ) : null}
          {entries.map((entry) => (
            <EntryCard
              key={entry.id}
              entry={entry}
              decision={decisions[entry.id]}
              onDecision={(d) => setDecisions((all) => ({ ...all, [entry.id]: d }))}
              acks={acks}
              onAck={(key, value) => setAcks((all) => ({ ...all, [`${entry.id}|${key}`]: value }))}
              problem={tried ? problemOf(entry) : undefined}
            />
          ))}
          {error ? <ErrorMessage error={error} /> : null}
          <div className="form-actions">
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => void apply()}
            >
              {busy ? 'Lagrer …' : 'Lagre samstemmingen'}
            </button>
            <Link className="button" to={`/pasient/${patientId}/legemidler`}>
              Avbryt
            </Link>
          </div>
        </div>
      )}
    </section>
  );
}

/**
 * Whether a decision needs a reason: rejecting or marking unclear always does, and so does accepting the stop
 * of a line the source does not list (stopping a medicine is never done without saying why).
 */
function reasonRequired(entry: ReconcileEntry, decision: Decision): boolean {
  return decision.action !== 'accept' || entry.kind === 'not-in-source';
}

function EntryCard({
  entry,
  decision,
  onDecision,
  acks,
  onAck,
  problem,
}: {
  entry: ReconcileEntry;
  decision: Decision | undefined;
  onDecision: (d: Decision) => void;
  acks: Readonly<Record<string, string>>;
  onAck: (findingKey: string, value: string) => void;
  problem: string | undefined;
}) {
  const decidable = entry.kind !== 'unchanged';
  const actions = entry.kind === 'unclear' ? ACTIONS.filter(([a]) => a !== 'accept') : ACTIONS;
  return (
    <article className="card" data-testid="reconcile-entry" aria-labelledby={`entry-${entry.id}`}>
      <div className="card__header">
        <h3 id={`entry-${entry.id}`}>{entry.medicine}</h3>
        <span
          className={`badge ${entry.kind === 'unchanged' ? 'badge--muted' : entry.kind === 'unclear' ? 'badge--danger' : 'badge--info'}`}
        >
          {KIND_TEXT[entry.kind]}
        </span>
      </div>
      <dl className="facts">
        <dt>Nå</dt>
        <dd>{entry.currentDosageText ?? 'Ikke på listen'}</dd>
        <dt>Fra sykehuset</dt>
        <dd>{entry.kind === 'stopped' ? 'Seponert' : (entry.incomingDosageText ?? 'Ikke med')}</dd>
      </dl>
      {entry.reason ? <p className="small">{entry.reason}</p> : null}
      {entry.findings.length > 0 ? <FindingList findings={entry.findings} /> : null}
      {decidable ? (
        <fieldset>
          <legend>Beslutning for {entry.medicine}</legend>
          <div className="row">
            {actions.map(([action, label]) => (
              <label key={action} className="choice">
                <input
                  type="radio"
                  name={`decision-${entry.id}`}
                  checked={decision?.action === action}
                  onChange={() => onDecision({ action, reason: decision?.reason ?? '' })}
                />
                {entry.kind === 'not-in-source' && action === 'accept' ? 'Seponer' : label}
              </label>
            ))}
          </div>
          {decision ? (
            <Field
              label={reasonRequired(entry, decision) ? 'Begrunnelse' : 'Begrunnelse (valgfri)'}
              hint={reasonRequired(entry, decision) ? `Påkrevd, minst ${MIN_ACK_REASON} tegn.` : undefined}
              error={problem}
            >
              {(props) => (
                <textarea
                  {...props}
                  name={`reason-${entry.id}`}
                  value={decision.reason}
                  onChange={(e) => onDecision({ ...decision, reason: e.target.value })}
                />
              )}
            </Field>
          ) : problem ? (
            <p className="field__error">{problem}</p>
          ) : null}
          {decision?.action === 'accept'
            ? entry.findings
                .filter((f) => f.requiresAcknowledgement)
                .map((f) => (
                  <Field key={f.key} label={`Kvitter: ${f.text}`} hint={`Minst ${MIN_ACK_REASON} tegn`}>
                    {(props) => (
                      <textarea
                        {...props}
                        name={`ack-${entry.id}-${f.key}`}
                        value={acks[`${entry.id}|${f.key}`] ?? ''}
                        onChange={(e) => onAck(f.key, e.target.value)}
                      />
                    )}
                  </Field>
                ))
            : null}
        </fieldset>
      ) : null}
    </article>
  );
}
