/**
 * Prescriptions linked to list lines, administrations recorded by home care and nursing home staff, and the
 * unit's administration schedule over real HTTP: due, late, missed, given, refused, as-needed doses against their
 * daily maximum, multidose, and the same local clock times on both daylight-saving changes of 2026 (Europe/Oslo).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { episodeAt, newPatient } from './access-fixtures.ts';
import { expectError } from './fhir-test-kit.ts';
import {
  LINK_URL,
  MULTIDOSE_URL,
  SCHEDULED_URL,
  asNeeded,
  createLine,
  daily,
  dose,
  line,
  param,
  params,
  partsOf,
  type Json,
} from './medication-test-kit.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

const NOT_GIVEN = 'https://akson.no/fhir/CodeSystem/administration-not-given';
const ACTION_URL = 'https://akson.no/fhir/StructureDefinition/prescription-action';

async function patientAt(unit: string, family: string): Promise<string> {
  const patient = await newPatient(t, family, {
    generalPractitioner: [{ reference: 'PractitionerRole/eirik-berg--lillesand-legekontor' }],
  });
  await episodeAt(t, patient, unit);
  return patient;
}

const link = (lineResourceId: string) => ({
  url: LINK_URL,
  valueReference: { reference: `MedicationStatement/${lineResourceId}` },
});

/** The lines created in this file, by resource id: an administration names the line's patient and medicine. */
const lines = new Map<string, Json>();
async function newLine(as: string, statement: Json): Promise<Json & { id: string }> {
  const created = await createLine(t, as, statement);
  lines.set(created.id, created);
  return created;
}

function administration(lineResourceId: string, extra: Json): Json {
  const onLine = lines.get(lineResourceId) ?? {};
  return {
    resourceType: 'MedicationAdministration',
    extension: [link(lineResourceId), ...((extra['extension'] as Json[] | undefined) ?? [])],
    status: 'completed',
    subject: onLine['subject'],
    medicationCodeableConcept: onLine['medicationCodeableConcept'],
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'extension')),
  };
}

function given(
  lineResourceId: string,
  at: string,
  scheduled: string | undefined,
  amount: number,
  unit: string,
): Json {
  return administration(lineResourceId, {
    effectiveDateTime: at,
    dosage: { dose: { value: amount, unit } },
    ...(scheduled ? { extension: [{ url: SCHEDULED_URL, valueDateTime: scheduled }] } : {}),
  });
}

async function record(as: string, resource: Json): Promise<Json & { id: string }> {
  return expectStatus<Json & { id: string }>(
    await t.fhir('MedicationAdministration', { method: 'POST', as, json: resource }),
    201,
  );
}

async function schedule(as: string, unit: string, date: string, at: string): Promise<Json> {
  return expectStatus<Json>(
    await t.fhir(`Organization/${unit}/$administration-schedule?date=${date}&at=${encodeURIComponent(at)}`, {
      as,
    }),
    200,
  );
}

function patientPart(result: Json, patientId: string): Record<string, unknown> {
  const found = params(result, 'patient')
    .map(partsOf)
    .find((p) => (p['patient'] as Json)['reference'] === `Patient/${patientId}`);
  if (!found) throw new Error(`no ${patientId} in ${JSON.stringify(result)}`);
  return found;
}

const list = (value: unknown): Record<string, unknown>[] =>
  value === undefined ? [] : ((Array.isArray(value) ? value : [value]) as Record<string, unknown>[]);

