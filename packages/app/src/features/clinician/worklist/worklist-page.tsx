import type { Observation, Task } from '@medplum/fhirtypes';
import { readNews2Observation } from '@akson/clinical';
import { Link } from 'react-router';
import type { StaffProfile } from '../../../auth/profile.ts';
import { useClient, useProfile } from '../../../auth/session.tsx';
import { LoadView } from '../../../components/load-view.tsx';
import { usePageTitle } from '../../../components/page-title.tsx';
import { WithheldNote } from '../../../components/withheld-note.tsx';
import { useLoad } from '../../../hooks/use-load.ts';
import { personNameFamilyFirst } from '../../../text/fhir-text.ts';
import { ageInYears, formatDate, formatShortDate, formatTime, todayIso } from '../../../text/format.ts';
import { statusText, type StatusKind } from '../../../text/status-text.ts';
import { TaskDoneButton } from '../care-plan/task-done-button.tsx';
import { News2Badge } from '../vitals/news2-badge.tsx';
import {
  latestNews2,
  loadSection,
  sectionsFor,
  type SectionKind,
  type WorkItem,
  type WorkSection,
} from './worklist-queries.ts';

/** The unit's worklist for today: what this service starts the day with, then the unit's open tasks. */
export function WorklistPage() {
  const profile = useProfile() as StaffProfile;
  usePageTitle(`Arbeidsliste – ${profile.unitName}`);
  const kinds = sectionsFor(profile);
  return (
    <main id="innhold">
      <div className="page-header">
        <h1>Arbeidsliste</h1>
        <p className="muted">
          {profile.unitName} · {formatDate(todayIso())}
        </p>
      </div>
      <div className="grid">
        {kinds.map((kind) => (
          <Section key={kind} kind={kind} profile={profile} />
        ))}
      </div>
    </main>
  );
}

function Section({ kind, profile }: { kind: SectionKind; profile: StaffProfile }) {
  const client = useClient();
  const section = useLoad(
    async (signal) => {
      const loaded = await loadSection(client, profile, kind, signal);
      const news2 =
        kind === 'residents'
          ? await latestNews2(
              client,
              loaded.items.map((i) => i.patientId).filter((id): id is string => !!id),
              signal,
            )
          : undefined;
      return { section: loaded, news2 };
    },
    [kind, profile.unitId],
  );
  const wide = kind === 'residents' || kind === 'queue' || kind === 'visits' || kind === 'appointments';
  return (
    <section
      className={`card${wide ? ' grid--wide' : ''}`}
      aria-labelledby={`ws-${kind}`}
      data-testid={`worklist-${kind}`}
    >
      <div className="card__header">
        <h2 id={`ws-${kind}`}>{section.data?.section.title ?? ''}</h2>
        <button type="button" className="button button--small" onClick={section.reload}>
          Oppdater
        </button>
      </div>
      <LoadView state={section} label="Henter listen">
        {({ section: s, news2 }) => <SectionList section={s} news2={news2} onChange={section.reload} />}
      </LoadView>
    </section>
  );
}

function SectionList({
  section,
  news2,
  onChange,
}: {
  section: WorkSection;
  news2: Map<string, Observation> | undefined;
  onChange: () => void;
}) {
  return (
    <>
      <WithheldNote count={section.withheld} />
      {!section.complete ? (
        <p className="alert alert--warning" data-testid="worklist-cut">
          Viser {section.items.length} av {section.total ?? 'flere'}. Listen er for lang til å vises hel.
        </p>
      ) : null}
      {section.items.length === 0 ? (
        <p className="muted">{section.empty}</p>
      ) : (
        <ul className="list">
          {section.items.map((item) => (
            <li key={item.key}>
              <WorkItemRow
                item={item}
                kind={section.kind}
                news2={item.patientId ? news2?.get(item.patientId) : undefined}
                onChange={onChange}
              />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function WorkItemRow({
  item,
  kind,
  news2,
  onChange,
}: {
  item: WorkItem;
  kind: SectionKind;
  news2: Observation | undefined;
  onChange: () => void;
}) {
  const age = ageInYears(item.patient?.birthDate);
  const name = item.patient ? personNameFamilyFirst(item.patient.name) : 'Pasient';
  const showTime = kind === 'appointments' || kind === 'visits' || kind === 'queue';
  const summary = news2 ? readNews2Observation(news2) : undefined;
  return (
    <div className="worklist-item">
      {showTime ? <span className="worklist-item__time">{formatTime(item.when)}</span> : null}
      <div className="worklist-item__main">
        {item.patientId ? (
          <Link to={`/pasient/${item.patientId}`}>
            <strong>{name}</strong>
          </Link>
        ) : (
          <strong>{name}</strong>
        )}
        {age !== undefined ? <span className="muted"> · {age} år</span> : null}
        <div className="small">
          {item.what}
          {kind === 'tasks' && item.when ? (
            <span className="muted"> · {formatShortDate(item.when)}</span>
          ) : null}
        </div>
      </div>
      {summary ? (
        <span>
          <News2Badge total={summary.total} escalation={summary.escalation} small />
          <span className="small muted"> kl. {formatTime(news2?.effectiveDateTime ?? news2?.issued)}</span>
        </span>
      ) : null}
      {kind === 'residents' && !news2 ? (
        <span className="badge badge--muted">NEWS2 ikke målt i dag</span>
      ) : null}
      {item.status && kind !== 'residents' && kind !== 'caseload' ? (
        <span className="badge badge--info">
          {statusText(item.resource.resourceType as StatusKind, item.status)}
        </span>
      ) : null}
      {kind === 'tasks' ? <TaskDoneButton task={item.resource as Task} onDone={onChange} /> : null}
    </div>
  );
}
