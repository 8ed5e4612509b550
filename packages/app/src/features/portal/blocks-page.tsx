import type { Consent, Organization, Practitioner } from '@medplum/fhirtypes';
import { useState } from 'react';
import { useParams } from 'react-router';
import { resolveNames } from '../../api/reference-names.ts';
import { useClient } from '../../auth/session.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { Field } from '../../components/field.tsx';
import { LoadView } from '../../components/load-view.tsx';
import { usePageTitle } from '../../components/page-title.tsx';
import { useLoad } from '../../hooks/use-load.ts';
import { personName } from '../../text/fhir-text.ts';
import { formatDate } from '../../text/format.ts';
import { blockConsent, blockedActors, isActiveBlock, isBlock } from './blocks.ts';

const SERVICE_TYPE_SYSTEM = 'https://akson.no/fhir/CodeSystem/service-type';
const SERVICE_NAMES: Record<string, string> = {
  hjemmesykepleie: 'hjemmesykepleie',
  fastlege: 'fastlege',
  legevakt: 'legevakt',
  sykehjem: 'sykehjem',
  'psykisk-helse-rus': 'psykisk helse og rus',
  helsestasjon: 'helsestasjon',
};

/**
 * My blocks (sperringer, pasientjournalloven § 17): who may not see my record, added and removed by me. The
 * page says plainly what a block does and what it can cost.
 */
