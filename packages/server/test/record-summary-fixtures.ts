import { expectStatus, type TestServer } from './test-server.ts';

/**
 * Clinical content for the summary, timeline and $everything tests, written through the API as the
 * integration client (system/*.cruds), which labels each resource with the unit it names, exactly as an
 * import would. Every resource follows docs/record.md.
 */

export const LOINC = 'http://loinc.org';
export const ICPC2 = 'http://hl7.org/fhir/sid/icpc-2';
export const ATC = 'http://www.whocc.no/atc';
export const SERVICE = 'https://akson.no/fhir/CodeSystem/service-type';
const UCUM = 'http://unitsofmeasure.org';
const SNOMED = 'http://snomed.info/sct';
const CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';

export type Json = Record<string, unknown>;

export const unit = (id: string) => ({ reference: `Organization/${id}` });
export const patient = (id: string) => ({ reference: `Patient/${id}` });
export const SKJERMET = [{ system: CONFIDENTIALITY, code: 'R' }];
/** Volven 9603 NORU: withheld from the patient (utsatt innsyn). */
export const HIDDEN_FROM_PATIENT = [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9603', code: 'NORU' }];

export const daysAgo = (n: number, hour = 10): string => {
  const d = new Date(Date.now() - n * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

/** Creates a resource as the integration client and returns its id. */
export async function post(t: TestServer, resource: Json, as?: string): Promise<string> {
  const created = await expectStatus<{ id: string }>(
    await t.fhir(String(resource['resourceType']), { method: 'POST', json: resource, ...(as ? { as } : {}) }),
    201,
  );
  return created.id;
}

export function episode(patientId: string, unitId: string, service: string, extra: Json = {}): Json {
  return {
    resourceType: 'EpisodeOfCare',
    status: 'active',
    type: [{ coding: [{ system: SERVICE, code: service }], text: service }],
    patient: patient(patientId),
    managingOrganization: unit(unitId),
    period: { start: daysAgo(400) },
    ...extra,
  };
}

export function encounter(patientId: string, unitId: string, start: string, extra: Json = {}): Json {
  return {
    resourceType: 'Encounter',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    type: [{ coding: [{ system: 'https://akson.no/fhir/CodeSystem/contact-type', code: 'konsultasjon' }] }],
    subject: patient(patientId),
    serviceProvider: unit(unitId),
    period: { start, end: new Date(Date.parse(start) + 30 * 60_000).toISOString() },
    ...extra,
  };
}

export function note(patientId: string, unitId: string, title: string, date: string, extra: Json = {}): Json {
  return {
    resourceType: 'Composition',
    status: 'final',
    type: {
      coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9602', code: 'B02-2', display: 'Journalnotat' }],
    },
    subject: patient(patientId),
    date,
    author: [unit(unitId)],
    custodian: unit(unitId),
    title,
    ...extra,
  };
}

export function condition(patientId: string, code: string, display: string, extra: Json = {}): Json {
  return {
    resourceType: 'Condition',
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' },
        ],
      },
    ],
    code: { coding: [{ system: ICPC2, code, display }], text: display },
    subject: patient(patientId),
    ...extra,
  };
}

export function allergy(patientId: string, text: string, criticality: string, extra: Json = {}): Json {
  return {
    resourceType: 'AllergyIntolerance',
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
      ],
    },
    criticality,
    code: { text },
    patient: patient(patientId),
    ...extra,
  };
}

/** A line on the medication list (docs/medication.md); written by a clinician, whose unit it belongs to. */
export function medication(patientId: string, atc: string, name: string, status: string): Json {
  return {
    resourceType: 'MedicationStatement',
    status,
    ...(status === 'stopped' || status === 'on-hold' ? { statusReason: [{ text: 'Bivirkninger' }] } : {}),
    medicationCodeableConcept: { coding: [{ system: ATC, code: atc, display: name }], text: name },
    subject: patient(patientId),
    dosage: [
      {
        timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd', when: ['MORN'] } },
        doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablett' } }],
      },
    ],
  };
}

export function flag(patientId: string, text: string, status = 'active'): Json {
  return {
    resourceType: 'Flag',
    status,
    category: [
      {
        coding: [
          { system: 'https://akson.no/fhir/CodeSystem/critical-information-type', code: 'kritisk-tilstand' },
        ],
        text: 'Kritisk tilstand',
      },
    ],
    code: { text },
    subject: patient(patientId),
  };
}

