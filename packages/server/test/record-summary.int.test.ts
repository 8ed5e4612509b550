import { validateResource } from '@akson/fhir';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditDuring, subtypeOf, warmBasis } from './access-test-helpers.ts';
import {
  allergy,
  condition,
  episode,
  flag,
  HIDDEN_FROM_PATIENT,
  immunization,
  medication,
  patient,
  post,
  resourcesOf,
  SKJERMET,
  transaction,
  block,
  daysAgo,
  vitalSet,
  type BundleJson,
  type Json,
} from './record-summary-fixtures.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * Patient/{id}/$summary: an IPS-shaped document of what the caller may see. Ingrid (84) has GP Berg, home
 * care (sone Nord), follow-up from psykisk helse og rus, and Anne acting for her by power of attorney. Per
 * (35) has blocked home care entirely. Each caller gets the summary their access allows, with a count where
 * something is withheld and never a hint of what.
 */

let t: TestServer;
const INGRID = 'ingrid-fjeld';
const PER = 'per-haugen';
const ids: Record<string, string> = {};

interface Section {
  title: string;
  code: { coding: { system: string; code: string }[] };
  text: { div: string };
  entry?: { reference: string }[];
  emptyReason?: { coding: { code: string }[] };
  extension?: { url: string; valueUnsignedInt?: number }[];
}

beforeAll(async () => {
  t = await startTestServer();
  ids['homeCare'] = await post(t, episode(INGRID, 'hjemmesykepleien-nord', 'hjemmesykepleie'));
  ids['mentalHealth'] = await post(t, episode(INGRID, 'lillesand-psykisk-helse-rus', 'psykisk-helse-rus'));
  ids['flag'] = await post(t, flag(INGRID, 'Hjerteinfarkt med stent 2023'));
  ids['oldFlag'] = await post(t, flag(INGRID, 'Gammel opplysning', 'inactive'));
  ids['penicillin'] = await post(t, allergy(INGRID, 'Penicillin', 'high'));
  ids['nuts'] = await post(t, allergy(INGRID, 'Nøtter', 'low'));
  ids['resolvedAllergy'] = await post(
    t,
    allergy(INGRID, 'Plaster', 'low', {
      clinicalStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'resolved' },
        ],
      },
    }),
  );
  await warmBasis(t, 'berg', INGRID);
  ids['warfarin'] = await post(t, medication(INGRID, 'B01AA03', 'Warfarin', 'active'), 'berg');
  ids['paused'] = await post(t, medication(INGRID, 'C03CA01', 'Furosemid', 'on-hold'), 'berg');
  ids['stopped'] = await post(t, medication(INGRID, 'M01AE01', 'Ibuprofen', 'stopped'), 'berg');
  ids['heartFailure'] = await post(
    t,
    condition(INGRID, 'K77', 'Hjertesvikt', { recorder: { reference: 'Organization/lillesand-legekontor' } }),
  );
  ids['uti'] = await post(
    t,
    condition(INGRID, 'U71', 'Cystitt/urinveisinfeksjon IKA', {
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
    }),
  );
  // Skjermet by the GP office: visible to that unit only.
  ids['skjermet'] = await post(
    t,
    condition(INGRID, 'P76', 'Depressiv lidelse', {
      meta: { security: SKJERMET },
      recorder: { reference: 'Organization/lillesand-legekontor' },
    }),
  );
  // Withheld from the patient (utsatt innsyn): clinicians see it, Ingrid and Anne do not.
  ids['hiddenFromPatient'] = await post(
    t,
    condition(INGRID, 'A04', 'Utredning pågår', {
      meta: { security: HIDDEN_FROM_PATIENT },
      recorder: { reference: 'Organization/lillesand-legekontor' },
    }),
  );
  ids['vaccine'] = await post(
    t,
    immunization(INGRID, 'lillesand-legekontor', 'Influensavaksine', daysAgo(60)),
  );
  ids['carePlan'] = await post(t, {
    resourceType: 'CarePlan',
    status: 'active',
    intent: 'plan',
    category: [{ coding: [{ system: 'https://akson.no/fhir/CodeSystem/careplan-type', code: 'pleieplan' }] }],
    title: 'Pleieplan hjemmesykepleie',
    subject: patient(INGRID),
    author: { reference: 'Organization/hjemmesykepleien-nord' },
  });
  // Two sets of vital signs: last week's normal, last night's worrying (NEWS2 7: escalate).
  await transaction(
    t,
    vitalSet(INGRID, daysAgo(7), 'hjemmesykepleien-nord', {
      pulse: 72,
      respiration: 16,
      spo2: 97,
      systolic: 130,
      diastolic: 80,
      temperature: 36.8,
      acvpu: 'A',
    }),
  );
  await transaction(
    t,
    vitalSet(INGRID, daysAgo(1, 21), 'hjemmesykepleien-nord', {
      pulse: 112,
      respiration: 23,
      spo2: 93,
      systolic: 105,
      diastolic: 70,
      temperature: 38.6,
      acvpu: 'C',
    }),
  );
  // A weight from two months ago: the latest weight, found beyond the last month's measurements.
  ids['weight'] = await post(t, {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
    subject: patient(INGRID),
    effectiveDateTime: daysAgo(60),
    valueQuantity: { value: 58.5, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
  });
  // Per blocks home care (all of it) and has a problem recorded by his GP office.
  await post(t, episode(PER, 'hjemmesykepleien-sor', 'hjemmesykepleie'));
  ids['perProblem'] = await post(t, condition(PER, 'P74', 'Angstlidelse'));
  ids['perAllergy'] = await post(t, allergy(PER, 'Latex', 'high'));
  await post(
    t,
    block(PER, {
      identifier: { system: 'https://akson.no/fhir/CodeSystem/service-type', value: 'hjemmesykepleie' },
    }),
  );
}, 120_000);

