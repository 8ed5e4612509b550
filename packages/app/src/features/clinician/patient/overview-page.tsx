import type { Condition, Task } from '@medplum/fhirtypes';
import { Link } from 'react-router';
import { useClient } from '../../../auth/session.tsx';
import { LoadView } from '../../../components/load-view.tsx';
import { usePageTitle } from '../../../components/page-title.tsx';
import { WithheldNote } from '../../../components/withheld-note.tsx';
import { useLoad } from '../../../hooks/use-load.ts';
import { conceptText } from '../../../text/fhir-text.ts';
import { formatDate, formatDateTime, todayIso } from '../../../text/format.ts';
import { loadMedicationList } from '../../medication-list/medication-lines.ts';
import { MedicationStatusBadge } from '../../medication-list/medication-status-badge.tsx';
import { loadTimeline } from '../timeline/timeline.ts';
import { News2Badge } from '../vitals/news2-badge.tsx';
import { loadVitalSets } from '../vitals/vital-sets.ts';
import { VitalsChart } from '../vitals/vitals-chart.tsx';
import { usePatient } from './patient-context.tsx';

const OPEN_TASKS = 'requested,accepted,ready,in-progress,on-hold';

/**
 * The patient overview: what a clinician needs at a glance, each part loading on its own so the first parts are
 * usable at once. The page is marked ready (data-ready) when every part has settled, and names the parts that
 * failed (data-failed): "usable within 1.5 s" is ready with nothing failed.
 */
