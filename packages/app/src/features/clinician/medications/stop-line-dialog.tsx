import type { MedicationStatement } from '@medplum/fhirtypes';
import { useState } from 'react';
import { ApiError, UserMessage } from '../../../api/api-error.ts';
import { useClient } from '../../../auth/session.tsx';
import { Dialog } from '../../../components/dialog.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Field } from '../../../components/field.tsx';
import type { MedicationLineView } from '../../medication-list/medication-lines.ts';

/**
 * Stop (seponer) a line with a reason. The line stays on the list, marked stopped, for 90 days; a stop is never
 * undone (a restart is a new line).
 */
export function StopLineDialog({
  line,
  onClose,
  onStopped,
}: {
  line: MedicationLineView | undefined;
  onClose: () => void;
  onStopped: () => void;
}) {
  const client = useClient();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  if (!line) return null;
  const stop = async () => {
    setTouched(true);
    if (reason.trim().length < 3) return;
    setBusy(true);
    setError(undefined);
    const statement: MedicationStatement = {
      ...line.statement,
      status: 'stopped',
      statusReason: [{ text: reason.trim() }],
      effectivePeriod: { ...line.statement.effectivePeriod, end: new Date().toISOString() },
    };
    try {
      const etag = line.statement.meta?.versionId ? `W/"${line.statement.meta.versionId}"` : undefined;
      await client.update(statement, etag);
      onStopped();
    } catch (err) {
      setError(
        err instanceof ApiError && err.isConflict
          ? new UserMessage(
              'Linjen er endret av en annen etter at du åpnet listen. Lukk, se på den nye versjonen og prøv igjen.',
            )
          : (err as Error),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open title={`Seponer ${line.name}`} onClose={onClose}>
      <p>
        Nå: {line.dosage}. Linjen blir stående på listen som seponert i 90 dager, med hvem som seponerte og
        hvorfor.
      </p>
      <Field
        label="Årsak til seponering"
        error={touched && reason.trim().length < 3 ? 'Oppgi en årsak.' : undefined}
      >
        {(props) => (
          <textarea
            {...props}
            name="stop-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="form-actions">
        <button
          type="button"
          className="button button--danger-solid"
          disabled={busy}
          onClick={() => void stop()}
        >
          {busy ? 'Lagrer …' : 'Seponer'}
        </button>
        <button type="button" className="button" onClick={onClose}>
          Avbryt
        </button>
      </div>
    </Dialog>
  );
}
