import type { Patient } from '@medplum/fhirtypes';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useClient } from '../../../auth/session.tsx';
import { Field } from '../../../components/field.tsx';
import { LoadView } from '../../../components/load-view.tsx';
import { usePageTitle } from '../../../components/page-title.tsx';
import { WithheldNote } from '../../../components/withheld-note.tsx';
import { useLoad } from '../../../hooks/use-load.ts';
import { personNameFamilyFirst } from '../../../text/fhir-text.ts';
import { ageInYears, formatDate, formatNationalId } from '../../../text/format.ts';
import { nationalIdQuery } from '../../../text/national-id.ts';
import { isDemographicsOnly, nationalId } from '../patient/patient-banner.tsx';
import { AccessRequestDialog } from './access-request-dialog.tsx';

const NATIONAL_ID = /^\d{11}$/;

/**
 * Find a patient: by name or national id among one's own patients (the server returns only patients the unit or
 * the clinician has a care relation to). Anyone else can only be found by the exact national id, which returns
 * demographics only and offers a self-declared relation or emergency access. The number is checked first (its
 * control digits and date) and searched in its own system: a D-nummer (foreign workers, tourists at the
 * legevakt) is found as surely as a fødselsnummer; a mistyped number is said to be one, not "no patient".
 */
export function PatientSearchPage() {
  usePageTitle('Finn pasient');
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const [text, setText] = useState(query);
  const digits = query.replace(/\s/g, '');
  const byId = NATIONAL_ID.test(digits);
  const idCheck = byId ? nationalIdQuery(digits) : undefined;

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
          hint="Navn søker blant dine pasienter. Fullt fødselsnummer eller D-nummer (11 siffer) finner alle, for akuttilgang."
          error={idCheck && !idCheck.ok ? idCheck.problem : undefined}
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
      {query && !(idCheck && !idCheck.ok) ? (
        // Keyed by the query: the previous search's hits (another patient, with its Akuttilgang button) are
        // never on screen while the next search runs.
        <Results
          key={query}
          query={idCheck?.ok ? digits : query}
          idSystem={idCheck?.ok ? idCheck.system : undefined}
        />
      ) : null}
    </main>
  );
}

function Results({ query, idSystem }: { query: string; idSystem: string | undefined }) {
  const client = useClient();
  const byId = idSystem !== undefined;
  const results = useLoad(
    (signal) =>
      client.search<Patient>(
        'Patient',
        idSystem ? { identifier: `${idSystem}|${query}` } : { name: query, _count: 50, _sort: 'family' },
        signal,
      ),
    [query, idSystem],
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
  const id = nationalId(patient);
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
          {age !== undefined ? ` (${age} år)` : ''} · {id.label} {formatNationalId(id.value)}
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