afterAll(async () => {
  await t?.close();
});

async function summary(patientId: string, as: string): Promise<BundleJson> {
  return expectStatus<BundleJson>(await t.fhir(`Patient/${patientId}/$summary`, { as }), 200);
}

function compositionOf(bundle: BundleJson): Json & { section: Section[] } {
  const first = bundle.entry?.[0]?.resource;
  expect(first?.resourceType).toBe('Composition');
  return first as unknown as Json & { section: Section[] };
}

function section(bundle: BundleJson, code: string): Section {
  const found = compositionOf(bundle).section.find((s) => s.code.coding.some((c) => c.code === code));
  if (!found) throw new Error(`no section ${code}`);
  return found;
}

const entryIds = (s: Section): string[] => (s.entry ?? []).map((e) => e.reference).sort();
const withheldOf = (s: Section): number =>
  s.extension?.find((x) => x.url === 'https://akson.no/fhir/StructureDefinition/withheld-count')
    ?.valueUnsignedInt ?? 0;

describe('the document', () => {
  it('is a FHIR document Bundle: identifier, timestamp, the Composition first, every entry resolvable', async () => {
    const bundle = await summary(INGRID, 'berg');
    expect(bundle.type).toBe('document');
    expect(bundle.identifier?.value).toMatch(/^urn:uuid:/);
    expect(bundle.timestamp).toBeDefined();
    const composition = compositionOf(bundle);
    expect(composition['type']).toMatchObject({ coding: [{ system: 'http://loinc.org', code: '60591-5' }] });
    expect(composition['subject']).toMatchObject({ reference: `Patient/${INGRID}` });
    const present = new Set(resourcesOf(bundle).map((r) => `${r.resourceType}/${r.id}`));
    for (const s of composition.section)
      for (const e of s.entry ?? []) expect(present).toContain(e.reference);
    expect(() => validateResource(bundle)).not.toThrow();
  });

  it('has the IPS sections in reading order, each with a narrative', async () => {
    const bundle = await summary(INGRID, 'berg');
    expect(compositionOf(bundle).section.map((s) => s.code.coding[0]?.code)).toEqual([
      '104605-1',
      '48765-2',
      '10160-0',
      '11450-4',
      '8716-3',
      '11369-6',
      '18776-5',
      '85847-2',
      'relatives',
    ]);
    for (const s of compositionOf(bundle).section) expect(s.text.div).toMatch(/^<div xmlns=/);
  });

  it('answers POST with a Parameters body too, and refuses parameters it does not know', async () => {
    const res = await t.fhir(`Patient/${INGRID}/$summary`, {
      method: 'POST',
      as: 'berg',
      json: { resourceType: 'Parameters', parameter: [] },
    });
    expect((await expectStatus<BundleJson>(res, 200)).type).toBe('document');
    const bad = await t.fhir(`Patient/${INGRID}/$summary?profile=x`, { as: 'berg' });
    expect(bad.status).toBe(400);
  });
});

