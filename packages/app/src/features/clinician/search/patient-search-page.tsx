import type { Patient } from '@medplum/fhirtypes';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { FNR_SYSTEM } from '../../../auth/profile.ts';
import { useClient } from '../../../auth/session.tsx';
import { Field } from '../../../components/field.tsx';
import { LoadView } from '../../../components/load-view.tsx';
import { usePageTitle } from '../../../components/page-title.tsx';
import { WithheldNote } from '../../../components/withheld-note.tsx';
import { useLoad } from '../../../hooks/use-load.ts';
import { personNameFamilyFirst } from '../../../text/fhir-text.ts';
import { ageInYears, formatDate, formatNationalId } from '../../../text/format.ts';
import { isDemographicsOnly } from '../patient/patient-banner.tsx';
import { AccessRequestDialog } from './access-request-dialog.tsx';

const NATIONAL_ID = /^\d{11}$/;

/**
 * Find a patient: by name or national id among one's own patients (the server returns only patients the unit or
 * the clinician has a care relation to). Anyone else can only be found by the exact national id, which returns
 * demographics only and offers a self-declared relation or emergency access.
 */
export function PatientSearchPage() {
  usePageTitle('Finn pasient');
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const [text, setText] = useState(query);
  const byId = NATIONAL_ID.test(query.replace(/\s/g, ''));

  return (
    <main id="innhold">
      <h1>Finn pasient</h1>
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setParams(text.trim() ? { q: text.trim() } : {});
        }}
      >
        <Field
          label="Navn eller fødselsnummer"
          hint="Navn søker blant dine pasienter. Fullt fødselsnummer (11 siffer) finner alle, for akuttilgang."
        >
          {(props) => (
            <div className="row">
              <input
                {...props}
                type="search"
                name="q"
                value={text}
                onChange={(e) => setText(e.target.value)}
                autoComplete="off"
                size={30}
              />
              <button type="submit" className="button button--primary">
                Søk
              </button>
            </div>
          )}
        </Field>
      </form>
      {query ? <Results query={query} byId={byId} /> : null}
    </main>
  );
}

function Results({ query, byId }: { query: string; byId: boolean }) {
  const client = useClient();
  const results = useLoad(
    (signal) =>
      client.search<Patient>(
        'Patient',
        byId
          ? { identifier: `${FNR_SYSTEM}|${query.replace(/\s/g, '')}` }
          : { name: query, _count: 50, _sort: 'family' },
        signal,
      ),
    [query, byId],
  );
  return (
    <section aria-labelledby="results-title" aria-live="polite">
      <h2 id="results-title">Treff</h2>
      <LoadView state={results} label="Søker">
        {(found) => (
          <>
            <WithheldNote count={found.withheld} what="pasienter" />
            {found.resources.length === 0 ? (
              <p>
                Ingen av dine pasienter passer søket.
                {byId ? '' : ' Finner du ikke pasienten? Søk med fullt fødselsnummer for å få tilgang.'}
              </p>
            ) : (
              <ul className="list" data-testid="search-results">
                {found.resources.map((p) => (
                  <li key={p.id}>
                    <PatientHit patient={p} />
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </LoadView>
    </section>
  );
}

function PatientHit({ patient }: { patient: Patient }) {
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<'emergency-access' | 'declare-relation' | undefined>();
  const limited = isDemographicsOnly(patient);
  const name = personNameFamilyFirst(patient.name);
  const fnr = patient.identifier?.find((i) => i.system === FNR_SYSTEM)?.value;
  const age = ageInYears(patient.birthDate);
  const label = `${name}, f. ${formatDate(patient.birthDate)}`;
  return (
    <div className="worklist-item">
      <div className="worklist-item__main">
        {limited ? (
          <strong>{name}</strong>
        ) : (
          <Link to={`/pasient/${patient.id}`}>
            <strong>{name}</strong>
          </Link>
        )}
        <div className="small">
          f. {formatDate(patient.birthDate)}
          {age !== undefined ? ` (${age} år)` : ''} · {formatNationalId(fnr)}
        </div>
        {limited ? (
          <p className="small">
            Du har ikke tjenstlig behov registrert for denne pasienten, og ser bare personalia.
          </p>
        ) : null}
      </div>
      {limited ? (
        <div className="row">
          <button type="button" className="button" onClick={() => setDialog('declare-relation')}>
            Erklær behandlingsrelasjon
          </button>
          <button
            type="button"
            className="button button--danger"
            onClick={() => setDialog('emergency-access')}
          >
            Akuttilgang
          </button>
        </div>
      ) : null}
      {dialog && patient.id ? (
        <AccessRequestDialog
          open
          kind={dialog}
          patientId={patient.id}
          patientLabel={label}
          onClose={() => setDialog(undefined)}
          onGranted={() => navigate(`/pasient/${patient.id}`)}
        />
      ) : null}
    </div>
  );
}
