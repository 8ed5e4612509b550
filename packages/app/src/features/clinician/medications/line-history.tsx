import type { Bundle, MedicationStatement } from '@medplum/fhirtypes';
import { useClient } from '../../../auth/session.tsx';
import { LoadView } from '../../../components/load-view.tsx';
import { useLoad } from '../../../hooks/use-load.ts';
import { formatDateTime } from '../../../text/format.ts';
import { ACKNOWLEDGEMENT_URL } from './medication-findings.ts';
import { lineView } from '../../medication-list/medication-lines.ts';

/** Every version of one line: what changed, who changed it and when, and acknowledged findings. */
export function LineHistory({ statementId }: { statementId: string }) {
  const client = useClient();
  const history = useLoad(
    async (signal) =>
      (
        await client.request<Bundle<MedicationStatement>>(
          `MedicationStatement/${statementId}/_history?_count=100`,
          {
            signal,
          },
        )
      ).body,
    [statementId],
  );
  return (
    <LoadView state={history} label="Henter historikken">
      {(bundle) => (
        <ol className="list" data-testid="line-history">
          {(bundle.entry ?? []).flatMap((e) => {
            if (!e.resource) return [];
            const v = lineView(e.resource);
            const acks = (e.resource.extension ?? []).filter((x) => x.url === ACKNOWLEDGEMENT_URL);
            return [
              <li key={e.resource.meta?.versionId}>
                <strong>Versjon {e.resource.meta?.versionId}</strong> · {formatDateTime(v.changedAt)}
                {v.changedBy ? ` · ${v.changedBy}` : ''}
                <div>
                  {v.name}: {v.dosage} – {v.statusText}
                </div>
                {acks.map((a, i) => (
                  <div key={i} className="small">
                    Kvittert funn:{' '}
                    {a.extension?.find((x) => x.url === 'text')?.valueString ??
                      a.extension?.find((x) => x.url === 'finding')?.valueString}
                    {' – '}begrunnelse: {a.extension?.find((x) => x.url === 'reason')?.valueString}
                  </div>
                ))}
              </li>,
            ];
          })}
        </ol>
      )}
    </LoadView>
  );
}
