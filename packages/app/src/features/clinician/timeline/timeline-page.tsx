import { useState } from 'react';
import { useClient } from '../../../auth/session.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { LoadView } from '../../../components/load-view.tsx';
import { usePageTitle } from '../../../components/page-title.tsx';
import { countText, WithheldNote } from '../../../components/withheld-note.tsx';
import { useLoad } from '../../../hooks/use-load.ts';
import { formatDateTime } from '../../../text/format.ts';
import { usePatient } from '../patient/patient-context.tsx';
import { KIND_TEXT, loadTimeline, loadTimelinePage, type TimelineEntry } from './timeline.ts';

/** Services a municipality's record shares (Akson service codes, as the timeline filters them). */
const SERVICES: [string, string][] = [
  ['fastlege', 'Fastlege'],
  ['legevakt', 'Legevakt'],
  ['hjemmesykepleie', 'Hjemmesykepleie'],
  ['sykehjem', 'Sykehjem'],
  ['helsestasjon', 'Helsestasjon'],
  ['skolehelsetjeneste', 'Skolehelsetjeneste'],
  ['psykisk-helse-rus', 'Psykisk helse og rus'],
  ['fysioterapi', 'Fysioterapi'],
  ['ergoterapi', 'Ergoterapi'],
  ['jordmor', 'Jordmor'],
];

const TYPES: [string, string][] = [
  ['Encounter', 'Kontakter'],
  ['Composition', 'Notater'],
  ['DocumentReference', 'Dokumenter'],
  ['Appointment', 'Avtaler'],
  ['Immunization', 'Vaksiner'],
  ['EpisodeOfCare', 'Forløp'],
];

/**
 * The record across services, newest first, filtered by service and type. Where the caller may see that a
 * contact happened but not its content (a private service, a block), the entry says so.
 */
export function TimelinePage() {
  usePageTitle('Tidslinje');
  const { patientId } = usePatient();
  const client = useClient();
  const [services, setServices] = useState<string[]>([]);
  const [types, setTypes] = useState<string[]>([]);
  const [more, setMore] = useState<TimelineEntry[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [moreError, setMoreError] = useState<Error | undefined>();
  const first = useLoad(
    async (signal) => {
      const page = await loadTimeline(client, patientId, { count: 30, services, types }, signal);
      setMore([]);
      setNext(page.next);
      return page;
    },
    [patientId, services.join(','), types.join(',')],
  );
  const toggle = (list: string[], set: (v: string[]) => void, value: string) =>
    set(list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);

  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Tidslinje på tvers av tjenester</h2>
      <div className="grid">
        <fieldset>
          <legend>Tjeneste</legend>
          <div className="row">
            {SERVICES.map(([code, label]) => (
              <label key={code} className="choice">
                <input
                  type="checkbox"
                  checked={services.includes(code)}
                  onChange={() => toggle(services, setServices, code)}
                />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>Type</legend>
          <div className="row">
            {TYPES.map(([code, label]) => (
              <label key={code} className="choice">
                <input
                  type="checkbox"
                  checked={types.includes(code)}
                  onChange={() => toggle(types, setTypes, code)}
                />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      <p className="small muted">Uten valg vises alle tjenester og typer.</p>
      <LoadView state={first} label="Henter tidslinjen">
        {(page) => {
          const entries = [...page.entries, ...more];
          return (
            <>
              <WithheldNote count={page.withheld} />
              {entries.length === 0 ? <p className="muted">Ingen hendelser passer filteret.</p> : null}
              <ol className="timeline" data-testid="timeline" aria-busy={first.status === 'loading'}>
                {entries.map((e) => (
                  <li key={e.key}>
                    <span className="timeline__when">{formatDateTime(e.when)}</span>
                    <div>
                      <strong>{e.what}</strong>{' '}
                      <span className="badge badge--muted">{KIND_TEXT[e.kind]}</span>
                      <div className="small muted">
                        {[e.service, e.unit].filter(Boolean).join(' · ') || 'Ukjent tjeneste'}
                      </div>
                      {e.withheld > 0 ? (
                        <p className="withheld" data-testid="timeline-withheld">
                          Innholdet i denne kontakten ({countText(e.withheld, 'oppføringer')}) er holdt
                          tilbake for deg: sperret, skjermet eller privat for tjenesten.
                        </p>
                      ) : null}
                    </div>
                  </li>
                ))}
              </ol>
              {moreError ? <ErrorMessage error={moreError} /> : null}
              {next ? (
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setMoreError(undefined);
                    loadTimelinePage(client, next).then(
                      (p) => {
                        setMore((m) => [...m, ...p.entries]);
                        setNext(p.next);
                      },
                      (err: unknown) => setMoreError(err as Error),
                    );
                  }}
                >
                  Vis eldre hendelser
                </button>
              ) : null}
            </>
          );
        }}
      </LoadView>
    </section>
  );
}
