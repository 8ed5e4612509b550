/**
 * The benchmark patient of summary-bench.ts: a citizen with five years of history in the municipality, written
 * the way docs/record.md says content is stored (and as an import would send it: transaction bundles that refer
 * within themselves by urn:uuid).
 */
export type Json = Record<string, unknown>;
const DAY = 86_400_000;
/** Home care for the last 21 months, twice a week: most of the record, as for many of its patients. */
const HOME_CARE_DAYS = 630;
/** SpO2 measured on room air (HL7 Norway's vital-signs extension): with it a set has all seven NEWS2 inputs. */
const ON_AIR = {
  url: 'http://hl7.no/fhir/no-domain/vitalsigns/StructureDefinition/NoDomainVitalSignsInspiredOxygenExtension',
  extension: [
    {
      url: 'http://hl7.no/fhir/no-domain/vitalsigns/StructureDefinition/NoDomainVitalSignsOnAirExtension',
      valueBoolean: true,
    },
  ],
};

export const ref = (type: string, id: string) => ({ reference: `${type}/${id}` });
const at = (ms: number) => new Date(ms).toISOString();
const SERVICE = 'https://akson.no/fhir/CodeSystem/service-type';
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

/** A transaction entry creating `resource`, referable within the transaction as `urn:uuid:<fullUrl>`. */
const entry = (resource: Json, fullUrl?: string) => ({
  ...(fullUrl ? { fullUrl: `urn:uuid:${fullUrl}` } : {}),
  resource,
  request: { method: 'POST', url: resource['resourceType'] },
});

/**
 * Five years of a home-care patient's record: GP consultations with notes and diagnoses, two home-care visits
 * a week for the last 21 months (note, six vital signs; the server adds NEWS2), mental-health follow-up with
 * private notes, physiotherapy, a few emergency-clinic contacts, monthly weights, vaccinations, the
 * medication list, problems, allergies, critical information, care plans, appointments and documents.
 */
