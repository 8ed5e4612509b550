import { ATC_SYSTEM } from '@akson/clinical';
import { useState } from 'react';
import { useClient } from '../../../auth/session.tsx';
import { Field } from '../../../components/field.tsx';
import { useLoad } from '../../../hooks/use-load.ts';
import { CodeSearchUnavailable, findCodes } from '../codes/find-codes.ts';

export interface Medicine {
  readonly atc: string;
  readonly name: string;
}

const ATC_LEVEL_5 = /^[A-Z]\d{2}[A-Z]{2}\d{2}$/;

/**
 * Choose a medicine by name (ATC search on the server). If the server has no code search, the ATC code and
 * name are typed in, and the ATC code is checked for level 5 (a substance, which the interaction check needs).
 */
export function MedicinePicker({
  value,
  onChange,
  error,
}: {
  value: Medicine | undefined;
  onChange: (m: Medicine | undefined) => void;
  error: string | undefined;
}) {
  const client = useClient();
  const [text, setText] = useState('');
  const [manual, setManual] = useState(false);
  const hits = useLoad(
    async (signal) => {
      if (manual || text.trim().length < 2) return [];
      try {
        return await findCodes(client, ATC_SYSTEM, text.trim(), signal);
      } catch (err) {
        if (err instanceof CodeSearchUnavailable) {
          setManual(true);
          return [];
        }
        throw err;
      }
    },
    [text, manual],
  );
  if (manual)
    return (
      <fieldset>
        <legend>Legemiddel</legend>
        <p className="small muted">
          Søk i legemiddelregisteret er ikke tilgjengelig; skriv ATC-kode og navn.
        </p>
        <div className="row">
          <Field
            label="ATC-kode"
            hint="Virkestoffnivå, f.eks. M01AE02"
            error={
              error ??
              (value?.atc && !ATC_LEVEL_5.test(value.atc)
                ? 'ATC-koden må ha 7 tegn (virkestoff).'
                : undefined)
            }
          >
            {(props) => (
              <input
                {...props}
                type="text"
                name="atc"
                size={9}
                value={value?.atc ?? ''}
                onChange={(e) =>
                  onChange({ atc: e.target.value.trim().toUpperCase(), name: value?.name ?? '' })
                }
              />
            )}
          </Field>
          <Field label="Navn, form og styrke" hint="f.eks. Naproxen tab 250 mg">
            {(props) => (
              <input
                {...props}
                type="text"
                name="medicine-name"
                value={value?.name ?? ''}
                onChange={(e) => onChange({ atc: value?.atc ?? '', name: e.target.value })}
              />
            )}
          </Field>
        </div>
      </fieldset>
    );
  return (
    <div>
      <Field label="Legemiddel" hint="Søk på virkestoff eller ATC-kode" error={error}>
        {(props) => (
          <input
            {...props}
            type="search"
            name="medicine-search"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
      {value ? (
        <p>
          Valgt: <strong>{value.name}</strong> (ATC {value.atc}){' '}
          <button
            type="button"
            className="button button--small button--link"
            onClick={() => onChange(undefined)}
          >
            Velg et annet
          </button>
        </p>
      ) : (
        <ul className="list" aria-label="Treff">
          {(hits.data ?? []).map((h) => (
            <li key={h.code}>
              <button
                type="button"
                className="button button--small"
                onClick={() => onChange({ atc: h.code, name: h.display })}
              >
                {h.display} ({h.code})
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button button--small button--link" onClick={() => setManual(true)}>
        Skriv ATC-kode selv
      </button>
    </div>
  );
}
