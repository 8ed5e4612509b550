import type { Bundle, Composition } from '@medplum/fhirtypes';
import { useParams } from 'react-router';
import { useClient } from '../../auth/session.tsx';
import { LoadView } from '../../components/load-view.tsx';
import { usePageTitle } from '../../components/page-title.tsx';
import { useLoad } from '../../hooks/use-load.ts';
import { formatDateTime } from '../../text/format.ts';

interface SummarySection {
  readonly title: string;
  readonly lines: readonly string[];
}

/** The lines of a section's narrative (server-made XHTML), read as text: nothing from the record is rendered as HTML. */
function narrativeLines(div: string | undefined): string[] {
  if (!div) return [];
  const doc = new DOMParser().parseFromString(div, 'text/html');
  const items = [...doc.querySelectorAll('li, p, td')]
    .map((el) => el.textContent?.trim() ?? '')
    .filter(Boolean);
  return items.length > 0 ? items : [doc.body.textContent?.trim() ?? ''].filter(Boolean);
}

/** `Patient/{id}/$summary`: the patient summary document (allergies, medicines, problems, plans ...). */
export function SummaryPage() {
  usePageTitle('Oversikt');
  const { patientId = '' } = useParams();
  const client = useClient();
  const summary = useLoad(
    async (signal) => {
      const bundle = await client.operation<Bundle>(`Patient/${patientId}/$summary`, { signal });
      const composition = bundle.entry?.[0]?.resource as Composition | undefined;
      const sections: SummarySection[] = (composition?.section ?? []).map((s) => ({
        title: s.title ?? 'Del',
        lines: narrativeLines(s.text?.div),
      }));
      return { date: composition?.date, sections };
    },
    [patientId],
  );
  return (
    <LoadView state={summary} label="Henter oversikten">
      {({ date, sections }) => (
        <div className="stack" data-testid="portal-summary">
          <p className="small muted">Sammendrag laget {formatDateTime(date)}.</p>
          <div className="grid">
            {sections.map((s) => (
              <section key={s.title} className="card" aria-label={s.title}>
                <h2>{s.title}</h2>
                {s.lines.length === 0 ? (
                  <p className="muted">Ingenting registrert.</p>
                ) : (
                  <ul className="list">
                    {s.lines.map((line, i) => (
                      <li key={i}>{line}</li>
                    ))}
                  </ul>
                )}
              </section>
            ))}
          </div>
        </div>
      )}
    </LoadView>
  );
}
