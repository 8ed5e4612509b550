import type { Address, Patient } from '@medplum/fhirtypes';
import { Link } from 'react-router';
import { DNR_SYSTEM, FNR_SYSTEM, kindOfSystem } from '../../../text/national-id.ts';
import { conceptText, personName } from '../../../text/fhir-text.ts';
import { ageInYears, formatDate, formatNationalId, formatTime } from '../../../text/format.ts';
import type { PatientHeader } from './patient-header.ts';

const PROTECTION_URL = 'https://akson.no/fhir/StructureDefinition/address-protection';
const DEMOGRAPHICS_ONLY = 'demographics-only';

/** The patient's national id (fødselsnummer first, then D-nummer, then any) and what kind it is, for labels. */
export function nationalId(patient: Patient): { value: string | undefined; label: string } {
  const id =
    patient.identifier?.find((i) => i.system === FNR_SYSTEM && i.use !== 'old') ??
    patient.identifier?.find((i) => i.system === DNR_SYSTEM && i.use !== 'old') ??
    patient.identifier?.[0];
  const kind = kindOfSystem(id?.system);
  return { value: id?.value, label: kind === 'dnr' ? 'D-nr.' : kind ? 'Fødselsnr.' : 'Id' };
}

/** The address line, or "Adresse skjermet" when the population register protects it (never the address). */
export function addressText(patient: Patient): string {
  const address: Address | undefined = patient.address?.find((a) => a.use === 'home') ?? patient.address?.[0];
  const protection = patient.address?.flatMap((a) => a.extension ?? []).find((e) => e.url === PROTECTION_URL);
  if (protection) {
    // Either form the register sends (valueCoding or valueCode); an unknown level counts as the strictest.
    const level = protection.valueCoding?.code ?? protection.valueCode;
    return level === 'fortrolig' ? 'Adresse skjermet (fortrolig)' : 'Adresse skjermet (strengt fortrolig)';
  }
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
  const id = nationalId(patient);
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
            <span>{id.label} </span>
            <span data-testid="banner-national-id">{formatNationalId(id.value)}</span>
          </li>
          <li data-testid="banner-gp">
            <span>Fastlege: </span>
            {header.gp}
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
