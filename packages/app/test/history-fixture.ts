// Five years of a citizen's record (~2,000 resources) across services, for the overview performance test: GP
// consultations, home care visits and emergency contacts with notes, vital-sign sets (the server adds NEWS2),
// problems, medicines, vaccinations, tasks and appointments.

import { expectStatus, type TestServer } from '../../server/test/test-server.ts';

const DAY = 86_400_000;
const ICPC2 = 'http://hl7.org/fhir/sid/icpc-2';
const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const UCUM = 'http://unitsofmeasure.org';

type Json = Record<string, unknown>;

const UNITS = ['lillesand-legekontor', 'hjemmesykepleien-nord', 'lillesand-legevakt'] as const;
const CONTACT = {
  'lillesand-legekontor': 'AMB',
  'hjemmesykepleien-nord': 'HH',
  'lillesand-legevakt': 'EMER',
};
const PROBLEMS = [
  ['K86', 'Hypertensjon ukomplisert'],
  ['T90', 'Diabetes type 2'],
  ['L90', 'Artrose i kne'],
  ['R95', 'Kronisk obstruktiv lungesykdom'],
  ['P74', 'Angstlidelse'],
];
const MEDICINES = [
  ['C09AA02', 'Enalapril tab 10 mg'],
  ['A10BA02', 'Metformin tab 500 mg'],
  ['C10AA01', 'Simvastatin tab 20 mg'],
  ['N02BE01', 'Paracet tab 500 mg'],
  ['A02BC01', 'Omeprazol kaps 20 mg'],
];

function quantity(value: number, unit: string, code: string): Json {
  return { value, unit, system: UCUM, code };
}

function vital(patient: string, at: string, loinc: string, text: string, value: Json): Json {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
        ],
      },
    ],
    code: { coding: [{ system: LOINC, code: loinc }], text },
    subject: { reference: `Patient/${patient}` },
    effectiveDateTime: at,
    performer: [{ reference: 'Organization/hjemmesykepleien-nord' }],
    ...value,
  };
}

/** One complete NEWS2 set (7 parameters), mildly abnormal now and then. */
export function vitalSet(patient: string, at: string, i: number): Json[] {
  const ill = i % 17 === 0;
  return [
    vital(patient, at, '9279-1', 'Respirasjonsfrekvens', {
      valueQuantity: quantity(ill ? 23 : 16, '/min', '/min'),
    }),
    vital(patient, at, '59408-5', 'SpO2', {
      valueQuantity: quantity(ill ? 93 : 97, '%', '%'),
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
    vital(patient, at, '85354-9', 'Blodtrykk', {
      component: [
        {
          code: { coding: [{ system: LOINC, code: '8480-6' }] },
          valueQuantity: quantity(ill ? 104 : 138, 'mmHg', 'mm[Hg]'),
        },
        {
          code: { coding: [{ system: LOINC, code: '8462-4' }] },
          valueQuantity: quantity(82, 'mmHg', 'mm[Hg]'),
        },
      ],
    }),
    vital(patient, at, '8867-4', 'Puls', { valueQuantity: quantity(ill ? 112 : 72, '/min', '/min') }),
    vital(patient, at, '8310-5', 'Temperatur', { valueQuantity: quantity(ill ? 38.4 : 36.8, '°C', 'Cel') }),
    {
      ...vital(patient, at, '67775-7', 'ACVPU', {
        valueCodeableConcept: { coding: [{ system: SNOMED, code: '248234008', display: 'Mentally alert' }] },
      }),
      category: [
        {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }],
        },
      ],
    },
  ];
}

