import type { Immunization } from '@medplum/fhirtypes';
import { useParams } from 'react-router';
import { useClient } from '../../auth/session.tsx';
import { LoadView } from '../../components/load-view.tsx';
import { usePageTitle } from '../../components/page-title.tsx';
import { useLoad } from '../../hooks/use-load.ts';
import { conceptText } from '../../text/fhir-text.ts';
import { formatDate } from '../../text/format.ts';

/** My vaccinations (and my child's, from the health station's programme). */
export function VaccinationsPage() {
  usePageTitle('Vaksiner');
  const { patientId = '' } = useParams();
  const client = useClient();
  const found = useLoad(
    (signal) =>
      client.searchAll<Immunization>(
        'Immunization',
        { patient: patientId, _sort: '-date', _count: 200 },
        { signal },
      ),
    [patientId],
  );
  return (
    <section aria-labelledby="vac-title">
      <h2 id="vac-title">Vaksiner</h2>
      <LoadView state={found} label="Henter vaksiner">
        {({ resources }) =>
          resources.length === 0 ? (
            <p className="muted">Ingen vaksiner registrert i kommunens journal.</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="vaccinations">
                <caption className="visually-hidden">Vaksiner</caption>
                <thead>
                  <tr>
                    <th scope="col">Dato</th>
                    <th scope="col">Vaksine</th>
                    <th scope="col">Gitt av</th>
                  </tr>
                </thead>
                <tbody>
                  {resources.map((i) => (
                    <tr key={i.id}>
                      <td>{formatDate(i.occurrenceDateTime)}</td>
                      <td>
                        {conceptText(i.vaccineCode)}
                        {i.status === 'not-done' ? ' (ikke gitt)' : ''}
                      </td>
                      <td>
                        {i.performer
                          ?.map((p) => p.actor?.display)
                          .filter(Boolean)
                          .join(', ') || '–'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadView>
    </section>
  );
}