export function history(patientId: string, now: number, years: number): Json[][] {
  const start = now - years * 365 * DAY;
  const bundles: Json[][] = [];
  let current: Json[] = [];
  let n = 0;
  // Entries added together stay in one transaction (a note refers to its contact by urn:uuid).
  const add = (...entries: Json[]): void => {
    if (current.length + entries.length > 90) {
      bundles.push(current);
      current = [];
    }
    current.push(...entries);
  };
  const patient = ref('Patient', patientId);
  const episode = (unit: string, service: string, from: number, to?: number): Json => ({
    resourceType: 'EpisodeOfCare',
    status: to ? 'finished' : 'active',
    type: [{ coding: [{ system: SERVICE, code: service }], text: service }],
    patient,
    managingOrganization: ref('Organization', unit),
    period: { start: at(from), ...(to ? { end: at(to) } : {}) },
  });
  add(
    entry(episode('hjemmesykepleien-nord', 'hjemmesykepleie', now - HOME_CARE_DAYS * DAY)),
    entry(episode('lillesand-psykisk-helse-rus', 'psykisk-helse-rus', now - 900 * DAY)),
    entry(episode('lillesand-fysioterapi', 'fysioterapi', now - 1200 * DAY, now - 1000 * DAY)),
    entry(episode('solglott-avd-2', 'sykehjem', now - 600 * DAY, now - 580 * DAY)),
  );
  const contact = (unit: string, when: number, klass: string, type: string, id: string): Json =>
    entry(
      {
        resourceType: 'Encounter',
        status: 'finished',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: klass },
        type: [{ coding: [{ system: 'https://akson.no/fhir/CodeSystem/contact-type', code: type }] }],
        subject: patient,
        serviceProvider: ref('Organization', unit),
        period: { start: at(when), end: at(when + 30 * 60_000) },
      },
      id,
    );
  const noteOf = (unit: string, when: number, title: string, encounterId: string): Json =>
    entry({
      resourceType: 'Composition',
      status: 'final',
      type: {
        coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9602', code: 'B02-2', display: 'Journalnotat' }],
      },
      subject: patient,
      encounter: { reference: `urn:uuid:${encounterId}` },
      date: at(when + 20 * 60_000),
      author: [ref('Organization', unit)],
      custodian: ref('Organization', unit),
      title,
    });
  const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  // GP consultations every 45 days, with a note and an ICPC-2 diagnosis.
  for (let t = start; t < now; t += 45 * DAY) {
    const e = id();
    add(
      contact('lillesand-legekontor', t, 'AMB', 'konsultasjon', e),
      noteOf('lillesand-legekontor', t, 'Konsultasjon', e),
      entry({
        resourceType: 'Condition',
        clinicalStatus: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved' }],
        },
        category: [
          {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/condition-category',
                code: 'encounter-diagnosis',
              },
            ],
          },
        ],
        code: {
          coding: [
            { system: 'http://hl7.org/fhir/sid/icpc-2', code: 'K86', display: 'Hypertensjon ukomplisert' },
          ],
        },
        subject: patient,
        encounter: { reference: `urn:uuid:${e}` },
        recordedDate: at(t),
        recorder: ref('Organization', 'lillesand-legekontor'),
      }),
    );
  }
  // Home care twice a week: a visit, a note and a full set of vital signs (the server adds NEWS2).
  for (let t = now - HOME_CARE_DAYS * DAY, i = 0; t < now; t += 3.5 * DAY, i++) {
    const e = id();
    const visit = [
      contact('hjemmesykepleien-nord', t, 'HH', 'hjemmebesok', e),
      noteOf('hjemmesykepleien-nord', t, 'Hjemmebesøk', e),
    ];
    const vital = (code: string, value: Json): Json =>
      entry({
        resourceType: 'Observation',
        status: 'final',
        category: [
          {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
            ],
          },
        ],
        code: { coding: [{ system: LOINC, code }] },
        subject: patient,
        encounter: { reference: `urn:uuid:${e}` },
        effectiveDateTime: at(t),
        performer: [ref('Organization', 'hjemmesykepleien-nord')],
        ...value,
      });
    const q = (value: number, code: string) => ({ valueQuantity: { value, unit: code, system: UCUM, code } });
    add(
      ...visit,
      vital('8867-4', q(68 + (i % 20), '/min')),
      vital('9279-1', q(14 + (i % 6), '/min')),
      vital('59408-5', { ...q(93 + (i % 5), '%'), extension: [ON_AIR] }),
      vital('85354-9', {
        component: [
          { code: { coding: [{ system: LOINC, code: '8480-6' }] }, ...q(120 + (i % 30), 'mm[Hg]') },
          { code: { coding: [{ system: LOINC, code: '8462-4' }] }, ...q(70 + (i % 15), 'mm[Hg]') },
        ],
      }),
      vital('8310-5', q(36.5 + (i % 8) / 10, 'Cel')),
      vital('67775-7', {
        valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '248234008' }] },
      }),
    );
  }
  // Mental-health follow-up every three weeks (notes private to that service), physio, emergency clinic.
  for (let t = now - 900 * DAY; t < now; t += 21 * DAY) {
    const e = id();
    add(
      contact('lillesand-psykisk-helse-rus', t, 'AMB', 'konsultasjon', e),
      noteOf('lillesand-psykisk-helse-rus', t, 'Samtale', e),
    );
  }
  for (let t = now - 1200 * DAY; t < now - 1000 * DAY; t += 10 * DAY) {
    const e = id();
    add(
      contact('lillesand-fysioterapi', t, 'AMB', 'konsultasjon', e),
      noteOf('lillesand-fysioterapi', t, 'Fysioterapi', e),
    );
  }
  for (let t = start + 100 * DAY; t < now; t += 365 * DAY) {
    const e = id();
    add(
      contact('lillesand-legevakt', t, 'EMER', 'legevakt', e),
      noteOf('lillesand-legevakt', t, 'Legevaktnotat', e),
    );
  }
  // Monthly weights, yearly vaccinations, documents, appointments.
  for (let t = start; t < now; t += 30 * DAY) {
    add(
      entry({
        resourceType: 'Observation',
        status: 'final',
        category: [
          {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
            ],
          },
        ],
        code: { coding: [{ system: LOINC, code: '29463-7' }] },
        subject: patient,
        effectiveDateTime: at(t),
        valueQuantity: { value: 61 + ((t / DAY) % 5), unit: 'kg', system: UCUM, code: 'kg' },
      }),
    );
  }
  for (let t = start; t < now; t += 182 * DAY) {
    add(
      entry({
        resourceType: 'Immunization',
        status: 'completed',
        vaccineCode: {
          coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9501', code: 'AII02' }],
          text: 'Influensavaksine',
        },
        patient,
        occurrenceDateTime: at(t),
        performer: [{ actor: ref('Organization', 'lillesand-legekontor') }],
      }),
      entry({
        resourceType: 'DocumentReference',
        status: 'current',
        type: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9602', code: 'A04-2' }] },
        subject: patient,
        date: at(t + DAY),
        custodian: ref('Organization', 'lillesand-legekontor'),
        description: 'Epikrise fra sykehuset',
        content: [{ attachment: { contentType: 'application/pdf', title: 'Epikrise' } }],
      }),
      entry({
        resourceType: 'Appointment',
        status: 'fulfilled',
        description: 'Kontroll hos fastlege',
        start: at(t + 2 * DAY),
        end: at(t + 2 * DAY + 20 * 60_000),
        participant: [
          { actor: patient, status: 'accepted' },
          { actor: ref('Organization', 'lillesand-legekontor'), status: 'accepted' },
        ],
      }),
    );
  }
  // The standing record: critical information, allergies, problems, plans, relatives.
  add(
    entry({
      resourceType: 'Flag',
      status: 'active',
      code: { text: 'Hjerteinfarkt med stent' },
      subject: patient,
    }),
    entry({
      resourceType: 'AllergyIntolerance',
      clinicalStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
        ],
      },
      criticality: 'high',
      code: { coding: [{ system: 'http://www.whocc.no/atc', code: 'J01CE' }], text: 'Penicillin' },
      patient,
    }),
    entry({
      resourceType: 'AllergyIntolerance',
      clinicalStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
        ],
      },
      criticality: 'low',
      code: { text: 'Nøtter' },
      patient,
    }),
    ...['K77 Hjertesvikt', 'K86 Hypertensjon', 'T90 Diabetes type 2', 'P70 Demens', 'L89 Artrose hofte'].map(
      (p) =>
        entry({
          resourceType: 'Condition',
          clinicalStatus: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
          },
          category: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/condition-category',
                  code: 'problem-list-item',
                },
              ],
            },
          ],
          code: {
            coding: [{ system: 'http://hl7.org/fhir/sid/icpc-2', code: p.slice(0, 3) }],
            text: p.slice(4),
          },
          subject: patient,
        }),
    ),
    entry({
      resourceType: 'CarePlan',
      status: 'active',
      intent: 'plan',
      title: 'Pleieplan hjemmesykepleie',
      subject: patient,
      author: ref('Organization', 'hjemmesykepleien-nord'),
    }),
    entry({
      resourceType: 'RelatedPerson',
      active: true,
      patient,
      relationship: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'CHILD' }] },
      ],
      name: [{ family: 'Benk', given: ['Datter'] }],
    }),
  );
  if (current.length > 0) bundles.push(current);
  return bundles;
}

/** The medication list: ten active lines and twenty stopped over the years (structured dosage, as the list requires). */
export function medicationLines(patientId: string): Json[] {
  const atc = [
    'B01AA03',
    'C07AB02',
    'C03CA01',
    'A10BA02',
    'N02BE01',
    'C10AA01',
    'A02BC01',
    'N06AB04',
    'M05BA04',
    'H03AA01',
  ];
  return atc.flatMap((code, i) =>
    [0, 1, 2].map((k) => ({
      resourceType: 'MedicationStatement',
      status: k === 0 ? 'active' : 'stopped',
      ...(k === 0 ? {} : { statusReason: [{ text: 'Endret behandling' }] }),
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.whocc.no/atc', code }],
        text: `Legemiddel ${i + 1}`,
      },
      subject: ref('Patient', patientId),
      dosage: [
        {
          timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd', when: ['MORN'] } },
          doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablett' } }],
        },
      ],
    })),
  );
}