describe('contents for the GP (berg)', () => {
  let bundle: BundleJson;
  beforeAll(async () => {
    bundle = await summary(INGRID, 'berg');
  });

  it('critical information: active flags and high-criticality allergies, not inactive flags', () => {
    expect(entryIds(section(bundle, '104605-1'))).toEqual(
      [`AllergyIntolerance/${ids['penicillin']}`, `Flag/${ids['flag']}`].sort(),
    );
  });

  it('allergies: active ones, not resolved', () => {
    expect(entryIds(section(bundle, '48765-2'))).toEqual(
      [`AllergyIntolerance/${ids['penicillin']}`, `AllergyIntolerance/${ids['nuts']}`].sort(),
    );
  });

  it('medication: active and paused lines, never stopped ones', () => {
    const s = section(bundle, '10160-0');
    expect(entryIds(s)).toEqual(
      [`MedicationStatement/${ids['warfarin']}`, `MedicationStatement/${ids['paused']}`].sort(),
    );
    expect(s.text.div).toContain('Warfarin');
    expect(s.text.div).toContain('(pause)');
    expect(s.text.div).not.toContain('Ibuprofen');
  });

  it('problems: the active problem list, including what the GP office itself has skjermet', () => {
    expect(entryIds(section(bundle, '11450-4'))).toEqual(
      [
        `Condition/${ids['heartFailure']}`,
        `Condition/${ids['skjermet']}`,
        `Condition/${ids['hiddenFromPatient']}`,
      ].sort(),
    );
    expect(withheldOf(section(bundle, '11450-4'))).toBe(0);
  });

  it('vital signs: the latest of each (an older weight too), and the latest NEWS2 with its escalation', () => {
    const s = section(bundle, '8716-3');
    const resources = resourcesOf(bundle);
    const observations = (s.entry ?? []).map((e) =>
      resources.find((r) => `${r.resourceType}/${r.id}` === e.reference),
    );
    expect(observations).toHaveLength(8); // six vital signs of last night, the weight, and NEWS2
    expect(new Set(observations.map((o) => o?.['effectiveDateTime']))).toEqual(
      new Set([daysAgo(1, 21), daysAgo(60)]),
    );
    expect(s.text.div).toContain('Kroppsvekt: 58.5 kg');
    expect(s.text.div).toContain('NEWS2: ');
    expect(s.text.div).toContain('krever eskalering');
  });

  it('vaccinations, care plans, care team (GP and services) and relatives', () => {
    expect(entryIds(section(bundle, '11369-6'))).toEqual([`Immunization/${ids['vaccine']}`]);
    expect(section(bundle, '18776-5').text.div).toContain('Pleieplan hjemmesykepleie');
    const team = section(bundle, '85847-2');
    expect(entryIds(team)).toEqual(
      [
        'Organization/lillesand-legekontor',
        'PractitionerRole/eirik-berg--lillesand-legekontor',
        `EpisodeOfCare/${ids['homeCare']}`,
        `EpisodeOfCare/${ids['mentalHealth']}`,
      ].sort(),
    );
    expect(team.text.div).toContain('Fastlege: Eirik Berg, Lillesand legekontor');
    expect(team.text.div).toContain('Hjemmesykepleien sone Nord');
    const relatives = section(bundle, 'relatives');
    expect(entryIds(relatives)).toEqual(['RelatedPerson/ingrid-fjeld--anne-fjeld']);
    expect(relatives.text.div).toContain('Anne Fjeld (fullmektig)');
  });
});