export function BlocksPage() {
  usePageTitle('Sperringer');
  const { patientId = '' } = useParams();
  const client = useClient();
  const consents = useLoad(
    async (signal) => {
      const found = await client.searchAll<Consent>(
        'Consent',
        { patient: patientId, _count: 200 },
        { signal },
      );
      const blocks = found.resources.filter(isBlock);
      const names = await resolveNames(
        client,
        blocks.flatMap((b) => blockedActors(b).flatMap((a) => (a.reference ? [a.reference] : []))),
        signal,
      );
      return { blocks, names };
    },
    [patientId],
  );
  const [removing, setRemoving] = useState<Consent | undefined>();
  const [message, setMessage] = useState<string | undefined>();

  const describe = (consent: Consent, names: Map<string, string>) =>
    blockedActors(consent)
      .map((a) =>
        a.reference
          ? `${names.get(a.reference) ?? a.reference}${a.reference.startsWith('Practitioner/') ? ' (person)' : ''}`
          : a.service
            ? `Hele tjenesten ${SERVICE_NAMES[a.service] ?? a.service}`
            : 'Ukjent',
      )
      .join(', ');

  return (
    <section aria-labelledby="blocks-title">
      <h2 id="blocks-title">Sperringer</h2>
      <div className="card stack">
        <h3>Hva en sperring gjør</h3>
        <ul>
          <li>
            Personen eller enheten du sperrer, får ikke se opplysningene i journalen din – heller ikke med
            akuttilgang.
          </li>
          <li>De ser bare at noe er holdt tilbake, aldri hva det er.</li>
          <li>Sperringen gjelder fra du lagrer den og til du fjerner den. Du kan fjerne den når du vil.</li>
          <li>
            Tenk deg om: helsepersonell som mangler opplysninger, kan gi deg dårligere eller feil hjelp, for
            eksempel hvis de ikke ser allergier eller legemidler.
          </li>
        </ul>
      </div>
      {message ? (
        <div className="alert alert--success" role="status">
          <p>{message}</p>
        </div>
      ) : null}
      <LoadView state={consents} label="Henter sperringer">
        {({ blocks, names }) => {
          const active = blocks.filter(isActiveBlock);
          const ended = blocks.filter((b) => !isActiveBlock(b));
          return (
            <div className="stack">
              <h3>Aktive sperringer</h3>
              {active.length === 0 ? <p className="muted">Du har ingen aktive sperringer.</p> : null}
              <ul className="list" data-testid="active-blocks">
                {active.map((b) => (
                  <li key={b.id} className="worklist-item">
                    <div className="worklist-item__main">
                      <strong>{describe(b, names)}</strong>
                      <div className="small muted">
                        Sperret {formatDate(b.dateTime ?? b.meta?.lastUpdated)}
                      </div>
                    </div>
                    <button
                      type="button"
                      className="button button--small button--danger"
                      onClick={() => setRemoving(b)}
                    >
                      Fjern sperringen
                    </button>
                  </li>
                ))}
              </ul>
              {ended.length > 0 ? (
                <details>
                  <summary>Fjernede sperringer ({ended.length})</summary>
                  <ul className="list">
                    {ended.map((b) => (
                      <li key={b.id}>
                        {describe(b, names)}{' '}
                        <span className="small muted">· fjernet {formatDate(b.meta?.lastUpdated)}</span>
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
              <AddBlock
                patientId={patientId}
                onAdded={(who) => {
                  setMessage(`${who} er sperret.`);
                  consents.reload();
                }}
              />
            </div>
          );
        }}
      </LoadView>
      {removing ? (
        <RemoveBlockDialog
          consent={removing}
          onClose={() => setRemoving(undefined)}
          onRemoved={() => {
            setRemoving(undefined);
            setMessage('Sperringen er fjernet.');
            consents.reload();
          }}
        />
      ) : null}
    </section>
  );
}

function AddBlock({ patientId, onAdded }: { patientId: string; onAdded: (who: string) => void }) {
  const client = useClient();
  const [kind, setKind] = useState<'unit' | 'person'>('unit');
  const [unit, setUnit] = useState('');
  const [personQuery, setPersonQuery] = useState('');
  const [person, setPerson] = useState<{ ref: string; name: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const [touched, setTouched] = useState(false);
  const units = useLoad(
    async (signal) =>
      (
        await client.searchAll<Organization>('Organization', { _count: 200, _sort: 'name' }, { signal })
      ).resources.filter((o) => o.type?.some((t) => t.coding?.some((c) => c.system === SERVICE_TYPE_SYSTEM))),
    [],
  );
  const people = useLoad(
    async (signal) =>
      personQuery.trim().length < 2
        ? []
        : (
            await client.search<Practitioner>(
              'Practitioner',
              { name: personQuery.trim(), _count: 20 },
              signal,
            )
          ).resources,
    [personQuery],
  );
  const chosenUnit = units.data?.find((u) => u.id === unit);
  const save = async () => {
    setTouched(true);
    const target =
      kind === 'unit'
        ? chosenUnit
          ? { ref: `Organization/${chosenUnit.id}`, name: chosenUnit.name ?? '' }
          : undefined
        : person;
    if (!target) return;
    setBusy(true);
    setError(undefined);
    try {
      await client.create(blockConsent(patientId, target.ref));
      setUnit('');
      setPerson(undefined);
      setPersonQuery('');
      setTouched(false);
      onAdded(target.name);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      data-testid="add-block"
    >
      <h3>Ny sperring</h3>
      <fieldset>
        <legend>Hvem skal ikke se journalen?</legend>
        <label className="choice">
          <input type="radio" name="block-kind" checked={kind === 'unit'} onChange={() => setKind('unit')} />
          En enhet (for eksempel hjemmesykepleien i en sone)
        </label>
        <label className="choice">
          <input
            type="radio"
            name="block-kind"
            checked={kind === 'person'}
            onChange={() => setKind('person')}
          />
          En bestemt person
        </label>
      </fieldset>
      {kind === 'unit' ? (
        <Field label="Enhet" error={touched && !chosenUnit ? 'Velg en enhet.' : undefined}>
          {(props) => (
            <select {...props} name="unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
              <option value="">Velg enhet</option>
              {(units.data ?? []).map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        <>
          <Field
            label="Navn på personen"
            hint="Skriv minst to bokstaver"
            error={touched && !person ? 'Velg en person.' : undefined}
          >
            {(props) => (
              <input
                {...props}
                type="search"
                name="person"
                value={personQuery}
                onChange={(e) => setPersonQuery(e.target.value)}
              />
            )}
          </Field>
          {person ? (
            <p>
              Valgt: <strong>{person.name}</strong>
            </p>
          ) : (
            <ul className="list">
              {(people.data ?? []).map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => setPerson({ ref: `Practitioner/${p.id}`, name: personName(p.name) })}
                  >
                    {personName(p.name)}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {error ? <ErrorMessage error={error} /> : null}
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? 'Lagrer …' : 'Sperr'}
      </button>
    </form>
  );
}

function RemoveBlockDialog({
  consent,
  onClose,
  onRemoved,
}: {
  consent: Consent;
  onClose: () => void;
  onRemoved: () => void;
}) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const remove = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const etag = consent.meta?.versionId ? `W/"${consent.meta.versionId}"` : undefined;
      // The block is ended, not deleted: that it existed, and when, stays in the record.
      await client.update({ ...consent, status: 'inactive' }, etag);
      onRemoved();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open title="Fjerne sperringen?" onClose={onClose}>
      <p>
        Når sperringen er fjernet, kan helsepersonell med tjenstlig behov igjen se opplysningene i journalen.
      </p>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="form-actions">
        <button
          type="button"
          className="button button--danger-solid"
          disabled={busy}
          onClick={() => void remove()}
        >
          Fjern sperringen
        </button>
        <button type="button" className="button" onClick={onClose}>
          Avbryt
        </button>
      </div>
    </Dialog>
  );
}
