import { ICPC2_SYSTEM } from '@akson/clinical';
import { useState } from 'react';
import { useClient } from '../../../auth/session.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Field } from '../../../components/field.tsx';
import { useLoad } from '../../../hooks/use-load.ts';
import { CodeSearchUnavailable, findCodes } from './find-codes.ts';

export interface Diagnosis {
  readonly code: string;
  readonly display: string;
}

/** An ICPC-2 code: a chapter letter and two digits (N02, U71, K86). */
const ICPC2_CODE = /^[A-Z]\d{2}$/;

/**
 * Choose an ICPC-2 diagnosis by text (`CodeSystem/$find-codes`), or type the code when the server has no code
 * search. A signed consultation or emergency note needs one (the server refuses to sign without it).
 */
export function DiagnosisPicker({
  label,
  value,
  onChange,
  error,
  readOnly = false,
}: {
  label: string;
  value: Diagnosis | undefined;
  onChange: (d: Diagnosis | undefined) => void;
  error: string | undefined;
  readOnly?: boolean;
}) {
  const client = useClient();
  const [text, setText] = useState('');
  const [manual, setManual] = useState(false);
  const hits = useLoad(
    async (signal) => {
      if (manual || readOnly || text.trim().length < 2) return [];
      try {
        return await findCodes(client, ICPC2_SYSTEM, text.trim(), signal);
      } catch (err) {
        if (err instanceof CodeSearchUnavailable) {
          setManual(true);
          return [];
        }
        throw err;
      }
    },
    [text, manual, readOnly],
  );
  if (value || readOnly)
    return (
      <p data-testid="diagnosis">
        <strong>{label}:</strong> {value ? `${value.display} (ICPC-2 ${value.code})` : 'ingen valgt'}
        {value && !readOnly ? (
          <>
            {' '}
            <button
              type="button"
              className="button button--small button--link"
              onClick={() => onChange(undefined)}
            >
              Velg en annen
            </button>
          </>
        ) : null}
      </p>
    );
  if (manual)
    return (
      <Field
        label={`${label} (ICPC-2-kode)`}
        hint="Søk i kodeverket er ikke tilgjengelig; skriv koden, f.eks. N02."
        error={error}
      >
        {(props) => (
          <input
            {...props}
            type="text"
            name="diagnosis-code"
            size={5}
            onChange={(e) => {
              const code = e.target.value.trim().toUpperCase();
              if (ICPC2_CODE.test(code)) onChange({ code, display: code });
            }}
          />
        )}
      </Field>
    );
  return (
    <div>
      <Field label={label} hint="Søk på diagnose eller ICPC-2-kode" error={error}>
        {(props) => (
          <input
            {...props}
            type="search"
            name="diagnosis-search"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
      {hits.status === 'error' ? <ErrorMessage error={hits.error} retry={hits.reload} /> : null}
      {hits.status === 'ready' && text.trim().length >= 2 && hits.data.length === 0 ? (
        <p className="small muted">Ingen diagnoser passer søket.</p>
      ) : null}
      <ul className="list" aria-label={`Treff for ${label.toLowerCase()}`}>
        {(hits.data ?? []).map((h) => (
          <li key={h.code}>
            <button
              type="button"
              className="button button--small"
              onClick={() => onChange({ code: h.code, display: h.display })}
            >
              {h.display} ({h.code})
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
