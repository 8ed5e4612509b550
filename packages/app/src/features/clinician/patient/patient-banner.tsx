import type { Address, Patient } from '@medplum/fhirtypes';
import { Link } from 'react-router';
import { FNR_SYSTEM } from '../../../auth/profile.ts';
import { conceptText, personName } from '../../../text/fhir-text.ts';
import { ageInYears, formatDate, formatNationalId, formatTime } from '../../../text/format.ts';
import type { PatientHeader } from './patient-header.ts';

const PROTECTION_URL = 'https://akson.no/fhir/StructureDefinition/address-protection';
const D_NUMBER_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.2';
const DEMOGRAPHICS_ONLY = 'demographics-only';

function nationalId(patient: Patient): string | undefined {
  return (
    patient.identifier?.find((i) => i.system === FNR_SYSTEM)?.value ??
    patient.identifier?.find((i) => i.system === D_NUMBER_SYSTEM)?.value ??
    patient.identifier?.[0]?.value
  );
}

/** The address line, or "Adresse skjermet" when the population register protects it (never the address). */
export function addressText(patient: Patient): string {
  const address: Address | undefined = patient.address?.find((a) => a.use === 'home') ?? patient.address?.[0];
  const protection = patient.address?.flatMap((a) => a.extension ?? []).find((e) => e.url === PROTECTION_URL)
    ?.valueCoding?.code;
  if (protection === 'strengt-fortrolig') return 'Adresse skjermet (strengt fortrolig)';
  if (protection === 'fortrolig') return 'Adresse skjermet (fortrolig)';
  if (!address || (!address.line?.length && !address.postalCode)) return 'Ingen adresse registrert';
  return [address.line?.join(', '), [address.postalCode, address.city].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
}

export function isDemographicsOnly(patient: Patient): boolean {
  return patient.meta?.tag?.some((t) => t.code === DEMOGRAPHICS_ONLY) ?? false;
}

/**
 * The patient banner: who this is (name, age, national id, GP, address), the critical information and
 * allergies, and the access basis when it is emergency access. Sticky: it stays on screen however far the
 * clinician scrolls, so the wrong patient or a missed allergy cannot scroll out of sight.
 */
export function PatientBanner({ header, patientId }: { header: PatientHeader; patientId: string }) {
  const { patient, allergies, flags, basis, withheldCritical } = header;
  const age = ageInYears(patient.birthDate);
  const gp = patient.generalPractitioner
    ?.map((g) => g.display)
    .filter(Boolean)
    .join(', ');
  const deceased = patient.deceasedDateTime ?? (patient.deceasedBoolean ? 'ja' : undefined);
  const critical = [
    ...allergies.map((a) => ({
      key: `a-${a.id}`,
      text: `${a.criticality === 'high' ? 'Alvorlig allergi' : 'Allergi'}: ${conceptText(a.code)}${
        a.reaction?.[0]?.manifestation?.[0] ? ` (${conceptText(a.reaction[0].manifestation[0])})` : ''
      }`,
    })),
    ...flags.map((f) => ({ key: `f-${f.id}`, text: conceptText(f.code) })),
  ];
  return (
    <section className="patient-banner" aria-label="Pasient" data-testid="patient-banner">
      <div className="patient-banner__main">
        <h1 className="patient-banner__name">{personName(patient.name)}</h1>
        <ul className="patient-banner__facts">
          <li>
            {age !== undefined ? `${age} år` : 'Alder ukjent'}
            <span> (f. {formatDate(patient.birthDate)})</span>
          </li>
          <li>
            <span>Fødselsnr. </span>
            <span data-testid="banner-national-id">{formatNationalId(nationalId(patient))}</span>
          </li>
          <li>
            <span>Fastlege: </span>
            {gp || 'ingen registrert'}
          </li>
          <li data-testid="banner-address">{addressText(patient)}</li>
          {deceased ? <li>Død {deceased === 'ja' ? '' : formatDate(deceased)}</li> : null}
          {basis?.emergency ? (
            <li className="access-chip" data-testid="emergency-chip">
              Akuttilgang til kl. {formatTime(basis.emergency.end)}
            </li>
          ) : null}
          <li>
            <Link to={`/pasient/${patientId}/tilgang`}>Hvorfor ser jeg denne pasienten?</Link>
          </li>
        </ul>
      </div>
      <ul
        className="patient-banner__critical"
        aria-label="Kritisk informasjon og allergier"
        data-testid="critical"
      >
        {header.criticalUnavailable ? (
          <li className="critical-chip" role="alert">
            Kritisk informasjon og allergier kunne ikke hentes – sjekk før behandling
          </li>
        ) : null}
        {critical.length === 0 && !header.criticalUnavailable ? (
          <li className="critical-chip critical-chip--none">
            Ingen registrert kritisk informasjon eller allergi
          </li>
        ) : (
          critical.map((c) => (
            <li key={c.key} className="critical-chip">
              {c.text}
            </li>
          ))
        )}
        {withheldCritical > 0 ? (
          <li className="critical-chip critical-chip--none">
            {withheldCritical} opplysning(er) holdt tilbake for deg
          </li>
        ) : null}
      </ul>
    </section>
  );
}
