/**
 * $check, $medication-list, and the PLL-mapped export and import, over real HTTP as demo users: findings of each
 * check type with the shipped FEST sample (interaction, allergy, duplicate, maximum dose), redaction of lines the
 * caller may not see, stopped lines for 90 days, who changed what, and an import that refuses to guess.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, episodeAt, newPatient } from './access-fixtures.ts';
import { syntheticNationalId } from '@akson/fhir';
import { expectError } from './fhir-test-kit.ts';
import {
  acknowledgement,
  asNeeded,
  createLine,
  daily,
  dose,
  findingsOf,
  line,
  lineIdOf,
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

async function bergsPatient(birthDate = '1950-01-01'): Promise<string> {
  return newPatient(t, 'Liste', {
    birthDate,
    generalPractitioner: [{ reference: 'PractitionerRole/eirik-berg--lillesand-legekontor' }],
  });
}

async function check(as: string, statement: Json): Promise<Json> {
  return expectStatus<Json>(
    await t.fhir('MedicationStatement/$check', { method: 'POST', as, json: statement }),
    200,
  );
}

const findings = (result: Json) => params(result, 'finding').map(partsOf);

describe('$check', () => {
  it('finds each check type with the shipped FEST sample, without writing', async () => {
    const patient = await bergsPatient('1940-05-01');
    await create(t, {
      resourceType: 'AllergyIntolerance',
      patient: { reference: `Patient/${patient}` },
      clinicalStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
        ],
      },
      code: { coding: [{ system: 'http://www.whocc.no/atc', code: 'J01C' }], text: 'Penicilliner' },
    });
    const warfarin = await createLine(t, 'berg', line(patient, 'warfarin', [daily(1, 'tablett', ['EVE'])]));
    const paracet = await createLine(
      t,
      'berg',
      line(patient, 'paracetamol', [dose(1000, 'mg', { frequency: 3, period: 1, periodUnit: 'd' })]),
    );

    const interaction = await check('berg', line(patient, 'naproxen', [daily(1, 'tablett', ['MORN'])]));
    expect(param(interaction, 'canSave')).toBe(false);
    expect(param(interaction, 'requiresAcknowledgement')).toBe(true);
    expect(param(interaction, 'dosageText')).toBe('1 tablett morgen');
    expect(findings(interaction)).toEqual([
      expect.objectContaining({
        kind: 'interaction',
        severity: 'high',
        line: lineIdOf(warfarin),
        acknowledged: false,
      }),
    ]);
    expect(findings(interaction)[0]?.['clinicalConsequence']).toMatch(/blødning/i);

    const allergy = await check('berg', line(patient, 'amoxicillin', [daily(1, 'tablett', ['MORN'])]));
    expect(findings(allergy)).toEqual([expect.objectContaining({ kind: 'allergy', severity: 'high' })]);

    // A second paracetamol line: the same substance twice (moderate), and 5 g a day together (over 4 g).
    const maxDose = await check(
      'berg',
      line(patient, 'paracetamol', [dose(1000, 'mg', { frequency: 2, period: 1, periodUnit: 'd' })]),
    );
    expect(
      findings(maxDose)
        .map((f) => `${f['kind']}:${f['severity']}`)
        .sort(),
    ).toEqual(['duplicate:moderate', 'max-dose:high']);
    expect(findings(maxDose).find((f) => f['kind'] === 'max-dose')?.['line']).toBe(lineIdOf(paracet));
    const withinLimit = await check(
      'berg',
      line(patient, 'paracetamol', [dose(500, 'mg', { frequency: 1, period: 1, periodUnit: 'd' })]),
    );
    expect(findings(withinLimit).map((f) => f['kind'])).toEqual(['duplicate']);
    expect(param(withinLimit, 'canSave')).toBe(true);

    // The key $check gives is the one the write accepts.
    const key = findings(interaction)[0]?.['key'] as string;
    const acked = await check('berg', {
      ...line(patient, 'naproxen', [daily(1, 'tablett', ['MORN'])]),
      extension: [acknowledgement(key, 'Vurdert, kort kur')],
    });
    expect(param(acked, 'canSave')).toBe(true);
    await createLine(t, 'berg', {
      ...line(patient, 'naproxen', [daily(1, 'tablett', ['MORN'])]),
      extension: [acknowledgement(key, 'Vurdert, kort kur')],
    });
    // Nothing was written by $check itself: exactly three active lines now.
    const list = await expectStatus<Json>(
      await t.fhir(`Patient/${patient}/$medication-list`, { as: 'berg' }),
      200,
    );
    expect(params(list, 'line')).toHaveLength(3);
  });

  it('reports dosage problems and line problems as the write would', async () => {
    const patient = await bergsPatient();
    const result = await check(
      'berg',
      line(patient, 'metotreksat', [
        dose(6, 'tablett', { frequency: 1, period: 1, periodUnit: 'd', dayOfWeek: ['mon'] }),
      ]),
    );
    expect(param(result, 'canSave')).toBe(false);
    expect(param(result, 'dosageText')).toBeUndefined();
    const outcome = param(result, 'outcome') as { issue: { details: { coding: { code: string }[] } }[] };
    expect(outcome.issue[0]?.details.coding[1]?.code).toBe('day-of-week-needs-weekly-period');
  });

  it('is refused to callers who could not write the line', async () => {
    const patient = await bergsPatient();
    await expectError(
      await t.fhir('MedicationStatement/$check', {
        method: 'POST',
        as: 'maria',
        json: line(patient, 'naproxen', [daily(1, 'tablett', ['MORN'])]),
      }),
      404,
    );
    await expectError(
      await t.fhir('MedicationStatement/$check', {
        method: 'POST',
        as: 'ingrid',
        json: line('ingrid-fjeld', 'naproxen', [daily(1, 'tablett', ['MORN'])]),
      }),
      403,
    );
  });

  it('checks against lines the caller cannot see without naming them', async () => {
    const patient = await bergsPatient();
    await episodeAt(t, patient, 'lillesand-psykisk-helse-rus');
    await createLine(t, 'kristian', {
      ...line(patient, 'citalopram', [daily(1, 'tablett', ['MORN'])]),
      meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }] },
    });
    const tramadol = {
      ...line(patient, 'paracetamol', [daily(1, 'kapsel', ['MORN'])]),
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.whocc.no/atc', code: 'N02AX02' }],
        text: 'Nobligan kaps 50 mg',
      },
    };
    const result = await check('berg', tramadol);
    const text = JSON.stringify(result);
    expect(text).not.toMatch(/Cipramil|citalopram|N06AB04|serotonin/i);
    expect(findings(result)).toEqual([
      expect.objectContaining({
        kind: 'interaction',
        withheld: true,
        text: expect.stringContaining('et legemiddel du ikke har tilgang til'),
      }),
    ]);
    // Kristian's own unit sees both and the full FEST text.
    const own = await check('kristian', tramadol);
    expect(findings(own)[0]?.['text']).toMatch(/Cipramil/);
    // The list: berg is told one line is withheld, never which.
    const list = await expectStatus<Json>(
      await t.fhir(`Patient/${patient}/$medication-list`, { as: 'berg' }),
      200,
    );
    expect(param(list, 'withheld')).toBe(1);
    expect(JSON.stringify(list)).not.toMatch(/Cipramil|N06AB04/);
  });
});

describe('$medication-list', () => {
  it('shows status, Norwegian dosage, who changed it and when; stopped lines for 90 days', async () => {
    const patient = await bergsPatient();
    await episodeAt(t, patient, 'hjemmesykepleien-nord');
    const ibux = await createLine(t, 'berg', line(patient, 'ibuprofen', [daily(1, 'tablett', ['MORN'])]));
    await createLine(
      t,
      'berg',
      line(patient, 'paracetamol', [asNeeded(1, 'tablett', 3, 6)], {
        extension: [{ url: 'https://akson.no/fhir/StructureDefinition/multidose', valueBoolean: false }],
      }),
    );
    await expectStatus(
      await t.fhir(`MedicationStatement/${ibux.id}`, {
        method: 'PUT',
        as: 'berg',
        json: { ...ibux, status: 'stopped', statusReason: [{ text: 'Blødningsrisiko' }] },
      }),
      200,
    );
    const old = await createLine(t, 'berg', line(patient, 'omeprazol', [daily(1, 'kapsel', ['MORN'])]));
    await expectStatus(
      await t.fhir(`MedicationStatement/${old.id}`, {
        method: 'PUT',
        as: 'berg',
        json: {
          ...old,
          status: 'stopped',
          statusReason: [{ text: 'Ikke lenger indikasjon' }],
          effectivePeriod: { end: new Date(Date.now() - 91 * 86_400_000).toISOString() },
        },
      }),
      200,
    );
    const list = await expectStatus<Json>(
      await t.fhir(`Patient/${patient}/$medication-list`, { as: 'silje' }),
      200,
    );
    const lines = params(list, 'line').map(partsOf);
    expect(lines.map((l) => `${l['medicine']}: ${l['status']}`).sort()).toEqual([
      'Ibux tab 400 mg: stopped',
      'Paracet tab 500 mg: active',
    ]);
    const paracet = lines.find((l) => l['status'] === 'active');
    expect(paracet?.['dosageText']).toBe('1 tablett 3 ganger daglig ved behov, maks 6 per døgn');
    expect(paracet?.['changedBy']).toBe('Eirik Berg (Lillesand legekontor)');
    expect(paracet?.['changedAt']).toMatch(/^\d{4}-/);
    const stopped = lines.find((l) => l['status'] === 'stopped');
    expect(stopped?.['visibleUntil']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(stopped?.['stoppedAt']).toMatch(/^\d{4}-/);
  });

  it('shows findings of the whole list with their acknowledgement', async () => {
    const patient = await bergsPatient();
    await createLine(t, 'berg', line(patient, 'warfarin', [daily(1, 'tablett', ['EVE'])]));
    const refused = await expectError(
      await t.fhir('MedicationStatement', {
        method: 'POST',
        as: 'berg',
        json: line(patient, 'naproxen', [daily(1, 'tablett', ['MORN'])]),
      }),
      422,
      'AKS_ERR_MEDICATION_UNACKNOWLEDGED',
    );
    const key = findingsOf(refused)[0]?.key ?? '';
    await createLine(t, 'berg', {
      ...line(patient, 'naproxen', [daily(1, 'tablett', ['MORN'])]),
      extension: [acknowledgement(key, 'Kort kur, INR følges')],
    });
    const list = await expectStatus<Json>(
      await t.fhir(`Patient/${patient}/$medication-list`, { as: 'berg' }),
      200,
    );
    const [finding] = findings(list);
    expect(finding).toMatchObject({ kind: 'interaction', acknowledged: true });
    expect(finding?.['acknowledgement']).toMatchObject({
      reason: 'Kort kur, INR følges',
      by: 'Eirik Berg (Lillesand legekontor)',
    });
  });
});

describe('export and import (akson.pll-list/1)', () => {
  it('exports the PLL-mapped list and imports it into another record unchanged', async () => {
    const patient = await bergsPatient();
    await createLine(
      t,
      'berg',
      line(
        patient,
        'metotreksat',
        [
          dose(6, 'tablett', {
            frequency: 1,
            period: 1,
            periodUnit: 'wk',
            dayOfWeek: ['mon'],
            when: ['MORN'],
          }),
        ],
        { reasonCode: [{ text: 'Mot leddgikt' }], effectivePeriod: { start: '2026-01-05' } },
      ),
    );
    await createLine(
      t,
      'berg',
      line(patient, 'alendronat', [
        dose(70, 'mg', { frequency: 1, period: 1, periodUnit: 'wk', dayOfWeek: ['sun'] }),
      ]),
    );
    const response = await t.fhir(`Patient/${patient}/$medication-list-export`, { as: 'berg' });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const document = (await response.json()) as Json;
    expect(document['format']).toBe('akson.pll-list/1');
    const lines = document['lines'] as Json[];
    expect(lines.map((l) => l['dosVeiledEnkel']).sort()).toEqual([
      '6 tabletter hver mandag morgen',
      '70 mg hver søndag',
    ]);

    const other = await bergsPatient();
    // Line ids are the line's identity everywhere: the same ids cannot be a second patient's lines.
    await expectError(
      await t.fhir(`Patient/${other}/$medication-list-import`, {
        method: 'POST',
        as: 'berg',
        json: document,
      }),
      409,
      'AKS_ERR_MEDICATION_LINE_ID_TAKEN',
    );
    const fresh = { ...document, lines: lines.map((l) => ({ ...l, id: crypto.randomUUID() })) };
    const imported = await expectStatus<Json>(
      await t.fhir(`Patient/${other}/$medication-list-import`, { method: 'POST', as: 'berg', json: fresh }),
      200,
    );
    expect(param(imported, 'created')).toBe(2);
    const again = (await (
      await t.fhir(`Patient/${other}/$medication-list-export`, { as: 'berg' })
    ).json()) as Json;
    const byId = (a: Json, b: Json) => String(a['id']).localeCompare(String(b['id']));
    expect([...(again['lines'] as Json[])].sort(byId)).toEqual([...(fresh['lines'] as Json[])].sort(byId));
    // Importing the same document again changes nothing.
    const repeat = await expectStatus<Json>(
      await t.fhir(`Patient/${other}/$medication-list-import`, { method: 'POST', as: 'berg', json: fresh }),
      200,
    );
    expect(param(repeat, 'unchanged')).toBe(2);
  });

  it('refuses a weekly dose turned daily, and every other ambiguity, importing nothing', async () => {
    const patient = await bergsPatient();
    const weeklyAsDaily = {
      format: 'akson.pll-line/1',
      id: crypto.randomUUID(),
      legemiddel: { atc: { v: 'L04AX03' }, navnFormStyrke: 'Metex tab 2,5 mg' },
      dosering: [
        {
          doseFastTidspunkt: [
            {
              mengde: { v: 6, u: 'tablett' },
              intervall: { v: 1, u: 'Døgn' },
              gisEksakt: false,
              fastDose: { fasteUkedager: [{ v: '1', dn: 'Mandag' }] },
            },
          ],
        },
      ],
    };
    const fine = {
      format: 'akson.pll-line/1',
      id: crypto.randomUUID(),
      legemiddel: { atc: { v: 'N02BE01' }, navnFormStyrke: 'Paracet tab 500 mg' },
      dosering: [
        {
          doseFastTidspunkt: [
            { mengde: { v: 1, u: 'tablett' }, intervall: { v: 1, u: 'Døgn' }, gisEksakt: false },
          ],
        },
      ],
    };
    const textDiffers = { ...fine, id: crypto.randomUUID(), dosVeiledEnkel: 'seponert' };
    const outcome = await expectError(
      await t.fhir(`Patient/${patient}/$medication-list-import`, {
        method: 'POST',
        as: 'berg',
        json: {
          format: 'akson.pll-list/1',
          patient: { reference: `Patient/${patient}` },
          lines: [weeklyAsDaily, fine],
        },
      }),
      400,
      'AKS_ERR_MEDICATION_IMPORT_INVALID',
    );
    expect(outcome.issue[0]?.expression).toEqual(['lines[0]', expect.stringContaining('dayOfWeek')]);
    const differs = await expectError(
      await t.fhir(`Patient/${patient}/$medication-list-import`, {
        method: 'POST',
        as: 'berg',
        json: {
          format: 'akson.pll-list/1',
          patient: { reference: `Patient/${patient}` },
          lines: [fine, textDiffers],
        },
      }),
      400,
      'AKS_ERR_MEDICATION_IMPORT_INVALID',
    );
    expect(differs.issue[0]?.expression?.[0]).toBe('lines[1]');
    const list = await expectStatus<Json>(
      await t.fhir(`Patient/${patient}/$medication-list`, { as: 'berg' }),
      200,
    );
    expect(params(list, 'line')).toHaveLength(0);
  });

  it("refuses a document that is another person's list, naming them by national id", async () => {
    const FNR = 'urn:oid:2.16.578.1.12.4.1.4.1';
    // Synthetic numbers no other test of this file uses.
    const [mine, theirs] = [0, 1].map((sequence) =>
      syntheticNationalId({ birthDate: '1951-06-17', gender: 'female', sequence }),
    ) as [string, string];
    const gp = [{ reference: 'PractitionerRole/eirik-berg--lillesand-legekontor' }];
    const patient = await newPatient(t, 'Rett', {
      identifier: [{ system: FNR, value: mine }],
      generalPractitioner: gp,
    });
    const without = await newPatient(t, 'Uten', { generalPractitioner: gp });
    const document = (value: string) => ({
      format: 'akson.pll-list/1',
      patient: { reference: 'Patient/elsewhere', identifier: { system: FNR, value } },
      lines: [
        {
          format: 'akson.pll-line/1',
          id: crypto.randomUUID(),
          legemiddel: { atc: { v: 'N02BE01' }, navnFormStyrke: 'Paracet tab 500 mg' },
          dosering: [
            {
              doseFastTidspunkt: [
                {
                  mengde: { v: 1, u: 'tablett' },
                  intervall: { v: 1, u: 'Døgn' },
                  tidsomrade: { v: '1', dn: 'Morgen' },
                  gisEksakt: false,
                },
              ],
            },
          ],
        },
      ],
    });
    const importInto = (id: string, body: Json) =>
      t.fhir(`Patient/${id}/$medication-list-import`, { method: 'POST', as: 'berg', json: body });
    for (const [target, body] of [
      [patient, document(theirs)],
      [without, document(mine)],
    ] as const) {
      await expectError(await importInto(target, body), 422, 'AKS_ERR_MEDICATION_IMPORT_PATIENT');
      const list = await expectStatus<Json>(
        await t.fhir(`Patient/${target}/$medication-list`, { as: 'berg' }),
        200,
      );
      expect(params(list, 'line')).toHaveLength(0);
    }
    const imported = await expectStatus<Json>(await importInto(patient, document(mine)), 200);
    expect(param(imported, 'created')).toBe(1);
  });

  it('needs acknowledgements for serious findings, per line', async () => {
    const patient = await bergsPatient();
    const lineOf = (atc: string, name: string) => ({
      format: 'akson.pll-line/1',
      id: crypto.randomUUID(),
      legemiddel: { atc: { v: atc }, navnFormStyrke: name },
      dosering: [
        {
          doseFastTidspunkt: [
            {
              mengde: { v: 1, u: 'tablett' },
              intervall: { v: 1, u: 'Døgn' },
              tidsomrade: { v: '5', dn: 'Kveld' },
              gisEksakt: false,
            },
          ],
        },
      ],
    });
    const document = {
      format: 'akson.pll-list/1',
      patient: { reference: `Patient/${patient}` },
      lines: [lineOf('B01AA03', 'Marevan tab 2,5 mg'), lineOf('M01AE02', 'Naproxen tab 250 mg')],
    };
    const refused = await expectError(
      await t.fhir(`Patient/${patient}/$medication-list-import`, {
        method: 'POST',
        as: 'berg',
        json: document,
      }),
      422,
      'AKS_ERR_MEDICATION_UNACKNOWLEDGED',
    );
    const [finding] = findingsOf(refused);
    expect(finding?.entry).toBe(document.lines[1]?.id);
    const imported = await expectStatus<Json>(
      await t.fhir(`Patient/${patient}/$medication-list-import`, {
        method: 'POST',
        as: 'berg',
        json: {
          ...document,
          acknowledgements: [
            { line: finding?.entry, finding: finding?.key, reason: 'Overført fra PLL, vurdert' },
          ],
        },
      }),
      200,
    );
    expect(param(imported, 'created')).toBe(2);
    // Saved with its acknowledgement: the answer says what the import found.
    const said = findingsOf(param(imported, 'outcome') as never);
    expect(said).toEqual([
      expect.objectContaining({ kind: 'interaction', entry: finding?.entry, blocking: false }),
    ]);
  });
});
