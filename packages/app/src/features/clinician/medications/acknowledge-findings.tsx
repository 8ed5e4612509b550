import { useEffect, useRef } from 'react';
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

/** What is wrong with one acknowledgement, once the clinician has typed or tried to save. */
function ackProblem(text: string, tried: boolean): string | undefined {
  const length = text.trim().length;
  if (length >= MIN_ACK_REASON) return undefined;
  if (length === 0 && text === '' && !tried) return undefined;
  return length === 0
    ? `Skriv en begrunnelse (minst ${MIN_ACK_REASON} tegn), eller gå tilbake og velg et annet legemiddel eller en annen dose.`
    : `Skriv minst ${MIN_ACK_REASON} tegn.`;
}

/**
 * The check's findings before saving. Serious ones (interaction "bør unngås", allergy, too high a dose) must be
 * acknowledged with a reason, or the clinician goes back and chooses another medicine or dose. `attempts` counts
 * tries to save with a reason missing: each one shows every missing reason and moves focus to the first.
 */
export function AcknowledgeFindings({
  findings,
  acks,
  onChange,
  attempts = 0,
}: {
  findings: readonly Finding[];
  acks: Readonly<Record<string, string>>;
  onChange: (acks: Record<string, string>) => void;
  attempts?: number;
}) {
  const serious = findings.filter((f) => f.requiresAcknowledgement);
  const tried = attempts > 0;
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (attempts === 0) return;
    container.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempts]);
  return (
    <div className="stack" data-testid="findings" ref={container}>
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
              error={ackProblem(acks[f.key] ?? '', tried)}
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
