import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useClient } from '../../../auth/session.tsx';
import { LoadView } from '../../../components/load-view.tsx';
import { usePageTitle } from '../../../components/page-title.tsx';
import { WithheldNote } from '../../../components/withheld-note.tsx';
import { useLoad } from '../../../hooks/use-load.ts';
import { formatDateTime, todayIso } from '../../../text/format.ts';
import { usePatient } from '../patient/patient-context.tsx';
import { News2Badge } from './news2-badge.tsx';
import { loadVitalSets } from './vital-sets.ts';
import { VitalsChart } from './vitals-chart.tsx';

const PERIODS = [
  { days: 7, label: '7 dager' },
  { days: 30, label: '30 dager' },
  { days: 365, label: '1 år' },
];

/** Vital signs and NEWS2 over time: the latest score, the chart with escalations marked, the table. */
export function VitalsPage() {
  usePageTitle('Målinger og NEWS2');
  const { patientId } = usePatient();
  const client = useClient();
  const [params] = useSearchParams();
  const [days, setDays] = useState(30);
  const vitals = useLoad(
    (signal) => loadVitalSets(client, patientId, todayIso(-days), signal),
    [patientId, days],
  );
  return (
    <section aria-labelledby="vitals-title">
      <div className="page-header">
        <h2 id="vitals-title">Målinger og NEWS2</h2>
        <Link className="button button--primary" to={`/pasient/${patientId}/malinger/ny`}>
          Registrer målinger
        </Link>
      </div>
      {params.get('lagret') ? (
        <div className="alert alert--success" role="status">
          <p>Målingene er lagret.</p>
        </div>
      ) : null}
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
      <LoadView state={vitals} label="Henter målinger">
        {({ sets, withheld, complete, shown, total }) => {
          const latest = sets.find((s) => s.news2);
          return (
            <div className="stack">
              <WithheldNote count={withheld} what="målinger" />
              {!complete ? (
                <p className="alert alert--warning" data-testid="vitals-cut">
                  Viser de nyeste {shown} av {total ?? 'flere'} målinger i perioden. Velg en kortere periode
                  for å se alle.
                </p>
              ) : null}
              {latest?.news2 ? (
                <p data-testid="latest-news2">
                  Siste NEWS2 ({formatDateTime(latest.time)}):{' '}
                  <News2Badge total={latest.news2.total} escalation={latest.news2.escalation} />
                </p>
              ) : (
                <p className="muted">Ingen komplett NEWS2 i perioden.</p>
              )}
              {sets.length === 0 ? (
                <p className="muted">Ingen målinger i perioden.</p>
              ) : (
                <VitalsChart sets={sets} />
              )}
            </div>
          );
        }}
      </LoadView>
    </section>
  );
}
