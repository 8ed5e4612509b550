import { useState } from 'react';
import { useClient, useSession } from '../../../auth/session.tsx';
import { Dialog } from '../../../components/dialog.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Field } from '../../../components/field.tsx';
import { grantAccess } from '../access/access-basis.ts';

const MIN_REASON = 10;

const TEXT = {
  'emergency-access': {
    title: 'Akuttilgang',
    intro:
      'Bruk akuttilgang bare når pasienten trenger helsehjelp nå og du ikke kan vente på en vanlig behandlingsrelasjon.',
    consequences: [
      'Tilgangen gjelder bare deg, og varer i {hours} timer. Den stopper av seg selv.',
      'Oppslaget logges som akuttilgang og følges opp av personvernombudet.',
      'Pasienten ser i innsynsloggen at du brukte akuttilgang, og begrunnelsen din.',
      'Sperringer pasienten har satt, gjelder fortsatt.',
    ],
    reasonLabel: 'Begrunnelse for akuttilgang',
    confirm: 'Ta akuttilgang',
  },
  'declare-relation': {
    title: 'Erklær behandlingsrelasjon',
    intro:
      'Erklær at du yter helsehjelp til pasienten når Akson ikke finner en relasjon (time, vedtak, liste).',
    consequences: [
      'Tilgangen gjelder bare deg, og varer i {hours} timer.',
      'Erklæringen logges som selvvalgt og gjennomgås av personvernombudet.',
      'Pasienten ser oppslaget i innsynsloggen.',
    ],
    reasonLabel: 'Hvilken helsehjelp gir du pasienten?',
    confirm: 'Erklær relasjon',
  },
} as const;

/**
 * The emergency-access flow (and its gentler sibling, the self-declared relation): exact patient already
 * identified by national id, a mandatory reason, and the time limit and consequences said plainly before the
 * clinician confirms.
 */
export function AccessRequestDialog({
  open,
  kind,
  patientId,
  patientLabel,
  onClose,
  onGranted,
}: {
  open: boolean;
  kind: 'emergency-access' | 'declare-relation';
  patientId: string;
  patientLabel: string;
  onClose: () => void;
  onGranted: (end: string | undefined) => void;
}) {
  const client = useClient();
  const { config } = useSession();
  const hours = kind === 'emergency-access' ? config.emergencyHours : config.selfDeclaredHours;
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const text = TEXT[kind];
  const tooShort = reason.trim().length < MIN_REASON;

  const submit = async () => {
    setTouched(true);
    if (tooShort) return;
    setBusy(true);
    setError(undefined);
    try {
      const granted = await grantAccess(client, patientId, kind, reason.trim());
      onGranted(granted.end);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} title={`${text.title}: ${patientLabel}`} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        noValidate
      >
        <p>{text.intro}</p>
        <ul>
          {text.consequences.map((c) => (
            <li key={c}>{c.replace('{hours}', String(hours))}</li>
          ))}
        </ul>
        <Field
          label={text.reasonLabel}
          hint={`Påkrevd, minst ${MIN_REASON} tegn. Skriv det pasienten og personvernombudet skal kunne forstå.`}
          error={touched && tooShort ? `Skriv en begrunnelse på minst ${MIN_REASON} tegn.` : undefined}
        >
          {(props) => (
            <textarea
              {...props}
              name="reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              required
              minLength={MIN_REASON}
            />
          )}
        </Field>
        {error ? <ErrorMessage error={error} /> : null}
        <div className="form-actions">
          <button
            type="submit"
            className={`button ${kind === 'emergency-access' ? 'button--danger-solid' : 'button--primary'}`}
            disabled={busy}
          >
            {busy ? 'Lagrer …' : text.confirm}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Avbryt
          </button>
        </div>
      </form>
    </Dialog>
  );
}
