import { fileURLToPath } from 'node:url';
/**
 * Validation over real HTTP: base R4 rules (cardinality, types, required bindings, invariants) answer 400 with
 * an `expression` pointing at the element; profiles in meta.profile (R4's own and HL7 Norway's no-basis);
 * Norwegian identifiers (fødselsnummer, D-nummer, H-nummer, FHN, HPR, organisation number); unknown profiles
 * (accepted with a warning); and $validate.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlDigitsFor, organisationNumberFor } from '@akson/fhir';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';
import { countOf, expectError, type OperationOutcome, type Resource } from './fhir-test-kit.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

const post = (resource: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.fhir(resource['resourceType'] as string, { method: 'POST', json: resource, headers });

/** Posts, expects a 400 whose issues include one with exactly this expression, and that nothing was stored. */
async function refused(
  resource: Record<string, unknown>,
  expression: string,
  text?: RegExp,
): Promise<OperationOutcome> {
  const type = resource['resourceType'] as string;
  const before = await countOf(t, type);
  const oo = await expectError(await post(resource), 400);
  const issue = oo.issue.find((i) => i.expression?.includes(expression));
  expect(issue, `no issue at ${expression}: ${JSON.stringify(oo.issue)}`).toBeDefined();
  expect(issue?.severity).toBe('error');
  if (text) expect(issue?.details?.text ?? '').toMatch(text);
  expect(await countOf(t, type)).toBe(before);
  return oo;
}
const accepted = async (resource: Record<string, unknown>) =>
  expectStatus<Resource>(await post(resource), 201);

const obs = { resourceType: 'Observation', status: 'final', code: { text: 'puls' } };

