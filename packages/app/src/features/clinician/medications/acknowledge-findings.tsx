import { Field } from '../../../components/field.tsx';
import { KIND_TEXT, SEVERITY_TEXT, type Finding } from './medication-findings.ts';

/** Shortest acknowledgement reason the server accepts. */
export const MIN_ACK_REASON = 5;

export function acknowledgementsComplete(
  findings: readonly Finding[],
  acks: Readonly<Record<string, string>>,
): boolean {
  return findings
    .filter((f) => f.requiresAcknowledgement)
    .every((f) => (acks[f.key] ?? '').trim().length >= MIN_ACK_REASON);
}

/**
 * The check's findings before saving. Serious ones (interaction "bør unngås", allergy, too high a dose) must be
 * acknowledged with a reason, or the clinician goes back and chooses another medicine or dose.
 */
export function AcknowledgeFindings({
  findings,
  acks,
  onChange,
}: {
  findings: readonly Finding[];
  acks: Readonly<Record<string, string>>;
  onChange: (acks: Record<string, string>) => void;
}) {
  const serious = findings.filter((f) => f.requiresAcknowledgement);
  return (
    <div className="stack" data-testid="findings">
      {serious.length > 0 ? (
        <div className="alert alert--error" role="alert">
          <p className="alert__title">
            {serious.length === 1
              ? 'Ett alvorlig funn må kvitteres'
              : `${serious.length} alvorlige funn må kvitteres`}
          </p>
          <p>
            Velg et annet legemiddel eller en annen dose, eller kvitter med begrunnelse for at endringen er
            riktig.
          </p>
        </div>
      ) : null}
      {findings.map((f) => (
        <article
          key={f.key}
          className={`alert ${f.requiresAcknowledgement ? 'alert--error' : 'alert--warning'}`}
          data-testid="finding"
        >
          <p className="alert__title">
            {SEVERITY_TEXT[f.severity] ?? f.severity} {(KIND_TEXT[f.kind] ?? f.kind).toLowerCase()}
          </p>
          <p>{f.text}</p>
          {f.handling ? (
            <p>
              <strong>Håndtering:</strong> {f.handling}
            </p>
          ) : null}
          {f.requiresAcknowledgement ? (
            <Field
              label="Begrunnelse for å gå videre"
              hint={`Påkrevd, minst ${MIN_ACK_REASON} tegn. Lagres med endringen og vises i historikken.`}
              error={
                (acks[f.key] ?? '') !== '' && (acks[f.key] ?? '').trim().length < MIN_ACK_REASON
                  ? `Skriv minst ${MIN_ACK_REASON} tegn.`
                  : undefined
              }
            >
              {(props) => (
                <textarea
                  {...props}
                  name={`ack-${f.key}`}
                  value={acks[f.key] ?? ''}
                  onChange={(e) => onChange({ ...acks, [f.key]: e.target.value })}
                />
              )}
            </Field>
          ) : null}
        </article>
      ))}
    </div>
  );
}