describe('prescriptions (MedicationRequest)', () => {
  it('belong to a line, say what they do to it, and carry its medicine', async () => {
    const patient = await patientAt('hjemmesykepleien-nord', 'Resept');
    const metoprolol = await newLine('berg', line(patient, 'metoprolol', [daily(1, 'tablett', ['MORN'])]));
    const request = {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      extension: [link(metoprolol.id), { url: ACTION_URL, valueCode: 'renew' }],
      subject: { reference: `Patient/${patient}` },
      medicationCodeableConcept: metoprolol['medicationCodeableConcept'],
    };
    const renewed = await expectStatus<Json>(
      await t.fhir('MedicationRequest', { method: 'POST', as: 'berg', json: request }),
      201,
    );
    expect(renewed['medicationCodeableConcept']).toEqual(metoprolol['medicationCodeableConcept']);
    expect((renewed['dosageInstruction'] as Json[])[0]?.['text']).toBe('1 tablett morgen');
    expect(renewed['requester']).toMatchObject({
      reference: 'PractitionerRole/eirik-berg--lillesand-legekontor',
    });
    const linked = (renewed['extension'] as Json[]).find((e) => e['url'] === LINK_URL)?.[
      'valueReference'
    ] as Json;
    expect(linked['identifier']).toEqual({
      system: 'https://akson.no/fhir/NamingSystem/medication-line',
      value: expect.any(String),
    });

    await expectError(
      await t.fhir('MedicationRequest', {
        method: 'POST',
        as: 'berg',
        json: { ...request, extension: [link(metoprolol.id)] },
      }),
      400,
      'AKS_ERR_MEDICATION_REQUEST_INVALID',
    );
    await expectError(
      await t.fhir('MedicationRequest', {
        method: 'POST',
        as: 'berg',
        json: { ...request, extension: [{ url: ACTION_URL, valueCode: 'start' }] },
      }),
      400,
      'AKS_ERR_MEDICATION_LINK_INVALID',
    );
    await expectError(
      await t.fhir('MedicationRequest', {
        method: 'POST',
        as: 'berg',
        json: {
          ...request,
          medicationCodeableConcept: {
            coding: [{ system: 'http://www.whocc.no/atc', code: 'N02BE01' }],
            text: 'Paracet',
          },
        },
      }),
      400,
      'AKS_ERR_MEDICATION_REQUEST_INVALID',
    );
    await expectError(
      await t.fhir('MedicationRequest', {
        method: 'POST',
        as: 'berg',
        json: { ...request, extension: [link(metoprolol.id), { url: ACTION_URL, valueCode: 'stop' }] },
      }),
      400,
      'AKS_ERR_MEDICATION_REQUEST_INVALID',
    );
    // A prescription says what the line says: another dosage than the line's is refused.
    const changeRequest = {
      ...request,
      extension: [link(metoprolol.id), { url: ACTION_URL, valueCode: 'change' }],
      dosageInstruction: [daily(2, 'tablett', ['MORN'])],
    };
    const differs = await expectError(
      await t.fhir('MedicationRequest', { method: 'POST', as: 'berg', json: changeRequest }),
      400,
      'AKS_ERR_MEDICATION_REQUEST_INVALID',
    );
    expect(differs.issue[0]?.details?.text).toMatch(/not the line's/);
    // A change with a new dosage in a transaction: the line's PUT first, then the prescription's PUT.
    const changeId = crypto.randomUUID();
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: { ...metoprolol, dosage: [daily(2, 'tablett', ['MORN'])] },
          request: { method: 'PUT', url: `MedicationStatement/${metoprolol.id}` },
        },
        {
          resource: { ...changeRequest, id: changeId },
          request: { method: 'PUT', url: `MedicationRequest/${changeId}` },
        },
      ],
    };
    const changed = await expectStatus<Json>(
      await t.fhir(t.base, { method: 'POST', as: 'berg', json: bundle }),
      200,
    );
    expect(((changed['entry'] as Json[])[1]?.['response'] as Json)['status']).toBe('201 Created');
    // A stop is for a stopped line: stop the line, then prescribe the stop.
    const current = await expectStatus<Json>(
      await t.fhir(`MedicationStatement/${metoprolol.id}`, { as: 'berg' }),
      200,
    );
    await expectStatus(
      await t.fhir(`MedicationStatement/${metoprolol.id}`, {
        method: 'PUT',
        as: 'berg',
        json: { ...current, status: 'stopped', statusReason: [{ text: 'Bradykardi' }] },
      }),
      200,
    );
    await expectStatus(
      await t.fhir('MedicationRequest', {
        method: 'POST',
        as: 'berg',
        json: {
          ...request,
          status: 'stopped',
          statusReason: { text: 'Bradykardi' },
          extension: [link(metoprolol.id), { url: ACTION_URL, valueCode: 'stop' }],
        },
      }),
      201,
    );
    // Nurses record medicines on the list; they do not prescribe.
    await expectError(await t.fhir('MedicationRequest', { method: 'POST', as: 'silje', json: request }), 403);
  });
});