describe('base R4 rules', () => {
  it('cardinality: required elements, arrays and single values', async () => {
    await refused({ resourceType: 'Observation', code: { text: 'x' } }, 'Observation.status');
    await refused({ resourceType: 'Observation', status: 'final' }, 'Observation.code');
    await refused({ resourceType: 'Patient', name: { family: 'x' } }, 'Patient.name');
    await refused({ resourceType: 'Patient', name: [{ family: ['x'] }] }, 'Patient.name.family');
    await refused({ resourceType: 'Patient', gender: ['male'] }, 'Patient.gender');
    await refused({ resourceType: 'RelatedPerson' }, 'RelatedPerson.patient');
    await refused(
      { resourceType: 'Questionnaire', status: 'active', item: [{ type: 'string' }] },
      'Questionnaire.item[0].linkId',
    );
  });

  it('types: booleans, dates, decimals, codes and unknown elements', async () => {
    await refused({ resourceType: 'Patient', active: 'yes' }, 'Patient.active');
    await refused({ resourceType: 'Patient', birthDate: '17-05-1980' }, 'Patient.birthDate');
    await refused({ resourceType: 'Patient', birthDate: '1980-02-30' }, 'Patient.birthDate');
    await refused({ ...obs, valueQuantity: { value: '72' } }, 'Observation.value[x].value');
    await refused({ ...obs, effectiveDateTime: '2024-03-05T10:00' }, 'Observation.effective[x]');
    await refused({ resourceType: 'Patient', nonsense: true }, 'Patient.nonsense');
    await refused({ resourceType: 'Patient', id: 'x', meta: { versionId: 1 } }, 'Patient.meta.versionId');
  });

  it('required bindings: Patient.gender, Observation.status', async () => {
    await refused({ resourceType: 'Patient', gender: 'mann' }, 'Patient.gender', /administrative-gender/);
    await refused({ ...obs, status: 'done' }, 'Observation.status', /observation-status/);
    await accepted({ resourceType: 'Patient', gender: 'unknown' });
  });

  it('invariants: obs-6, pat-1', async () => {
    const oo = await refused(
      { ...obs, valueString: 'x', dataAbsentReason: { text: 'y' } },
      'Observation',
      /obs-6/,
    );
    expect(oo.issue.some((i) => i.code === 'invariant')).toBe(true);
    await refused(
      { resourceType: 'Patient', contact: [{ gender: 'female' }] },
      'Patient.contact[0]',
      /pat-1/,
    );
  });

  // BUG (validator): invariants of data types are not checked: per-1 (a Period's start SHALL NOT be after its
  // end) passes. (The search index then drops the inverted period, so the resource is never found by date.)
  it.fails('invariant per-1 on a Period', async () => {
    await refused(
      { ...obs, effectivePeriod: { start: '2024-03-05', end: '2024-03-01' } },
      'Observation.effective[x]',
      /per-1/,
    );
  });

  // BUG (validator): obs-7 ("if Observation.code is the same as a component code, the value SHALL NOT be
  // present") is not detected; its FHIRPath uses %resource and intersect().
  it.fails('invariant obs-7', async () => {
    await refused(
      {
        ...obs,
        code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
        component: [
          {
            code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
            valueQuantity: { value: 1 },
          },
        ],
        valueQuantity: { value: 1 },
      },
      'Observation',
      /obs-7/,
    );
  });

  it('reports every problem at once', async () => {
    const oo = await expectError(
      await post({ resourceType: 'Patient', gender: 'mann', active: 'yes', birthDate: 'igår' }),
      400,
    );
    const expressions = oo.issue.flatMap((i) => i.expression ?? []);
    expect(expressions).toEqual(
      expect.arrayContaining(['Patient.gender', 'Patient.active', 'Patient.birthDate']),
    );
  });

  // BUG (validator, packages/fhir/src/validation): two values of one choice element are accepted.
  it.fails(
    'a choice element with two types (multipleBirthBoolean and multipleBirthInteger) is refused',
    async () => {
      await refused(
        { resourceType: 'Patient', multipleBirthBoolean: true, multipleBirthInteger: 2 },
        'Patient.multipleBirth[x]',
      );
    },
  );

  it('an element named __proto__ is refused like any unknown element', async () => {
    const res = await t.fhir('Patient', {
      method: 'POST',
      body: '{"resourceType":"Patient","__proto__":{"x":1}}',
      headers: { 'content-type': 'application/fhir+json' },
    });
    expect(res.status).toBe(400);
  });

  it('a required code that carries an extension is accepted', async () => {
    await accepted({
      resourceType: 'Patient',
      gender: 'other',
      _gender: {
        extension: [{ url: 'http://example.org/fhir/StructureDefinition/gender-detail', valueString: 'x' }],
      },
    });
  });

  it('base64Binary with line breaks is accepted', async () => {
    await accepted({ resourceType: 'Binary', contentType: 'text/plain', data: 'aGVp\nCg==' });
  });
});