export function immunization(patientId: string, unitId: string, text: string, date: string): Json {
  return {
    resourceType: 'Immunization',
    status: 'completed',
    vaccineCode: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9501', code: 'DIF01' }], text },
    patient: patient(patientId),
    occurrenceDateTime: date,
    performer: [{ actor: unit(unitId) }],
  };
}

/** A full NEWS2 set (seven parameters at one instant): the server's rule adds the NEWS2 Observation. */
export function vitalSet(patientId: string, at: string, unitId: string, values: VitalValues): Json[] {
  const obs = (code: string, display: string, value: Json, extra: Json = {}): Json => ({
    resourceType: 'Observation',
    status: 'final',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
        ],
      },
    ],
    code: { coding: [{ system: LOINC, code, display }] },
    subject: patient(patientId),
    effectiveDateTime: at,
    performer: [unit(unitId)],
    ...value,
    ...extra,
  });
  const q = (value: number, unitCode: string) => ({
    valueQuantity: { value, unit: unitCode, system: UCUM, code: unitCode },
  });
  return [
    obs('8867-4', 'Heart rate', q(values.pulse, '/min')),
    obs('9279-1', 'Respiratory rate', q(values.respiration, '/min')),
    obs('59408-5', 'Oxygen saturation', q(values.spo2, '%'), {
      extension: [
        {
          url: 'http://hl7.no/fhir/no-domain/vitalsigns/StructureDefinition/NoDomainVitalSignsInspiredOxygenExtension',
          extension: [
            {
              url: 'http://hl7.no/fhir/no-domain/vitalsigns/StructureDefinition/NoDomainVitalSignsOnAirExtension',
              valueBoolean: true,
            },
          ],
        },
      ],
    }),
    obs('85354-9', 'Blood pressure', {
      component: [
        { code: { coding: [{ system: LOINC, code: '8480-6' }] }, ...q(values.systolic, 'mm[Hg]') },
        { code: { coding: [{ system: LOINC, code: '8462-4' }] }, ...q(values.diastolic, 'mm[Hg]') },
      ],
    }),
    obs('8310-5', 'Body temperature', q(values.temperature, 'Cel')),
    obs('67775-7', 'Level of responsiveness', {
      valueCodeableConcept: {
        coding: [{ system: SNOMED, code: values.acvpu === 'A' ? '248234008' : '130987000' }],
        text: values.acvpu === 'A' ? 'Våken' : 'Akutt forvirring',
      },
    }),
  ];
}

export interface VitalValues {
  readonly pulse: number;
  readonly respiration: number;
  readonly spo2: number;
  readonly systolic: number;
  readonly diastolic: number;
  readonly temperature: number;
  readonly acvpu: 'A' | 'C';
}

/** Posts resources in one transaction (what an import does), returning the ids in order. */
export async function transaction(t: TestServer, resources: readonly Json[], as?: string): Promise<string[]> {
  const bundle = await expectStatus<{ entry: { response: { location: string } }[] }>(
    await t.fhir(t.base, {
      method: 'POST',
      ...(as ? { as } : {}),
      json: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: resources.map((resource) => ({
          resource,
          request: { method: 'POST', url: String(resource['resourceType']) },
        })),
      },
    }),
    200,
  );
  return bundle.entry.map((e) => e.response.location.split('/')[1] as string);
}

/** A block (sperring): the patient denies an actor (a unit, a practitioner or a service) access. */
export function block(patientId: string, actor: Json): Json {
  return {
    resourceType: 'Consent',
    status: 'active',
    scope: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }],
    },
    category: [{ coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9603', code: 'NORS' }] }],
    patient: patient(patientId),
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTOUT' }] },
    provision: { type: 'deny', actor: [{ role: { text: 'blokkert' }, reference: actor }] },
  };
}

export interface BundleJson {
  resourceType: 'Bundle';
  type: string;
  identifier?: { system?: string; value?: string };
  timestamp?: string;
  link?: { relation: string; url: string }[];
  entry?: {
    fullUrl?: string;
    resource?: Json & { resourceType: string; id?: string };
    search?: { mode?: string };
    extension?: { url: string; extension?: (Json & { url: string })[] }[];
  }[];
}

export const resourcesOf = (bundle: BundleJson): (Json & { resourceType: string; id?: string })[] =>
  (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));

/** Every string in a JSON value, for "this text appears nowhere" checks. */
export function allText(value: unknown): string {
  return JSON.stringify(value);
}