describe('administrations (MedicationAdministration)', () => {
  it('record given and not given doses with a reason, by the caller', async () => {
    const patient = await patientAt('hjemmesykepleien-nord', 'Utdeling');
    const metoprolol = await newLine('berg', line(patient, 'metoprolol', [daily(1, 'tablett', ['MORN'])]));
    const saved = await record(
      'silje',
      given(metoprolol.id, '2026-03-02T08:05:00+01:00', '2026-03-02T08:00:00+01:00', 1, 'tablett'),
    );
    expect(saved['performer']).toEqual([
      {
        actor: {
          reference: 'PractitionerRole/silje-nilsen--hjemmesykepleien-nord',
          display: 'Silje Nilsen (Hjemmesykepleien sone Nord)',
        },
      },
    ]);
    expect(saved['subject']).toEqual({ reference: `Patient/${patient}` });
    expect(saved['medicationCodeableConcept']).toEqual(metoprolol['medicationCodeableConcept']);

    const refused = administration(metoprolol.id, {
      status: 'not-done',
      effectiveDateTime: '2026-03-03T08:10:00+01:00',
    });
    await expectError(
      await t.fhir('MedicationAdministration', { method: 'POST', as: 'silje', json: refused }),
      400,
      'AKS_ERR_MEDICATION_ADMIN_INVALID',
    );
    await record('silje', {
      ...refused,
      statusReason: [{ coding: [{ system: NOT_GIVEN, code: 'refused' }], text: 'Ville ikke ta tabletten' }],
    });
    await expectError(
      await t.fhir('MedicationAdministration', {
        method: 'POST',
        as: 'silje',
        json: administration(metoprolol.id, { effectiveDateTime: '2026-03-03T08:10:00+01:00' }),
      }),
      400,
      'AKS_ERR_MEDICATION_ADMIN_INVALID',
    );
    // A nurse of another unit without a relation cannot see the line, so cannot give from it.
    await expectError(
      await t.fhir('MedicationAdministration', {
        method: 'POST',
        as: 'tone',
        json: given(metoprolol.id, '2026-03-02T08:05:00+01:00', undefined, 1, 'tablett'),
      }),
      400,
      'AKS_ERR_MEDICATION_LINK_INVALID',
    );
  });
});

describe('administrations on a paused line', () => {
  it('are refused with the reason, except a dose given before the pause', async () => {
    const patient = await patientAt('hjemmesykepleien-nord', 'Pause');
    const metoprolol = await newLine('berg', line(patient, 'metoprolol', [daily(1, 'tablett', ['MORN'])]));
    const before = new Date(Date.now() - 3_600_000).toISOString();
    await expectStatus(
      await t.fhir(`MedicationStatement/${metoprolol.id}`, {
        method: 'PUT',
        as: 'berg',
        json: { ...metoprolol, status: 'on-hold', statusReason: [{ text: 'Lavt blodtrykk' }] },
      }),
      200,
    );
    const refused = await expectError(
      await t.fhir('MedicationAdministration', {
        method: 'POST',
        as: 'silje',
        json: given(metoprolol.id, new Date(Date.now() + 60_000).toISOString(), undefined, 1, 'tablett'),
      }),
      400,
      'AKS_ERR_MEDICATION_ADMIN_INVALID',
    );
    expect(refused.issue[0]?.details?.text).toMatch(/paused \(on hold: Lavt blodtrykk\)/);
    // Documenting the morning dose given before the GP paused the line is still possible.
    await record('silje', given(metoprolol.id, before, undefined, 1, 'tablett'));
  });
});