describe('profiles', () => {
  const heartRate = {
    ...obs,
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
    subject: { reference: 'Patient/p1' },
    meta: { profile: ['http://hl7.org/fhir/StructureDefinition/heartrate'] },
  };

  it('applies a known profile in meta.profile (R4 vital signs), on top of the base rules', async () => {
    // Valid against base R4, invalid against the heart rate profile (no value, no effective time, no category).
    const { meta: _meta, ...plain } = heartRate;
    await accepted(plain);
    const oo = await expectError(await post(heartRate), 400);
    expect(oo.issue.some((i) => (i.details?.text ?? '').includes('heartrate'))).toBe(true);
    await accepted({
      ...heartRate,
      category: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
          ],
        },
      ],
      effectiveDateTime: '2024-03-05T10:00:00+01:00',
      valueQuantity: { value: 72, unit: 'beats/minute', system: 'http://unitsofmeasure.org', code: '/min' },
    });
  });

  it('accepts an unknown profile with a warning that Prefer: return=OperationOutcome shows', async () => {
    const res = await post(
      { resourceType: 'Patient', meta: { profile: ['http://example.org/fhir/StructureDefinition/unknown'] } },
      { prefer: 'return=OperationOutcome' },
    );
    const oo = await expectStatus<OperationOutcome>(res, 201);
    expect(oo.resourceType).toBe('OperationOutcome');
    const warning = oo.issue.find((i) => i.severity === 'warning');
    expect(warning?.expression).toEqual(['Patient.meta.profile']);
    expect(warning?.details?.text).toContain('http://example.org/fhir/StructureDefinition/unknown');
    // The canonical without "/ig/" is not HL7 Norway's (theirs is http://hl7.no/fhir/ig/StructureDefinition/...).
    const noIg = await post(
      {
        resourceType: 'Patient',
        meta: { profile: ['http://hl7.no/fhir/StructureDefinition/no-basis-Patient'] },
      },
      { prefer: 'return=OperationOutcome' },
    );
    expect(
      (await expectStatus<OperationOutcome>(noIg, 201)).issue.some((i) => i.severity === 'warning'),
    ).toBe(true);
  });

  it('refuses a profile for another resource type', async () => {
    await refused(
      {
        resourceType: 'Patient',
        meta: { profile: ['http://hl7.no/fhir/ig/StructureDefinition/no-basis-Practitioner'] },
      },
      'Patient.meta.profile',
    );
  });

  describe('HL7 Norway no-basis examples', () => {
    // HL7 Norway's examples, kept with the fhir package's tests (copied from the no-basis package, CC0).
    const dir = fileURLToPath(new URL('../../fhir/test/examples/no-basis/', import.meta.url));
    /**
     * Examples the server is right to refuse, and why. Everything else must be accepted as published
     * (ids removed: the server assigns them).
     */
    const refusedForAReason: Record<string, string> = {
      'AppointmentResponse-PatientAppointmentResponseExample.json':
        "the profile's own invariant shortnotice-inv-1 cannot be met (it tests an extension URL under example.org and uses 'and' for 'implies'); the IG publisher reports the same error for this example",
      'HealthcareService-no-basis-HealthcareService-example.json':
        'providedBy.identifier has organisation number "test", not 9 digits with a mod-11 check digit',
      'Patient-EspenEksempel.json': 'the fødselsnummer is masked ("210377xxxxx")',
      'Patient-Pasient-Middle-Name-1.json': 'fødselsnummer 15064312345 has wrong control digits',
    };
    /** Examples refused wrongly: validator bugs, expected to fail until fixed. */
    const falsePositives: Record<string, string> = {
      'Appointment-AppointmentExample.json':
        "appointmentType.coding is sliced by value with slices distinguished only by their (Volven) bindings; the validator cannot tell the slices apart and counts both codings into 'omsorgsNiva' (max 1). The IG publisher accepts the example.",
    };
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
    const load = (file: string) => {
      const { id: _id, ...resource } = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as Record<
        string,
        unknown
      >;
      return resource;
    };

    it('has the examples', () => {
      expect(files.length).toBeGreaterThanOrEqual(14);
      for (const name of [...Object.keys(refusedForAReason), ...Object.keys(falsePositives)])
        expect(files).toContain(name);
    });

    it.each(files.filter((f) => !(f in refusedForAReason) && !(f in falsePositives)))(
      'accepts %s',
      async (file) => {
        await accepted(load(file));
      },
    );

    it.each(Object.entries(refusedForAReason))('refuses %s: %s', async (file) => {
      await expectError(await post(load(file)), 400);
    });

    it.fails.each(Object.entries(falsePositives))('BUG: accepts %s (%s)', async (file) => {
      await accepted(load(file));
    });

    // BUGS (validator): constraints inside no-basis slices are not enforced, so these profile violations pass.
    it.fails('no-basis-Patient: an identifier in the FNR slice must have a value', async () => {
      await expectError(
        await post({
          resourceType: 'Patient',
          meta: { profile: ['http://hl7.no/fhir/ig/StructureDefinition/no-basis-Patient'] },
          identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1' }],
        }),
        400,
      );
    });
    it.fails(
      'no-basis-RelatedPerson: a familyRelation coding must come from its required value set',
      async () => {
        await expectError(
          await post({
            resourceType: 'RelatedPerson',
            meta: { profile: ['http://hl7.no/fhir/ig/StructureDefinition/no-basis-RelatedPerson'] },
            patient: { reference: 'Patient/p1' },
            relationship: [
              {
                coding: [
                  {
                    system: 'http://hl7.no/fhir/CodeSystem/no-basis-family-relation',
                    code: 'not-a-relation',
                  },
                ],
              },
            ],
          }),
          400,
        );
      },
    );
  });
});