export function OverviewPage() {
  usePageTitle('Oversikt');
  const { patientId, header } = usePatient();
  const client = useClient();
  const medications = useLoad((signal) => loadMedicationList(client, patientId, signal), [patientId]);
  const problems = useLoad(
    (signal) =>
      client.searchAll<Condition>(
        'Condition',
        {
          patient: patientId,
          'clinical-status': 'active,recurrence,relapse',
          // A consultation's diagnosis belongs to the consultation, not to the problem list.
          'category:not': 'encounter-diagnosis',
          _count: 100,
        },
        { limit: 500, signal },
      ),
    [patientId],
  );
  const vitals = useLoad((signal) => loadVitalSets(client, patientId, todayIso(-30), signal), [patientId]);
  const timeline = useLoad((signal) => loadTimeline(client, patientId, { count: 8 }, signal), [patientId]);
  const tasks = useLoad(
    (signal) =>
      client.searchAll<Task>(
        'Task',
        { patient: patientId, status: OPEN_TASKS, _count: 50 },
        { limit: 500, signal },
      ),
    [patientId],
  );
  const parts = { medications, problems, vitals, timeline, tasks };
  const ready = header !== undefined && Object.values(parts).every((s) => s.status !== 'loading');
  // Settled is not the same as usable: what failed (shown as an error with "Prøv igjen") is named here.
  const failed = Object.entries(parts)
    .filter(([, s]) => s.status === 'error')
    .map(([name]) => name);
  if (header?.criticalUnavailable) failed.push('critical');

  return (
    <div
      className="grid"
      data-testid="overview"
      data-ready={ready ? 'true' : 'false'}
      data-failed={failed.join(',')}
      aria-busy={!ready}
    >
      <section className="card" aria-labelledby="ov-med">
        <div className="card__header">
          <h2 id="ov-med">Legemidler</h2>
          <Link to={`/pasient/${patientId}/legemidler`}>Hele listen</Link>
        </div>
        <LoadView state={medications} label="Henter legemidler">
          {({ lines, withheld }) => {
            const current = lines.filter((l) => l.state === 'active' || l.state === 'on-hold');
            return (
              <>
                <WithheldNote count={withheld} what="legemiddellinjer" />
                {current.length === 0 ? <p className="muted">Ingen legemidler i bruk.</p> : null}
                <ul className="list">
                  {current.map((l) => (
                    <li key={l.id}>
                      <strong>{l.name}</strong> <MedicationStatusBadge line={l} />
                      <div className="small">{l.dosage}</div>
                    </li>
                  ))}
                </ul>
              </>
            );
          }}
        </LoadView>
      </section>

      <section className="card" aria-labelledby="ov-problems">
        <h2 id="ov-problems">Problemer og diagnoser</h2>
        <LoadView state={problems} label="Henter problemer">
          {(found) => (
            <>
              <WithheldNote count={found.withheld} what="problemer" />
              {found.resources.length === 0 ? (
                <p className="muted">Ingen aktive problemer registrert.</p>
              ) : null}
              <ul className="list">
                {found.resources.map((c) => (
                  <li key={c.id}>
                    {conceptText(c.code)}
                    <span className="small muted">
                      {' '}
                      · {c.code?.coding?.[0]?.code}
                      {c.onsetDateTime ? ` · fra ${formatDate(c.onsetDateTime)}` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </LoadView>
      </section>

      <section className="card grid--wide" aria-labelledby="ov-vitals">
        <div className="card__header">
          <h2 id="ov-vitals">Målinger og NEWS2 siste 30 dager</h2>
          <Link to={`/pasient/${patientId}/malinger/ny`}>Registrer målinger</Link>
        </div>
        <LoadView state={vitals} label="Henter målinger">
          {({ sets, withheld }) => {
            const latest = sets.find((s) => s.news2);
            return (
              <>
                <WithheldNote count={withheld} what="målinger" />
                {latest?.news2 ? (
                  <p>
                    Siste NEWS2 {formatDateTime(latest.time)}:{' '}
                    <News2Badge total={latest.news2.total} escalation={latest.news2.escalation} />
                  </p>
                ) : null}
                {sets.length === 0 ? (
                  <p className="muted">Ingen målinger siste 30 dager.</p>
                ) : (
                  <VitalsChart sets={sets} />
                )}
              </>
            );
          }}
        </LoadView>
      </section>

      <section className="card" aria-labelledby="ov-timeline">
        <div className="card__header">
          <h2 id="ov-timeline">Siste kontakter</h2>
          <Link to={`/pasient/${patientId}/tidslinje`}>Hele tidslinjen</Link>
        </div>
        <LoadView state={timeline} label="Henter tidslinjen">
          {(t) => (
            <>
              {t.entries.length === 0 ? <p className="muted">Ingen kontakter registrert.</p> : null}
              <ul className="list">
                {t.entries.map((e) => (
                  <li key={e.key}>
                    <span className="muted small">{formatDate(e.when)}</span> {e.what}
                    {e.unit || e.service ? (
                      <span className="small muted"> · {e.unit ?? e.service}</span>
                    ) : null}
                    {e.withheld ? <span className="badge badge--warning"> Innhold holdt tilbake</span> : null}
                  </li>
                ))}
              </ul>
            </>
          )}
        </LoadView>
      </section>

      <section className="card" aria-labelledby="ov-tasks">
        <div className="card__header">
          <h2 id="ov-tasks">Åpne oppgaver</h2>
          <Link to={`/pasient/${patientId}/plan`}>Plan og oppgaver</Link>
        </div>
        <LoadView state={tasks} label="Henter oppgaver">
          {(found) => (
            <>
              <WithheldNote count={found.withheld} what="oppgaver" />
              {found.resources.length === 0 ? <p className="muted">Ingen åpne oppgaver.</p> : null}
              <ul className="list">
                {found.resources.map((t) => (
                  <li key={t.id}>
                    {t.description ?? conceptText(t.code, 'Oppgave')}
                    {t.executionPeriod?.start ? (
                      <span className="small muted"> · {formatDateTime(t.executionPeriod.start)}</span>
                    ) : null}
                  </li>
                ))}
              </ul>
            </>
          )}
        </LoadView>
      </section>
    </div>
  );
}