describe('the administration schedule', () => {
  it('shows due, late, missed, given, refused and as-needed doses for the unit’s patients', async () => {
    const patient = await patientAt('hjemmesykepleien-nord', 'Runde');
    const metoprolol = await newLine(
      'berg',
      line(patient, 'metoprolol', [daily(1, 'tablett', ['MORN', 'EVE'])], {
        extension: [{ url: MULTIDOSE_URL, valueBoolean: true }],
      }),
    );
    const paracet = await newLine('berg', line(patient, 'paracetamol', [asNeeded(2, 'tablett', 3, 6)]));
    await newLine(
      'berg',
      line(patient, 'metotreksat', [
        dose(6, 'tablett', { frequency: 1, period: 1, periodUnit: 'wk', dayOfWeek: ['mon'], when: ['MORN'] }),
      ]),
    );
    await newLine(
      'berg',
      line(patient, 'omeprazol', [dose(1, 'kapsel', { frequency: 1, period: 3, periodUnit: 'd' })]),
    );
    await newLine('berg', line(patient, 'simvastatin', [daily(1, 'tablett', ['EVE'])]));
    const date = '2026-03-02'; // a Monday
    await record(
      'silje',
      given(metoprolol.id, '2026-03-02T08:04:00+01:00', '2026-03-02T08:00:00+01:00', 1, 'tablett'),
    );
    await record('silje', given(paracet.id, '2026-03-02T09:00:00+01:00', undefined, 2, 'tablett'));
    await record('silje', given(paracet.id, '2026-03-02T13:00:00+01:00', undefined, 2, 'tablett'));

    const at = '2026-03-02T21:30:00+01:00';
    const result = await schedule('silje', 'hjemmesykepleien-nord', date, at);
    const me = patientPart(result, patient);
    const doses = list(me['dose']).map(
      (d) => `${d['dueLocal']} ${d['medicine']} ${d['dose']} ${d['status']}${d['multidose'] ? ' MD' : ''}`,
    );
    expect(doses).toEqual([
      '08:00 Metex tab 2,5 mg 6 tabletter missed',
      '08:00 Selo-Zok depottab 50 mg 1 tablett given MD',
      '20:00 Selo-Zok depottab 50 mg 1 tablett late MD',
      '20:00 Simvastatin tab 20 mg 1 tablett late',
    ]);
    const [prn] = list(me['asNeeded']);
    expect(prn).toMatchObject({
      givenCount: 2,
      givenAmount: 4,
      maxPerDay: '6 tabletter',
      remaining: 2,
      overMax: false,
    });
    expect(list(me['unscheduled'])).toEqual([
      expect.objectContaining({
        medicine: 'Omeprazol kaps 20 mg',
        reason: expect.stringMatching(/startdato/),
      }),
    ]);

    // Refused, then given late; an as-needed dose over the maximum is flagged.
    const evening = '2026-03-02T20:00:00+01:00';
    await record('silje', {
      ...administration(metoprolol.id, {
        status: 'not-done',
        effectiveDateTime: '2026-03-02T20:10:00+01:00',
        extension: [{ url: SCHEDULED_URL, valueDateTime: evening }],
      }),
      statusReason: [{ coding: [{ system: NOT_GIVEN, code: 'refused' }], text: 'Sov' }],
    });
    const simvastatin = list(me['dose']).find((d) => d['medicine'] === 'Simvastatin tab 20 mg') as Record<
      string,
      unknown
    >;
    const simvastatinLine = (simvastatin['line'] as Json)['reference'] as string;
    await record(
      'silje',
      given(simvastatinLine.split('/')[1] as string, '2026-03-02T21:20:00+01:00', evening, 1, 'tablett'),
    );
    await record('silje', given(paracet.id, '2026-03-02T18:00:00+01:00', undefined, 2, 'tablett'));
    await record('silje', given(paracet.id, '2026-03-02T21:00:00+01:00', undefined, 2, 'tablett'));
    const later = patientPart(await schedule('silje', 'hjemmesykepleien-nord', date, at), patient);
    const byMedicine = (name: string, local: string) =>
      list(later['dose']).find((d) => d['medicine'] === name && d['dueLocal'] === local) as Record<
        string,
        unknown
      >;
    expect(byMedicine('Selo-Zok depottab 50 mg', '20:00')).toMatchObject({
      status: 'refused',
      reason: 'Sov',
    });
    expect(byMedicine('Simvastatin tab 20 mg', '20:00')).toMatchObject({ status: 'given', givenLate: true });
    expect(list(later['asNeeded'])[0]).toMatchObject({
      givenCount: 4,
      givenAmount: 8,
      remaining: 0,
      overMax: true,
    });

    // Before the morning: planned; just after 08:00: due.
    const morning = patientPart(
      await schedule('silje', 'hjemmesykepleien-nord', date, '2026-03-02T08:20:00+01:00'),
      patient,
    );
    expect(list(morning['dose']).map((d) => d['status'])).toEqual(['due', 'given', 'planned', 'planned']);
  });

  it('counts as-needed doses over the 24 hours before the moment, in the maximum’s unit through the strength', async () => {
    const patient = await patientAt('hjemmesykepleien-nord', 'Maksdose');
    const UCUM = 'http://unitsofmeasure.org';
    // "1 tablett ved behov, maks 4 g per døgn": the maximum is in grams, the doses in tablets of 500 mg.
    const maxFourGrams = {
      ...dose(1, 'tablett', { frequency: 8, period: 1, periodUnit: 'd' }),
      asNeededBoolean: true,
      maxDosePerPeriod: {
        numerator: { value: 4, unit: 'g', system: UCUM, code: 'g' },
        denominator: { value: 1, unit: 'd', system: UCUM, code: 'd' },
      },
    };
    const paracet = await newLine('berg', line(patient, 'paracetamol', [maxFourGrams]));
    // The same without a strength in the name (another patient): the tablets cannot be counted in grams.
    const other = await patientAt('hjemmesykepleien-nord', 'Maksdose');
    const unknown = await newLine(
      'berg',
      line(other, 'paracetamol', [maxFourGrams], {
        medicationCodeableConcept: {
          coding: [{ system: 'http://www.whocc.no/atc', code: 'N02BE01' }],
          text: 'Paracetamol tabletter',
        },
      }),
    );
    // Late the evening before and early in the morning: 6 tablets (3 g) within the last 24 hours at 07:00.
    await record('silje', given(paracet.id, '2026-03-04T06:30:00+01:00', undefined, 2, 'tablett'));
    await record('silje', given(paracet.id, '2026-03-04T23:00:00+01:00', undefined, 4, 'tablett'));
    await record('silje', given(paracet.id, '2026-03-05T06:00:00+01:00', undefined, 1000, 'mg'));
    await record('silje', given(unknown.id, '2026-03-05T06:00:00+01:00', undefined, 2, 'tablett'));
    const prn = async (at: string, who = patient) => {
      const me = patientPart(await schedule('silje', 'hjemmesykepleien-nord', '2026-03-05', at), who);
      return list(me['asNeeded']);
    };
    const [known] = await prn('2026-03-05T07:00:00+01:00');
    const [unassessed] = await prn('2026-03-05T07:00:00+01:00', other);
    expect(known).toMatchObject({
      medicine: 'Paracet tab 500 mg',
      givenCount: 2,
      givenAmount: 3,
      unit: 'g',
      maxPerDay: '4 g',
      maxAssessed: true,
      remaining: 1,
      overMax: false,
    });
    expect(unassessed).toMatchObject({
      medicine: 'Paracetamol tabletter',
      maxAssessed: false,
      givenCount: 1,
    });
    expect(unassessed?.['maxNotAssessed']).toMatch(/kan ikke vurderes/);
    expect(unassessed).not.toHaveProperty('overMax');
    expect(unassessed).not.toHaveProperty('remaining');

    // Three more tablets at 08:00 go over 4 g in 24 hours, although the calendar day has only 2,5 g.
    await record('silje', given(paracet.id, '2026-03-05T08:00:00+01:00', undefined, 3, 'tablett'));
    const [over] = await prn('2026-03-05T09:00:00+01:00');
    expect(over).toMatchObject({ givenAmount: 4.5, remaining: 0, overMax: true });
    // By 23:30 the evening dose has left the window: 2,5 g.
    const [evening] = await prn('2026-03-05T23:30:00+01:00');
    expect(evening).toMatchObject({ givenAmount: 2.5, overMax: false });

    // A dose in a unit that cannot be related to the line's tablets is refused.
    await expectError(
      await t.fhir('MedicationAdministration', {
        method: 'POST',
        as: 'silje',
        json: given(paracet.id, '2026-03-05T10:00:00+01:00', undefined, 5, 'ml'),
      }),
      400,
      'AKS_ERR_MEDICATION_ADMIN_INVALID',
    );
    await expectError(
      await t.fhir('MedicationAdministration', {
        method: 'POST',
        as: 'silje',
        json: given(unknown.id, '2026-03-05T10:00:00+01:00', undefined, 500, 'mg'),
      }),
      400,
      'AKS_ERR_MEDICATION_ADMIN_INVALID',
    );
  });

  it('keeps local clock times across the daylight-saving changes (Europe/Oslo, 2026)', async () => {
    const patient = await patientAt('solglott-avd-2', 'Sommertid');
    await newLine('berg@solglott-avd-2', line(patient, 'metoprolol', [daily(1, 'tablett', ['MORN', 'EVE'])]));
    await newLine(
      'berg@solglott-avd-2',
      line(patient, 'paracetamol', [dose(1, 'tablett', { frequency: 1, period: 8, periodUnit: 'h' })]),
    );
    await newLine(
      'berg@solglott-avd-2',
      line(patient, 'simvastatin', [
        dose(1, 'tablett', { frequency: 1, period: 1, periodUnit: 'd', timeOfDay: ['02:30:00'] }),
      ]),
    );
    const due = async (date: string) =>
      list(
        patientPart(
          await schedule('moen@solglott-avd-2', 'solglott-avd-2', date, `${date}T12:00:00Z`),
          patient,
        )['dose'],
      ).map((d) => `${d['dueLocal']} ${d['due']} ${String(d['medicine']).split(' ')[0]}`);
    // Spring forward: 29 March, 02:00 → 03:00. Before it +01:00, after it +02:00.
    expect(await due('2026-03-28')).toEqual([
      '00:00 2026-03-27T23:00:00.000Z Paracet',
      '02:30 2026-03-28T01:30:00.000Z Simvastatin',
      '08:00 2026-03-28T07:00:00.000Z Paracet',
      '08:00 2026-03-28T07:00:00.000Z Selo-Zok',
      '16:00 2026-03-28T15:00:00.000Z Paracet',
      '20:00 2026-03-28T19:00:00.000Z Selo-Zok',
    ]);
    const spring = await due('2026-03-29');
    // Fixed times keep their clock time; every 8 hours stays 8 real hours (16:00, 00:00, then 09:00 summer time).
    expect(spring.filter((d) => !d.includes('Simvastatin'))).toEqual([
      '00:00 2026-03-28T23:00:00.000Z Paracet',
      '08:00 2026-03-29T06:00:00.000Z Selo-Zok',
      '09:00 2026-03-29T07:00:00.000Z Paracet',
      '17:00 2026-03-29T15:00:00.000Z Paracet',
      '20:00 2026-03-29T18:00:00.000Z Selo-Zok',
    ]);
    // 02:30 does not exist that night: the dose falls at 03:30 summer time, once, never twice or lost.
    expect(spring.filter((d) => d.includes('Simvastatin'))).toEqual([
      '03:30 2026-03-29T01:30:00.000Z Simvastatin',
    ]);
    // Fall back: 25 October, 03:00 → 02:00; 02:30 happens twice, the dose once.
    const autumn = await due('2026-10-25');
    expect(autumn).toEqual([
      '01:00 2026-10-24T23:00:00.000Z Paracet',
      expect.stringMatching(/^02:30 2026-10-25T0[01]:30:00.000Z Simvastatin$/),
      '08:00 2026-10-25T07:00:00.000Z Paracet',
      '08:00 2026-10-25T07:00:00.000Z Selo-Zok',
      '16:00 2026-10-25T15:00:00.000Z Paracet',
      '20:00 2026-10-25T19:00:00.000Z Selo-Zok',
    ]);
    // The series never has a gap other than 8 hours, from the winter day before to the summer day after.
    const paracet = (await Promise.all(['2026-03-28', '2026-03-29', '2026-03-30'].map((date) => due(date))))
      .flat()
      .filter((d) => d.endsWith('Paracet'))
      .map((d) => Date.parse(d.split(' ')[1] as string));
    expect(new Set(paracet.slice(1).map((at, i) => (at - (paracet[i] as number)) / 3_600_000))).toEqual(
      new Set([8]),
    );
    expect(await due('2026-10-26')).toContain('08:00 2026-10-26T07:00:00.000Z Selo-Zok');
    expect(await due('2026-10-24')).toContain('08:00 2026-10-24T06:00:00.000Z Selo-Zok');
  });

  it('keeps the doses of a line stopped that day that were due before the stop', async () => {
    const patient = await patientAt('hjemmesykepleien-nord', 'Seponert');
    const metoprolol = await newLine(
      'berg',
      line(patient, 'metoprolol', [daily(1, 'tablett', ['MORN', 'EVE'])]),
    );
    await record(
      'silje',
      given(metoprolol.id, '2026-03-02T08:03:00+01:00', '2026-03-02T08:00:00+01:00', 1, 'tablett'),
    );
    const stopped = await expectStatus<Json>(
      await t.fhir(`MedicationStatement/${metoprolol.id}`, {
        method: 'PUT',
        as: 'berg',
        json: {
          ...metoprolol,
          status: 'stopped',
          statusReason: [{ text: 'Bradykardi' }],
          effectivePeriod: { end: '2026-03-02T12:00:00+01:00' },
        },
      }),
      200,
    );
    expect(stopped['status']).toBe('stopped');
    const doses = async (date: string) =>
      list(
        patientPart(
          await schedule('silje', 'hjemmesykepleien-nord', date, `${date}T21:00:00+01:00`),
          patient,
        )['dose'],
      ).map((d) => `${d['dueLocal']} ${d['status']}`);
    // The morning dose stays given; the evening dose after the stop is not due.
    expect(await doses('2026-03-02')).toEqual(['08:00 given']);
    expect(await doses('2026-03-01')).toEqual(['08:00 missed', '20:00 late']);
    expect(await doses('2026-03-03')).toEqual([]);
  });

  it('is for the unit’s own staff', async () => {
    await expectError(
      await t.fhir('Organization/solglott-avd-2/$administration-schedule?date=2026-03-02', { as: 'silje' }),
      403,
      'AKS_ERR_MEDICATION_SCHEDULE_UNIT',
    );
    await expectError(
      await t.fhir('Organization/solglott-avd-2/$administration-schedule?date=2026-03-02', {
        as: 'moen@solglott-avd-1',
      }),
      403,
      'AKS_ERR_MEDICATION_SCHEDULE_UNIT',
    );
    await expectError(
      await t.fhir('Organization/solglott-avd-2/$administration-schedule?date=2.3.2026', {
        as: 'moen@solglott-avd-2',
      }),
      400,
      'AKS_ERR_OPERATION_PARAMETER',
    );
    const empty = await expectStatus<Json>(
      await t.fhir('Organization/lillesand-fysioterapi/$administration-schedule?date=2026-03-02', {
        as: 'ingeborg',
      }),
      200,
    );
    expect(param(empty, 'date')).toBe('2026-03-02');
  });
});
