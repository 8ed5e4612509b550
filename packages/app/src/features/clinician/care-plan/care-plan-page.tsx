import type { CarePlan, Task } from '@medplum/fhirtypes';
import type { FhirClient } from '../../../api/fhir-client.ts';
import { useClient } from '../../../auth/session.tsx';
import { LoadView } from '../../../components/load-view.tsx';
import { usePageTitle } from '../../../components/page-title.tsx';
import { WithheldNote } from '../../../components/withheld-note.tsx';
import { useLoad } from '../../../hooks/use-load.ts';
import { conceptText } from '../../../text/fhir-text.ts';
import { formatDate, formatDateTime } from '../../../text/format.ts';
import { statusText } from '../../../text/status-text.ts';
import { usePatient } from '../patient/patient-context.tsx';
import { TaskDoneButton } from './task-done-button.tsx';

const OPEN = new Set(['requested', 'accepted', 'ready', 'in-progress', 'on-hold', 'received', 'draft']);
const OPEN_TASKS = [...OPEN].join(',');

/** Every active plan and every open task (a cut list could hide the task that matters); the latest closed ones. */
export async function loadCarePlanAndTasks(client: FhirClient, patientId: string, signal: AbortSignal) {
  const [plans, open, done] = await Promise.all([
    client.searchAll<CarePlan>(
      'CarePlan',
      { patient: patientId, status: 'active,on-hold', _count: 50 },
      { limit: 500, signal },
    ),
    client.searchAll<Task>(
      'Task',
      { patient: patientId, status: OPEN_TASKS, _sort: '-_lastUpdated', _count: 100 },
      { limit: 1000, signal },
    ),
    client.search<Task>(
      'Task',
      { patient: patientId, 'status:not': OPEN_TASKS, _sort: '-_lastUpdated', _count: 20 },
      signal,
    ),
  ]);
  return { plans, open, done };
}

/** The care plan's measures (tiltaksplan, individuell plan) and the patient's tasks, open ones first. */
export function CarePlanPage() {
  usePageTitle('Plan og oppgaver');
  const { patientId } = usePatient();
  const client = useClient();
  const data = useLoad((signal) => loadCarePlanAndTasks(client, patientId, signal), [patientId]);
  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">Plan og oppgaver</h2>
      <LoadView state={data} label="Henter planer og oppgaver">
        {({ plans, open: openTasks, done: doneTasks }) => {
          const open = openTasks.resources;
          const done = doneTasks.resources.filter((t) => !OPEN.has(t.status ?? ''));
          return (
            <div className="grid">
              <div className="card">
                <h3>Planer</h3>
                <WithheldNote count={plans.withheld} what="planer" />
                {plans.resources.length === 0 ? <p className="muted">Ingen aktive planer.</p> : null}
                {plans.resources.map((plan) => (
                  <article key={plan.id} className="stack">
                    <h4>{plan.title ?? conceptText(plan.category?.[0], 'Plan')}</h4>
                    {plan.description ? <p>{plan.description}</p> : null}
                    <ul>
                      {(plan.activity ?? []).map((a, i) => (
                        <li key={i}>
                          {a.detail?.description ?? conceptText(a.detail?.code, 'Tiltak')}
                          {a.detail?.scheduledString ? ` (${a.detail.scheduledString})` : ''}
                          {a.detail?.status ? (
                            <span className="muted">
                              {' '}
                              · {statusText('CarePlanActivity', a.detail.status)}
                            </span>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                    <p className="small muted">
                      Fra {formatDate(plan.period?.start)}
                      {plan.author?.display ? ` · ${plan.author.display}` : ''}
                    </p>
                  </article>
                ))}
              </div>
              <div className="card">
                <h3>Åpne oppgaver</h3>
                <WithheldNote count={openTasks.withheld} what="oppgaver" />
                {open.length === 0 ? <p className="muted">Ingen åpne oppgaver.</p> : null}
                <ul className="list" data-testid="open-tasks">
                  {open.map((t) => (
                    <li key={t.id} className="worklist-item">
                      <div className="worklist-item__main">
                        <strong>{t.description ?? conceptText(t.code, 'Oppgave')}</strong>
                        <div className="small muted">
                          {statusText('Task', t.status)}
                          {t.executionPeriod?.start ? ` · ${formatDateTime(t.executionPeriod.start)}` : ''}
                          {t.owner?.display ? ` · ${t.owner.display}` : ''}
                        </div>
                      </div>
                      <TaskDoneButton task={t} onDone={data.reload} />
                    </li>
                  ))}
                </ul>
                {done.length > 0 ? (
                  <>
                    <h3>Siste avsluttede oppgaver</h3>
                    <ul className="list">
                      {done.map((t) => (
                        <li key={t.id}>
                          {t.description ?? conceptText(t.code, 'Oppgave')}{' '}
                          <span className="muted small">
                            · {statusText('Task', t.status)}{' '}
                            {formatDateTime(t.executionPeriod?.end ?? t.lastModified)}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </div>
            </div>
          );
        }}
      </LoadView>
    </section>
  );
}
