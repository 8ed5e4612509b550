import { useParams } from 'react-router';
import { useClient } from '../../auth/session.tsx';
import { LoadView } from '../../components/load-view.tsx';
import { usePageTitle } from '../../components/page-title.tsx';
import { useLoad } from '../../hooks/use-load.ts';
import { formatDate } from '../../text/format.ts';
import { loadMedicationList } from '../medication-list/medication-lines.ts';
import { MedicationStatusBadge } from '../medication-list/medication-status-badge.tsx';

/** My medication list, with readable dosages and what each medicine is for. */
export function PortalMedicationsPage() {
  usePageTitle('Legemidler');
  const { patientId = '' } = useParams();
  const client = useClient();
  const list = useLoad((signal) => loadMedicationList(client, patientId, signal), [patientId]);
  return (
    <section aria-labelledby="pm-title">
      <h2 id="pm-title">Legemidler</h2>
      <LoadView state={list} label="Henter legemiddellisten">
        {({ lines }) =>
          lines.length === 0 ? (
            <p className="muted">Ingen legemidler registrert.</p>
          ) : (
            <ul className="list" data-testid="portal-medications">
              {lines.map((l) => (
                <li key={l.id}>
                  <strong>{l.name}</strong> <MedicationStatusBadge line={l} />
                  <div>{l.state === 'active' || l.state === 'on-hold' ? l.dosage : `Var: ${l.dosage}`}</div>
                  <div className="small muted">
                    {l.reason ? `${l.reason} · ` : ''}fra {formatDate(l.statement.effectivePeriod?.start)}
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </LoadView>
    </section>
  );
}