describe('contents under other users’ access', () => {
  it('psykisk helse og rus (kristian) gets the same summary minus what the GP office skjermet, with a count', async () => {
    const bundle = await summary(INGRID, 'kristian');
    const problems = section(bundle, '11450-4');
    expect(entryIds(problems)).toEqual(
      [`Condition/${ids['heartFailure']}`, `Condition/${ids['hiddenFromPatient']}`].sort(),
    );
    expect(withheldOf(problems)).toBe(1);
    expect(problems.text.div).toContain('1 oppføring er holdt tilbake');
    expect(JSON.stringify(bundle)).not.toContain('Depressiv');
    expect(JSON.stringify(bundle)).not.toContain('P76');
  });

  it('home care (silje) sees the medication list and vital signs, without the skjermet problem', async () => {
    const bundle = await summary(INGRID, 'silje');
    expect(entryIds(section(bundle, '10160-0'))).toHaveLength(2);
    expect(withheldOf(section(bundle, '11450-4'))).toBe(1);
  });

  it('a block of a whole service leaves the patient identifiable and says what kind of thing is withheld', async () => {
    const bundle = await summary(PER, 'tone');
    expect(resourcesOf(bundle).find((r) => r.resourceType === 'Patient')?.id).toBe(PER);
    const problems = section(bundle, '11450-4');
    expect(problems.entry).toBeUndefined();
    expect(problems.emptyReason?.coding[0]?.code).toBe('withheld');
    expect(withheldOf(problems)).toBe(1);
    expect(section(bundle, '104605-1').emptyReason?.coding[0]?.code).toBe('withheld');
    expect(section(bundle, '10160-0').emptyReason?.coding[0]?.code).toBe('unavailable');
    expect(JSON.stringify(bundle)).not.toContain('Angst');
    expect(JSON.stringify(bundle)).not.toContain('Latex');
    // The GP office is not blocked.
    const gp = await summary(PER, 'lund');
    expect(entryIds(section(gp, '11450-4'))).toEqual([`Condition/${ids['perProblem']}`]);
  });

  it('the citizen sees their own summary without what is withheld from patients, and without counts', async () => {
    const bundle = await summary(INGRID, 'ingrid');
    const problems = section(bundle, '11450-4');
    expect(entryIds(problems)).toEqual(
      [`Condition/${ids['heartFailure']}`, `Condition/${ids['skjermet']}`].sort(),
    );
    expect(withheldOf(problems)).toBe(0);
    expect(JSON.stringify(bundle)).not.toContain('Utredning');
  });

  it('a representative (power of attorney) sees what the citizen sees', async () => {
    const own = await summary(INGRID, 'ingrid');
    const rep = await summary(INGRID, 'anne');
    const shape = (b: BundleJson) =>
      compositionOf(b).section.map((s) => [s.code.coding[0]?.code, entryIds(s)]);
    expect(shape(rep)).toEqual(shape(own));
  });

  it('the integration client sees everything, with no withheld counts', async () => {
    const bundle = await summary(INGRID, 'lillesand-migrering');
    expect(entryIds(section(bundle, '11450-4'))).toHaveLength(3);
    expect(compositionOf(bundle).section.every((s) => withheldOf(s) === 0)).toBe(true);
  });

  it('someone with no relation gets 404 as for a patient that does not exist, and the attempt is logged', async () => {
    const events = await auditDuring(t, async () => {
      const hidden = await t.fhir(`Patient/${INGRID}/$summary`, { as: 'maria' });
      expect(hidden.status).toBe(404);
    });
    expect(events.map((e) => [subtypeOf(e), e.event.outcome])).toEqual([['read', '4']]);
    expect((await t.fhir('Patient/no-such-patient/$summary', { as: 'berg' })).status).toBe(404);
    expect((await t.fhir(`Patient/${INGRID}/$summary`, { as: 'ingeborg' })).status).toBe(404);
    expect((await t.fhir(`Patient/${INGRID}/$summary`, { as: 'per' })).status).toBe(404);
  });

  it('the security officer reads no clinical data', async () => {
    expect((await t.fhir(`Patient/${INGRID}/$summary`, { as: 'hilde' })).status).toBe(404);
  });
});

describe('audit', () => {
  it('a summary is one access in the audit log, naming the patient and what was shown', async () => {
    const events = await auditDuring(t, () => summary(INGRID, 'berg'));
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.patientId).toBe(INGRID);
    expect(subtypeOf(event as NonNullable<typeof event>)).toBe('operation');
    const refs = (event?.event.entity ?? []).map((e) => e.what?.reference).filter(Boolean);
    expect(refs).toContain(`Patient/${INGRID}`);
    expect(refs).toContain(`MedicationStatement/${ids['warfarin']}`);
  });
});

describe('address protection', () => {
  const lenaIn = (bundle: BundleJson) => {
    const lena = resourcesOf(bundle).find((r) => r.resourceType === 'Patient');
    expect(lena?.id).toBe('lena-dahl');
    return lena as Json & { address?: Json[] };
  };

  it('a patient with strengt fortrolig address shows no address to clinicians', async () => {
    const own = lenaIn(await summary('lena-dahl', 'lena')).address?.[0];
    const shown = lenaIn(await summary('lena-dahl', 'lund')).address?.[0];
    expect(shown).toBeDefined();
    for (const field of ['line', 'postalCode', 'city', 'district', 'period'])
      expect(shown?.[field]).toBeUndefined();
    expect(JSON.stringify(shown)).toContain('strengt-fortrolig');
    const text = JSON.stringify(await summary('lena-dahl', 'lund'));
    for (const line of (own?.['line'] as string[] | undefined) ?? []) expect(text).not.toContain(line);
  });

  it('the citizen sees their own address', async () => {
    const own = lenaIn(await summary('lena-dahl', 'lena')).address?.[0];
    expect((own?.['line'] as string[] | undefined)?.length).toBeGreaterThan(0);
  });
});