/** The resources of five years of history, oldest first. */
export function fiveYearsOfHistory(patient: string, now = Date.now()): Json[] {
  const out: Json[] = [];
  const ref = { reference: `Patient/${patient}` };
  const start = now - 5 * 365 * DAY;
  for (const [code, text] of PROBLEMS)
    out.push({
      resourceType: 'Condition',
      subject: ref,
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
      },
      code: { coding: [{ system: ICPC2, code }], text },
      onsetDateTime: new Date(start + 30 * DAY).toISOString().slice(0, 10),
      recorder: { reference: 'Organization/lillesand-legekontor' },
    });
  MEDICINES.forEach(([atc, name], i) =>
    out.push({
      resourceType: 'MedicationStatement',
      status: 'active',
      subject: ref,
      medicationCodeableConcept: { coding: [{ system: 'http://www.whocc.no/atc', code: atc }], text: name },
      dosage: [
        {
          timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd', when: [i % 2 ? 'EVE' : 'MORN'] } },
          doseAndRate: [{ doseQuantity: { value: 1, unit: i === 4 ? 'kapsel' : 'tablett' } }],
        },
      ],
      effectivePeriod: { start: new Date(start + i * 90 * DAY).toISOString().slice(0, 10) },
    }),
  );
  out.push({
    resourceType: 'AllergyIntolerance',
    patient: ref,
    criticality: 'high',
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
      ],
    },
    code: { coding: [{ system: 'http://www.whocc.no/atc', code: 'J01CE02' }], text: 'Penicillin' },
    recorder: { reference: 'Organization/lillesand-legekontor' },
  });
  out.push({
    resourceType: 'EpisodeOfCare',
    status: 'active',
    patient: ref,
    managingOrganization: { reference: 'Organization/hjemmesykepleien-nord' },
    period: { start: new Date(start).toISOString().slice(0, 10) },
  });
  for (let i = 0; i < 10; i++)
    out.push({
      resourceType: 'Immunization',
      status: 'completed',
      patient: ref,
      vaccineCode: {
        coding: [{ system: 'http://www.whocc.no/atc', code: 'J07BB02' }],
        text: 'Influensavaksine',
      },
      occurrenceDateTime: new Date(start + (i * 365 * DAY) / 2).toISOString(),
      performer: [{ actor: { reference: 'Organization/lillesand-legekontor' } }],
    });
  // 320 contacts with a note each half of the time; 200 vital-sign sets; 100 appointments; 30 tasks.
  for (let i = 0; i < 320; i++) {
    const unit = UNITS[i % 3] as (typeof UNITS)[number];
    const at = new Date(start + (i + 0.5) * ((5 * 365 * DAY) / 320)).toISOString();
    const encounterId = `urn:uuid:${crypto.randomUUID()}`;
    out.push({
      fullUrl: encounterId,
      resourceType: 'Encounter',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: CONTACT[unit] },
      subject: ref,
      serviceProvider: { reference: `Organization/${unit}` },
      period: { start: at, end: new Date(Date.parse(at) + 1_800_000).toISOString() },
    });
    if (i % 2 === 0)
      out.push({
        resourceType: 'Composition',
        status: 'final',
        type: {
          coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9602', code: 'B02-2', display: 'Journalnotat' }],
        },
        subject: ref,
        encounter: { reference: encounterId },
        date: at,
        author: [{ reference: `Organization/${unit}` }],
        custodian: { reference: `Organization/${unit}` },
        title: 'Journalnotat',
        section: [
          {
            title: 'Notat',
            text: {
              status: 'generated',
              div: `<div xmlns="http://www.w3.org/1999/xhtml">Kontakt ${i}</div>`,
            },
          },
        ],
      });
  }
  for (let i = 0; i < 200; i++) {
    const at = new Date(now - (i * 9 + 1) * DAY).toISOString();
    out.push(...vitalSet(patient, at, i));
  }
  for (let i = 0; i < 100; i++) {
    const at = new Date(start + i * 18 * DAY).toISOString();
    out.push({
      resourceType: 'Appointment',
      status: 'fulfilled',
      description: 'Kontroll hos fastlege',
      start: at,
      end: new Date(Date.parse(at) + 1_200_000).toISOString(),
      participant: [
        { actor: ref, status: 'accepted' },
        { actor: { reference: 'PractitionerRole/eirik-berg--lillesand-legekontor' }, status: 'accepted' },
      ],
    });
  }
  for (let i = 0; i < 30; i++)
    out.push({
      resourceType: 'Task',
      status: i < 27 ? 'completed' : 'requested',
      intent: 'order',
      for: ref,
      owner: { reference: 'Organization/hjemmesykepleien-nord' },
      code: { coding: [{ system: 'https://akson.no/fhir/CodeSystem/task-type', code: 'annet' }] },
      description: i < 27 ? 'Sårstell' : 'Blodprøve i neste uke',
      executionPeriod: { start: new Date(start + i * 60 * DAY).toISOString() },
    });
  return out;
}

/** Writes the history as transaction bundles of the integration client; returns how many resources it wrote. */
export async function loadHistory(server: TestServer, resources: readonly Json[]): Promise<number> {
  const BATCH = 250;
  let written = 0;
  // Encounters and the notes pointing at them must share a bundle: keep each note with its contact.
  for (let i = 0; i < resources.length;) {
    let end = Math.min(i + BATCH, resources.length);
    while (end < resources.length && resources[end]?.['resourceType'] === 'Composition') end++;
    const entries = resources.slice(i, end).map((r) => {
      const { fullUrl, ...resource } = r;
      return {
        ...(fullUrl ? { fullUrl } : {}),
        resource,
        request: { method: 'POST', url: resource['resourceType'] },
      };
    });
    await expectStatus(
      await server.fhir(server.base, {
        method: 'POST',
        json: { resourceType: 'Bundle', type: 'transaction', entry: entries },
      }),
      200,
    );
    written += entries.length;
    i = end;
  }
  return written;
}