describe('Norwegian identifiers', () => {
  const FNR = 'urn:oid:2.16.578.1.12.4.1.4.1';
  const DNR = 'urn:oid:2.16.578.1.12.4.1.4.2';
  const FHN = 'urn:oid:2.16.578.1.12.4.1.4.3';
  const HPR = 'urn:oid:2.16.578.1.12.4.1.4.4';
  const ORGNR = 'urn:oid:2.16.578.1.12.4.1.4.101';
  const HNR_TYPE = { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.8327', code: 'HNR' }] };

  /** Synthetic numbers (Tenor: month + 80) with valid control digits; `shift` adds 40 to day (D) or month (H). */
  function number(
    day: number,
    month: number,
    yy: number,
    shift: 'none' | 'day' | 'month' = 'none',
    from = 100,
  ): string {
    for (let individual = from; individual < 500; individual++) {
      const d = day + (shift === 'day' ? 40 : 0);
      const m = month + (shift === 'month' ? 40 : 80);
      const nine = `${String(d).padStart(2, '0')}${String(m).padStart(2, '0')}${String(yy).padStart(2, '0')}${individual}`;
      const control = controlDigitsFor(nine);
      if (control) return nine + control;
    }
    throw new Error('no number');
  }
  /** The same number with its last control digit changed. */
  const broken = (value: string) => value.slice(0, 10) + String((Number(value[10]) + 1) % 10);
  const fnr = number(4, 3, 85);
  const dnr = number(17, 5, 90, 'day');
  const hnr = number(12, 6, 70, 'month');

  it('accepts valid fødselsnummer, D-nummer and H-nummer', async () => {
    await accepted({ resourceType: 'Patient', identifier: [{ system: FNR, value: fnr }] });
    await accepted({ resourceType: 'Patient', identifier: [{ system: DNR, value: dnr }] });
    await accepted({ resourceType: 'Patient', identifier: [{ type: HNR_TYPE, system: 'HNR', value: hnr }] });
  });

  it.each([
    ['wrong control digits', () => broken(fnr), /control digits/],
    ['ten digits', () => fnr.slice(0, 10), /11 digits/],
    ['letters', () => 'abcdefghijk', /11 digits/],
    ['a D-nummer in the fødselsnummer system', () => dnr, /different kind/],
    ['an impossible date (31 February)', () => number(31, 2, 85), /date/],
  ])('refuses a fødselsnummer with %s, pointing at the value', async (_label, value, text) => {
    await refused(
      {
        resourceType: 'Patient',
        identifier: [
          { system: 'urn:x', value: 'other' },
          { system: FNR, value: value() },
        ],
      },
      'Patient.identifier[1].value',
      text,
    );
  });

  it('refuses bad D-, H- and FHN numbers, also on other resources and inside references', async () => {
    await refused(
      { resourceType: 'Patient', identifier: [{ system: DNR, value: fnr }] },
      'Patient.identifier[0].value',
      /D-nummer/,
    );
    await refused(
      { resourceType: 'Patient', identifier: [{ type: HNR_TYPE, system: 'HNR', value: broken(hnr) }] },
      'Patient.identifier[0].value',
      /H-nummer/,
    );
    await refused(
      { resourceType: 'Patient', identifier: [{ system: FHN, value: '12345678901' }] },
      'Patient.identifier[0].value',
      /hjelpenummer/,
    );
    await refused(
      {
        resourceType: 'RelatedPerson',
        patient: { reference: 'Patient/p1' },
        identifier: [{ system: FNR, value: broken(fnr) }],
      },
      'RelatedPerson.identifier[0].value',
    );
    await refused(
      { ...obs, subject: { identifier: { system: FNR, value: broken(fnr) }, display: 'Kari' } },
      'Observation.subject.identifier.value',
    );
  });

  it('HPR numbers: 1-9 digits without a leading zero', async () => {
    await accepted({ resourceType: 'Practitioner', identifier: [{ system: HPR, value: '565501872' }] });
    await accepted({ resourceType: 'Practitioner', identifier: [{ system: HPR, value: '9144889' }] });
    for (const bad of ['0123', '1234567890', '12a4', '']) {
      await refused(
        { resourceType: 'Practitioner', identifier: [{ system: HPR, value: bad }] },
        'Practitioner.identifier[0].value',
      );
    }
  });

  it('organisation numbers: nine digits with a mod-11 check digit', async () => {
    const orgnr = organisationNumberFor('91234567') ?? (organisationNumberFor('91234568') as string);
    await accepted({
      resourceType: 'Organization',
      name: 'Gyldig',
      identifier: [{ system: ORGNR, value: orgnr }],
    });
    const wrong = orgnr.slice(0, 8) + String((Number(orgnr[8]) + 1) % 10);
    await refused(
      { resourceType: 'Organization', name: 'Feil', identifier: [{ system: ORGNR, value: wrong }] },
      'Organization.identifier[0].value',
      /Organisation number/,
    );
    await refused(
      { resourceType: 'Organization', name: 'Kort', identifier: [{ system: ORGNR, value: '97476067' }] },
      'Organization.identifier[0].value',
    );
    await refused(
      { resourceType: 'Patient', managingOrganization: { identifier: { system: ORGNR, value: wrong } } },
      'Patient.managingOrganization.identifier.value',
    );
  });

  it('numbers in systems without Norwegian rules are not checked', async () => {
    await accepted({
      resourceType: 'Patient',
      identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.999', value: '123' }],
    });
  });
});

describe('$validate', () => {
  it('answers 200 with an OperationOutcome and stores nothing', async () => {
    const before = await countOf(t, 'Patient');
    const valid = await expectStatus<OperationOutcome>(
      await t.fhir('Patient/$validate', {
        method: 'POST',
        json: { resourceType: 'Patient', gender: 'female' },
      }),
      200,
    );
    expect(valid.resourceType).toBe('OperationOutcome');
    expect(valid.issue.every((i) => i.severity === 'information' || i.severity === 'warning')).toBe(true);
    const invalid = await expectStatus<OperationOutcome>(
      await t.fhir('Patient/$validate', {
        method: 'POST',
        json: {
          resourceType: 'Patient',
          gender: 'mann',
          identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: '12345678901' }],
        },
      }),
      200,
    );
    expect(invalid.issue.filter((i) => i.severity === 'error').flatMap((i) => i.expression ?? [])).toEqual(
      expect.arrayContaining(['Patient.gender', 'Patient.identifier[0].value']),
    );
    expect(await countOf(t, 'Patient')).toBe(before);
  });

  it('takes a Parameters resource with a "resource" part', async () => {
    const oo = await expectStatus<OperationOutcome>(
      await t.fhir('Observation/$validate', {
        method: 'POST',
        json: {
          resourceType: 'Parameters',
          parameter: [{ name: 'resource', resource: { resourceType: 'Observation', code: { text: 'x' } } }],
        },
      }),
      200,
    );
    expect(oo.issue.find((i) => i.severity === 'error')?.expression).toEqual(['Observation.status']);
  });

  it('reports profile problems and unknown profiles', async () => {
    const oo = await expectStatus<OperationOutcome>(
      await t.fhir('Patient/$validate', {
        method: 'POST',
        json: { resourceType: 'Patient', meta: { profile: ['http://example.org/unknown'] } },
      }),
      200,
    );
    expect(
      oo.issue.some((i) => i.severity === 'warning' && i.expression?.[0] === 'Patient.meta.profile'),
    ).toBe(true);
  });

  it('an unknown operation is a 404', async () => {
    await expectError(
      await t.fhir('Patient/$nonsense', { method: 'POST', json: { resourceType: 'Patient' } }),
      404,
      'AKS_ERR_OPERATION_UNKNOWN',
    );
  });

  it('refuses (or reports) a resource of another type than the URL names', async () => {
    const res = await t.fhir('Patient/$validate', { method: 'POST', json: { ...obs } });
    const oo = (await res.json()) as OperationOutcome;
    expect(res.status === 400 || oo.issue.some((i) => i.severity === 'error')).toBe(true);
  });
});
