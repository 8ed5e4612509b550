import type { Task } from '@medplum/fhirtypes';
import { useState } from 'react';
import { ApiError } from '../../../api/api-error.ts';
import { useClient } from '../../../auth/session.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { completeTask } from './complete-task.ts';

/** "Utført" for a task; a conflicting change by someone else is shown, never overwritten. */
export function TaskDoneButton({ task, onDone }: { task: Task; onDone: () => void }) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const [conflict, setConflict] = useState(false);
  const complete = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await completeTask(client, task);
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.isConflict) setConflict(true);
      else setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  if (conflict)
    return (
      <div className="alert alert--warning" role="alert">
        <p>
          Oppgaven er endret av noen andre etter at du åpnet listen. Oppdater listen og se om den fortsatt er
          åpen.
        </p>
        <button type="button" className="button button--small" onClick={onDone}>
          Oppdater listen
        </button>
      </div>
    );
  return (
    <>
      <button type="button" className="button button--small" onClick={() => void complete()} disabled={busy}>
        {busy ? 'Lagrer …' : 'Marker som utført'}
      </button>
      {error ? <ErrorMessage error={error} /> : null}
    </>
  );
}
