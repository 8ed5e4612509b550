import { resolveNames } from '../../../api/reference-names.ts';
import { useClient } from '../../../auth/session.tsx';
import { Loading } from '../../../components/loading.tsx';
import { usePageTitle } from '../../../components/page-title.tsx';
import { useLoad } from '../../../hooks/use-load.ts';
import { formatDateTime, formatRemaining } from '../../../text/format.ts';
import { usePatient } from '../patient/patient-context.tsx';
import { RELATION_TEXT } from './access-basis.ts';

/**
 * "Hvorfor kan jeg se denne pasienten?": the care relations that give the clinician access (derived from the
 * record, self-declared or emergency), active ones first, with when they end.
 */
export function AccessBasisPage() {
  usePageTitle('Tilgang');
  const { header } = usePatient();
  const basis = header?.basis;
  const relations = [...(basis?.relations ?? [])].sort((a, b) => Number(b.active) - Number(a.active));
  const client = useClient();
  const units = relations.map((r) => r.unit).filter((u): u is string => !!u);
  const names = useLoad((signal) => resolveNames(client, units, signal), [units.join(',')]);
  return (
    <section aria-labelledby="access-title">
      <h2 id="access-title">Hvorfor kan jeg se denne pasienten?</h2>
      <p>
        Du ser journalen fordi du eller enheten din har tjenstlig behov: en behandlingsrelasjon Akson finner i
        journalen, en relasjon du har erklært, eller akuttilgang. Alle oppslag logges, og pasienten kan se
        hvem som har sett journalen.
      </p>
      {!header ? (
        <Loading label="Henter tilgangsgrunnlaget" />
      ) : !basis ? (
        <p className="muted">Tilgangsgrunnlaget kunne ikke hentes.</p>
      ) : relations.length === 0 ? (
        <p>Du har ingen registrert behandlingsrelasjon til pasienten.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="access-basis">
            <caption>Behandlingsrelasjoner</caption>
            <thead>
              <tr>
                <th scope="col">Grunnlag</th>
                <th scope="col">Enhet</th>
                <th scope="col">Fra</th>
                <th scope="col">Til</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {relations.map((r, i) => (
                <tr key={`${r.kind}-${i}`}>
                  <td>
                    {RELATION_TEXT[r.kind] ?? r.kind}
                    {r.reason ? <div className="small">Begrunnelse: {r.reason}</div> : null}
                  </td>
                  <td>
                    {r.unit
                      ? (names.data?.get(r.unit) ?? r.unit.replace(/^Organization\//, ''))
                      : 'Deg personlig'}
                  </td>
                  <td>{formatDateTime(r.start)}</td>
                  <td>{r.end ? formatDateTime(r.end) : 'Løpende'}</td>
                  <td>
                    {r.active ? (
                      <span className="badge badge--ok">
                        Aktiv
                        {r.end && (r.kind === 'emergency' || r.kind === 'self-declared')
                          ? `, ${formatRemaining(r.end)}`
                          : ''}
                      </span>
                    ) : (
                      <span className="badge badge--muted">Avsluttet</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
