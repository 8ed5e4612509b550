import { useState } from 'react';
import { useClient } from '../../auth/session.tsx';
import { ApiError } from '../../api/api-error.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { Field } from '../../components/field.tsx';
import { LoadView } from '../../components/load-view.tsx';
import { usePageTitle } from '../../components/page-title.tsx';
import { useLoad } from '../../hooks/use-load.ts';
import { formatDateTime, todayIso } from '../../text/format.ts';
import {
  FLAG_TEXT,
  groupFlagged,
  loadLogReview,
  markReviewed,
  reasonText,
  type FlaggedGroup,
} from './log-review.ts';

const PERIODS = [
  { days: 7, label: 'Siste 7 dager' },
  { days: 30, label: 'Siste 30 dager' },
  { days: 90, label: 'Siste 90 dager' },
];

/**
 * The security officer's log review (SCENARIOS.md §10): emergency accesses, self-declared relations, lookups by
 * national id, refusals, same surname and address, unusual volume. Each is marked reviewed with a comment.
 */
export function LogReviewPage() {
  usePageTitle('Logggjennomgang');
  const client = useClient();
  const [days, setDays] = useState(7);
  const [showReviewed, setShowReviewed] = useState(false);
  const report = useLoad((signal) => loadLogReview(client, todayIso(-days), signal), [days]);
  return (
    <main id="innhold">
      <h1>Logggjennomgang</h1>
      <p>
        Oppslag som skal følges opp: akuttilgang, selverklærte relasjoner, oppslag på fødselsnummer, avviste
        forsøk, oppslag på personer med samme etternavn og adresse som den ansatte, og uvanlig mange
        pasienter.
      </p>
      <div className="row">
        <div className="segmented" role="group" aria-label="Periode">
          {PERIODS.map((p) => (
            <button
              key={p.days}
              type="button"
              className="button button--small"
              aria-pressed={days === p.days}
              onClick={() => setDays(p.days)}
            >
              {p.label}
            </button>
          ))}
        </div>
        <label className="choice">
          <input type="checkbox" checked={showReviewed} onChange={(e) => setShowReviewed(e.target.checked)} />
          Vis også gjennomgåtte
        </label>
      </div>
      <LoadView state={report} label="Henter rapporten">
        {(flagged) => {
          const shown = groupFlagged(flagged).filter((g) => showReviewed || !g.reviewed);
          return (
            <>
              <p role="status">
                {flagged.length} flaggede oppslag, {flagged.filter((f) => !f.review).length} ikke gjennomgått.
              </p>
              {shown.length === 0 ? <p className="muted">Ingenting å gjennomgå i perioden.</p> : null}
              <ul className="list" data-testid="flagged-list">
                {shown.map((g) => (
                  <li key={g.key}>
                    <FlaggedItem group={g} onReviewed={report.reload} />
                  </li>
                ))}
              </ul>
            </>
          );
        }}
      </LoadView>
    </main>
  );
}

function FlaggedItem({ group, onReviewed }: { group: FlaggedGroup; onReviewed: () => void }) {
  const item = group.first;
  const ids = group.items.map((i) => i.auditEventId).filter((id): id is string => !!id);
  const client = useClient();
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const save = async () => {
    setTouched(true);
    if (ids.length === 0 || comment.trim().length < 3) return;
    setBusy(true);
    setError(undefined);
    try {
      for (const id of ids) {
        try {
          await markReviewed(client, id, comment.trim());
        } catch (err) {
          // Another security officer reviewed this access meanwhile: theirs stands, the rest are still ours to mark.
          if (!(err instanceof ApiError && err.code === 'AKS_ERR_AUDIT_ALREADY_REVIEWED')) throw err;
        }
      }
      onReviewed();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className="stack" data-testid="flagged-item">
      <div className="worklist-item">
        <div className="worklist-item__main">
          <span
            className={`badge ${item.flag === 'emergency' || item.flag === 'same-surname-address' ? 'badge--danger' : 'badge--warning'}`}
          >
            {FLAG_TEXT[item.flag] ?? item.flag}
          </span>
          <div>
            <strong>{item.who}</strong>
            {item.unit ? `, ${item.unit}` : ''}
            {item.patient ? ` – pasient: ${item.patient}` : ''}
          </div>
          <div className="small muted">
            {formatDateTime(item.when)}
            {group.items.length > 1 ? ` · ${group.items.length} oppslag` : ''}
            {reasonText(item.reason) ? ` · begrunnelse: «${reasonText(item.reason)}»` : ''}
            {item.detail ? ` · ${item.detail}` : ''}
          </div>
        </div>
        {item.review ? (
          <span className="badge badge--ok">Gjennomgått</span>
        ) : ids.length > 0 ? (
          <button
            type="button"
            className="button button--small"
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            Marker som gjennomgått
          </button>
        ) : null}
      </div>
      {item.review ? (
        <p className="small">
          Gjennomgått av {item.review.by} {formatDateTime(item.review.at)}: «{item.review.comment}»
        </p>
      ) : null}
      {open && !item.review ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Field
            label="Kommentar"
            hint="Hva du har undersøkt og konkludert, f.eks. «Akuttilgang begrunnet, pasient innlagt via legevakt.»"
            error={touched && comment.trim().length < 3 ? 'Skriv en kommentar.' : undefined}
          >
            {(props) => (
              <textarea
                {...props}
                name="comment"
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
            )}
          </Field>
          {error ? <ErrorMessage error={error} /> : null}
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Lagrer …' : 'Lagre gjennomgang'}
          </button>
        </form>
      ) : null}
    </article>
  );
}
