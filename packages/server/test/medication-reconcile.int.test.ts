/**
 * Legemiddelsamstemming over real HTTP (SCENARIOS 4): a discharge summary's medication list as a FHIR Bundle,
 * the per-line difference, the nurse's decisions applied atomically with a List record and a Provenance
 * pointing at the source, rejected and unclear lines kept with their reason, and conflicting concurrent edits
 * (one wins, the other gets a clear conflict, nothing half-applied).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { episodeAt, newPatient } from './access-fixtures.ts';
import { expectError } from './fhir-test-kit.ts';
import {
  ATC_SYSTEM,
  LINE_SYSTEM,
  acknowledgement,
  createLine,
  daily,
  dose,
  findingsOf,
  line,
  lineIdOf,
  param,
  params,
  partsOf,
  readLine,
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

interface Setup {
  patient: string;
  metoprolol: Json & { id: string };
  ibuprofen: Json & { id: string };
  paracetamol: Json & { id: string };
  warfarin: Json & { id: string };
}

/** Ingrid's situation: on berg's list, in home care Nord, four lines. */
async function setup(): Promise<Setup> {
  const patient = await newPatient(t, 'Samstemming', {
    birthDate: '1942-03-11',
    generalPractitioner: [{ reference: 'PractitionerRole/eirik-berg--lillesand-legekontor' }],
  });
  await episodeAt(t, patient, 'hjemmesykepleien-nord');
  const warfarin = await createLine(t, 'berg', line(patient, 'warfarin', [daily(1, 'tablett', ['EVE'])]));
  const metoprolol = await createLine(
    t,
    'berg',
    line(patient, 'metoprolol', [daily(1, 'tablett', ['MORN'])]),
  );
  const paracetamol = await createLine(
    t,
    'berg',
    line(patient, 'paracetamol', [daily(1, 'tablett', ['MORN', 'EVE'])]),
  );
  const ibuprofenTry = await t.fhir('MedicationStatement', {
    method: 'POST',
    as: 'berg',
    json: line(patient, 'ibuprofen', [daily(1, 'tablett', ['NOON'])]),
  });
  const key = findingsOf(await ibuprofenTry.json())[0]?.key ?? '';
  const ibuprofen = await createLine(t, 'berg', {
    ...line(patient, 'ibuprofen', [daily(1, 'tablett', ['NOON'])]),
    extension: [acknowledgement(key, 'Kort kur etter fall, INR følges')],
  });
  return { patient, metoprolol, ibuprofen, paracetamol, warfarin };
}

/** The hospital's list: metoprolol doubled, omeprazol new, ibuprofen stopped, paracetamol as before, one unclear. */
function dischargeBundle(s: Setup): Json {
  const hospital = { reference: 'Patient/sykehus-123' };
  const statement = (medicine: string, atc: string, dosage: Json[], extra: Json = {}) => ({
    resource: {
      resourceType: 'MedicationStatement',
      id: `sh-${atc}`,
      status: 'active',
      medicationCodeableConcept: { coding: [{ system: ATC_SYSTEM, code: atc }], text: medicine },
      subject: hospital,
      dosage,
      ...extra,
    },
  });
  return {
    resourceType: 'Bundle',
    type: 'document',
    identifier: { system: 'urn:oid:2.16.578.1.12.4.1.2.99', value: 'epikrise-2026-0042' },
    entry: [
      {
        resource: {
          resourceType: 'Composition',
          status: 'final',
          type: {
            coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9602', code: 'J02-2', display: 'Epikrise' }],
          },
          title: 'Epikrise fra Sørlandet sykehus',
          date: '2026-03-02T10:00:00+01:00',
          author: [{ display: 'Sørlandet sykehus Arendal' }],
        },
      },
      statement('Selo-Zok depottab 50 mg', 'C07AB02', [daily(2, 'tablett', ['MORN'])]),
      statement('Omeprazol kaps 20 mg', 'A02BC01', [daily(1, 'kapsel', ['MORN'])]),
      statement('Ibux tab 400 mg', 'M01AE01', [daily(1, 'tablett', ['NOON'])], {
        status: 'stopped',
        statusReason: [{ text: 'Seponert pga. blødningsrisiko' }],
        effectivePeriod: { end: '2026-03-01T12:00:00+01:00' },
      }),
      statement('Paracet tab 500 mg', 'N02BE01', [daily(1, 'tablett', ['MORN', 'EVE'])], {
        identifier: [
          {
            type: { text: 'PLL' },
            system: 'urn:ietf:rfc:3986',
            value: `urn:uuid:${lineIdOf(s.paracetamol)}`,
          },
        ],
      }),
      statement('Furix tab 40 mg', 'C03CA01', [{ text: 'etter avtale' }]),
    ],
  };
}

async function preview(
  patient: string,
  bundle: Json,
  as = 'silje',
): Promise<Record<string, Record<string, unknown>>> {
  const result = await expectStatus<Json>(
    await t.fhir(`Patient/${patient}/$reconcile`, {
      method: 'POST',
      as,
      json: { resourceType: 'Parameters', parameter: [{ name: 'source', resource: bundle }] },
    }),
    200,
  );
  const byMedicine: Record<string, Record<string, unknown>> = {};
  for (const entry of params(result, 'entry').map(partsOf)) {
    const incoming = entry['incoming'] as Json | undefined;
    const name = incoming
      ? ((incoming['medicationCodeableConcept'] as Json)['text'] as string)
      : (entry['id'] as string);
    byMedicine[name] = entry;
  }
  return byMedicine;
}

function decision(entry: Record<string, unknown>, action: string, reason?: string): Json {
  return {
    name: 'decision',
    part: [
      { name: 'entry', valueString: entry['id'] },
      { name: 'fingerprint', valueString: entry['fingerprint'] },
      { name: 'action', valueCode: action },
      ...(reason ? [{ name: 'reason', valueString: reason }] : []),
    ],
  };
}

function apply(
  patient: string,
  bundle: Json,
  decisions: Json[],
  as = 'silje',
  extra: Json[] = [],
): Promise<Response> {
  return t.fhir(`Patient/${patient}/$reconcile-apply`, {
    method: 'POST',
    as,
    json: {
      resourceType: 'Parameters',
      parameter: [{ name: 'source', resource: bundle }, ...decisions, ...extra],
    },
  });
}

describe('reconciliation', () => {
  it('shows each line as new, stopped, dose changed, unchanged or unclear', async () => {
    const s = await setup();
    const entries = await preview(s.patient, dischargeBundle(s));
    expect(Object.fromEntries(Object.entries(entries).map(([name, e]) => [name, e['kind']]))).toEqual({
      'Selo-Zok depottab 50 mg': 'dose-changed',
      'Omeprazol kaps 20 mg': 'new',
      'Ibux tab 400 mg': 'stopped',
      'Paracet tab 500 mg': 'unchanged',
      'Furix tab 40 mg': 'unclear',
      [`list-${lineIdOf(s.warfarin)}`]: 'not-in-source',
    });
    expect(entries['Selo-Zok depottab 50 mg']).toMatchObject({
      currentDosageText: '1 tablett morgen',
      incomingDosageText: '2 tabletter morgen',
      current: { reference: `MedicationStatement/${s.metoprolol.id}` },
    });
    expect(entries['Furix tab 40 mg']?.['reason']).toMatch(/Uklar dosering/);
  });

  it('applies the decisions atomically, keeps rejected and unclear lines with their reason, and records the source', async () => {
    const s = await setup();
    const bundle = dischargeBundle(s);
    const entries = await preview(s.patient, bundle);
    const e = (name: string) => entries[name] as Record<string, unknown>;
    const response = await apply(s.patient, bundle, [
      decision(e('Selo-Zok depottab 50 mg'), 'accept'),
      decision(e('Omeprazol kaps 20 mg'), 'reject', 'Har hatt bivirkninger av omeprazol før'),
      decision(e('Ibux tab 400 mg'), 'accept'),
      decision(e('Furix tab 40 mg'), 'unclear', 'Uklart — spør fastlege om dosering'),
    ]);
    const result = await expectStatus<Json>(response, 200);
    const outcomes = Object.fromEntries(
      params(result, 'result')
        .map(partsOf)
        .map((r) => [r['entry'], r['outcome']]),
    );
    expect(Object.values(outcomes).sort()).toEqual([
      'accepted',
      'accepted',
      'kept',
      'rejected',
      'unchanged',
      'unclear',
    ]);

    const metoprolol = await readLine(t, 'berg', s.metoprolol.id);
    expect((metoprolol['dosage'] as Json[])[0]?.['text']).toBe('2 tabletter morgen');
    expect(lineIdOf(metoprolol)).toBe(lineIdOf(s.metoprolol));
    const ibuprofen = await readLine(t, 'berg', s.ibuprofen.id);
    expect(ibuprofen['status']).toBe('stopped');
    expect((ibuprofen['effectivePeriod'] as Json)['end']).toBe('2026-03-01T12:00:00+01:00');

    // The record: every incoming line kept, with the decision and its reason; the GP sees it too.
    const list = await expectStatus<Json>(
      await t.fhir(`${(param(result, 'list') as Json)['reference']}`, { as: 'berg' }),
      200,
    );
    expect((list['contained'] as Json[]).length).toBe(5);
    const decisions = (list['entry'] as Json[]).map((entry) =>
      Object.fromEntries(
        (((entry['extension'] as Json[])[0]?.['extension'] ?? []) as Json[]).map((p) => [
          p['url'],
          p['valueCode'] ?? p['valueString'] ?? (p['valueReference'] as Json | undefined)?.['reference'],
        ]),
      ),
    );
    expect(decisions).toContainEqual(
      expect.objectContaining({ decision: 'rejected', reason: 'Har hatt bivirkninger av omeprazol før' }),
    );
    expect(decisions).toContainEqual(
      expect.objectContaining({
        decision: 'unclear',
        reason: 'Uklart — spør fastlege om dosering',
        unclearBecause: expect.stringMatching(/Uklar dosering/),
      }),
    );
    const provenance = await expectStatus<Json>(
      await t.fhir(`${(param(result, 'provenance') as Json)['reference']}`, { as: 'berg' }),
      200,
    );
    expect(provenance['entity']).toEqual([
      {
        role: 'source',
        what: {
          identifier: { system: 'urn:oid:2.16.578.1.12.4.1.2.99', value: 'epikrise-2026-0042' },
          display: 'Epikrise fra Sørlandet sykehus',
        },
      },
    ]);
    expect((provenance['target'] as Json[]).map((r) => r['reference'])).toEqual(
      expect.arrayContaining([
        `MedicationStatement/${s.metoprolol.id}/_history/2`,
        `MedicationStatement/${s.ibuprofen.id}/_history/2`,
      ]),
    );
    expect((provenance['agent'] as Json[])[0]?.['who']).toMatchObject({
      reference: 'PractitionerRole/silje-nilsen--hjemmesykepleien-nord',
    });
  });

  it('refuses to accept an unclear line, and needs a decision for every changed line', async () => {
    const s = await setup();
    const bundle = dischargeBundle(s);
    const entries = await preview(s.patient, bundle);
    await expectError(
      await apply(s.patient, bundle, [decision(entries['Furix tab 40 mg'] as Json, 'accept')]),
      400,
      'AKS_ERR_MEDICATION_RECONCILE_INVALID',
    );
    await expectError(
      await apply(s.patient, bundle, [decision(entries['Selo-Zok depottab 50 mg'] as Json, 'accept')]),
      400,
      'AKS_ERR_MEDICATION_RECONCILE_INVALID',
    );
  });

  it('refuses a stale preview when someone changed the line meanwhile; nothing is half-applied', async () => {
    const s = await setup();
    const bundle = dischargeBundle(s);
    const entries = await preview(s.patient, bundle);
    const all = (e: Record<string, Record<string, unknown>>) => [
      decision(e['Selo-Zok depottab 50 mg'] as Json, 'accept'),
      decision(e['Omeprazol kaps 20 mg'] as Json, 'accept'),
      decision(e['Ibux tab 400 mg'] as Json, 'accept'),
      decision(e['Furix tab 40 mg'] as Json, 'unclear', 'Uklart — spør fastlege'),
    ];
    // The GP changes metoprolol after the nurse's preview.
    await expectStatus(
      await t.fhir(`MedicationStatement/${s.metoprolol.id}`, {
        method: 'PUT',
        as: 'berg',
        json: { ...s.metoprolol, dosage: [daily(1.5, 'tablett', ['MORN'])] },
      }),
      200,
    );
    const stale = await expectError(
      await apply(s.patient, bundle, all(entries)),
      409,
      'AKS_ERR_MEDICATION_RECONCILE_STALE',
    );
    expect(stale.issue[0]?.details?.text).toMatch(/in-\d/);
    const ibuprofen = await readLine(t, 'berg', s.ibuprofen.id);
    expect(ibuprofen['status']).toBe('active');
    const listed = await expectStatus<Json>(
      await t.fhir(`MedicationStatement?patient=${s.patient}&code=A02BC01`, { as: 'berg' }),
      200,
    );
    expect(
      ((listed['entry'] ?? []) as { resource: Json }[]).filter(
        (e) => e.resource['resourceType'] === 'MedicationStatement',
      ),
    ).toHaveLength(0);
    // A fresh preview sees the GP's change and can be applied.
    const again = await preview(s.patient, bundle);
    expect(again['Selo-Zok depottab 50 mg']?.['currentDosageText']).toBe('1½ tabletter morgen');
    await expectStatus(await apply(s.patient, bundle, all(again)), 200);
  });

  it('of two concurrent applications of one preview, one wins and the other gets a conflict', async () => {
    const s = await setup();
    const bundle = dischargeBundle(s);
    const entries = await preview(s.patient, bundle);
    const decisions = [
      decision(entries['Selo-Zok depottab 50 mg'] as Json, 'accept'),
      decision(entries['Omeprazol kaps 20 mg'] as Json, 'accept'),
      decision(entries['Ibux tab 400 mg'] as Json, 'accept'),
      decision(entries['Furix tab 40 mg'] as Json, 'unclear', 'Uklart — spør fastlege'),
    ];
    const results = await Promise.all([
      apply(s.patient, bundle, decisions, 'silje'),
      apply(s.patient, bundle, decisions, 'berg'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409) as Response;
    expect(
      ((await loser.json()) as { issue: { details: { coding: { code: string }[] } }[] }).issue[0]?.details
        .coding[0]?.code,
    ).toBe('AKS_ERR_MEDICATION_RECONCILE_STALE');
    const omeprazol = await expectStatus<Json>(
      await t.fhir(`MedicationStatement?patient=${s.patient}&code=A02BC01`, { as: 'berg' }),
      200,
    );
    expect(
      ((omeprazol['entry'] ?? []) as { resource: Json }[]).filter(
        (e) => e.resource['resourceType'] === 'MedicationStatement',
      ),
    ).toHaveLength(1);
  });

  it('needs acknowledgements for serious findings of accepted lines', async () => {
    const s = await setup();
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          resource: {
            resourceType: 'MedicationStatement',
            status: 'active',
            medicationCodeableConcept: {
              coding: [{ system: ATC_SYSTEM, code: 'M01AE02' }],
              text: 'Naproxen tab 250 mg',
            },
            subject: { reference: 'Patient/x' },
            dosage: [daily(1, 'tablett', ['MORN'])],
          },
        },
      ],
    };
    const entries = await preview(s.patient, bundle);
    const naproxen = entries['Naproxen tab 250 mg'] as Record<string, unknown>;
    // Naproxen: with warfarin (serious) and with the ibuprofen line (duplicate NSAID, moderate).
    const found = naproxen['finding'] as Record<string, unknown>[];
    expect(found.map((f) => `${f['kind']}:${f['severity']}`).sort()).toEqual([
      'duplicate:moderate',
      'interaction:high',
    ]);
    const finding = found.find((f) => f['kind'] === 'interaction') as Record<string, unknown>;
    const refused = await expectError(
      await apply(s.patient, bundle, [decision(naproxen, 'accept')]),
      422,
      'AKS_ERR_MEDICATION_UNACKNOWLEDGED',
    );
    expect(findingsOf(refused).find((f) => f.blocking)).toMatchObject({
      entry: naproxen['id'],
      key: finding['key'],
    });
    const applied = await expectStatus<Json>(
      await apply(s.patient, bundle, [decision(naproxen, 'accept')], 'silje', [
        {
          name: 'acknowledgement',
          part: [
            { name: 'entry', valueString: naproxen['id'] },
            { name: 'finding', valueString: finding['key'] },
            { name: 'reason', valueString: 'Forordnet av sykehuset, INR følges' },
          ],
        },
      ]),
      200,
    );
    // The answer is not silent about what was saved with it: the duplicate as a warning, the acknowledged one too.
    const said = findingsOf(param(applied, 'outcome') as never);
    expect(said.map((f) => `${f.kind}:${f.severity}:${f.entry}`).sort()).toEqual([
      `duplicate:moderate:${String(naproxen['id'])}`,
      `interaction:high:${String(naproxen['id'])}`,
    ]);
    expect(said.every((f) => !f.blocking)).toBe(true);
  });

  it('applies two new incoming lines that interact, with the acknowledgement the preview asked for', async () => {
    // A discharge list with two new lines without PLL ids (warfarin and naproxen) for a patient with none.
    const patient = await newPatient(t, 'Toppnytt', {
      generalPractitioner: [{ reference: 'PractitionerRole/eirik-berg--lillesand-legekontor' }],
    });
    await episodeAt(t, patient, 'hjemmesykepleien-nord');
    const incoming = (atc: string, text: string) => ({
      resource: {
        resourceType: 'MedicationStatement',
        status: 'active',
        medicationCodeableConcept: { coding: [{ system: ATC_SYSTEM, code: atc }], text },
        subject: { reference: 'Patient/sykehus-9' },
        dosage: [daily(1, 'tablett', ['EVE'])],
      },
    });
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [incoming('B01AA03', 'Marevan tab 2,5 mg'), incoming('M01AE02', 'Naproxen tab 250 mg')],
    };
    const entries = await preview(patient, bundle);
    const warfarin = entries['Marevan tab 2,5 mg'] as Record<string, unknown>;
    const naproxen = entries['Naproxen tab 250 mg'] as Record<string, unknown>;
    expect([warfarin['kind'], naproxen['kind']]).toEqual(['new', 'new']);
    // Each new line is shown with the id accepting it will write; the interaction is on the line written second.
    expect(warfarin['lineId']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const finding = ([naproxen['finding'] ?? []].flat() as Record<string, unknown>[]).find(
      (f) => f['kind'] === 'interaction',
    );
    expect(finding).toMatchObject({
      severity: 'high',
      key: `interaction:AKSON-INT-001:${String(warfarin['lineId'])}+this`,
    });
    const decisions = [decision(warfarin, 'accept'), decision(naproxen, 'accept')];
    // Without the acknowledgement: the same key the preview showed, every time.
    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = await expectError(
        await apply(patient, bundle, decisions),
        422,
        'AKS_ERR_MEDICATION_UNACKNOWLEDGED',
      );
      expect(findingsOf(refused).filter((f) => f.blocking)).toEqual([
        expect.objectContaining({ entry: naproxen['id'], key: finding?.['key'] }),
      ]);
    }
    const applied = await expectStatus<Json>(
      await apply(patient, bundle, decisions, 'silje', [
        {
          name: 'acknowledgement',
          part: [
            { name: 'entry', valueString: naproxen['id'] },
            { name: 'finding', valueString: finding?.['key'] },
            { name: 'reason', valueString: 'Sykehuset har vurdert kombinasjonen, INR følges' },
          ],
        },
      ]),
      200,
    );
    const written = params(applied, 'result').map(partsOf);
    expect(written.map((r) => r['outcome'])).toEqual(['accepted', 'accepted']);
    const lines = await Promise.all(
      written.map((r) => readLine(t, 'berg', String((r['line'] as Json)['reference']).split('/')[1] ?? '')),
    );
    expect(lines.map(lineIdOf)).toEqual([warfarin['lineId'], naproxen['lineId']]);
  });

  it('checks a new line against what the source stops, and keeps lines it does not mention', async () => {
    const s = await setup();
    // The source stops ibuprofen and starts naproxen: no NSAID duplicate, since ibuprofen goes first.
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          resource: {
            resourceType: 'MedicationStatement',
            status: 'active',
            medicationCodeableConcept: {
              coding: [{ system: ATC_SYSTEM, code: 'M01AE02' }],
              text: 'Naproxen tab 250 mg',
            },
            subject: { reference: 'Patient/x' },
            dosage: [daily(1, 'tablett', ['MORN'])],
          },
        },
        {
          resource: {
            resourceType: 'MedicationStatement',
            status: 'stopped',
            statusReason: [{ text: 'Byttet til naproksen' }],
            medicationCodeableConcept: { coding: [{ system: ATC_SYSTEM, code: 'M01AE01' }], text: 'Ibux' },
            subject: { reference: 'Patient/x' },
            dosage: [daily(1, 'tablett', ['NOON'])],
          },
        },
      ],
    };
    const entries = await preview(s.patient, bundle);
    const found = [entries['Naproxen tab 250 mg']?.['finding'] ?? []].flat() as Record<string, unknown>[];
    // Warfarin is not in the source and stays (no decision stops it): its interaction is shown.
    expect(found.map((f) => `${f['kind']}:${f['severity']}`).sort()).toEqual(['interaction:high']);
  });

  it('round-trips a dose change: the line gets the incoming dosage, and a new preview says unchanged', async () => {
    const s = await setup();
    const bundle = dischargeBundle(s);
    const entries = await preview(s.patient, bundle);
    const metoprolol = entries['Selo-Zok depottab 50 mg'] as Record<string, unknown>;
    expect(metoprolol['kind']).toBe('dose-changed');
    await expectStatus(
      await apply(s.patient, bundle, [
        decision(metoprolol, 'accept'),
        decision(entries['Omeprazol kaps 20 mg'] as Json, 'reject', 'Ikke aktuelt nå'),
        decision(entries['Ibux tab 400 mg'] as Json, 'reject', 'Fastlegen vurderer'),
        decision(entries['Furix tab 40 mg'] as Json, 'unclear', 'Uklart — spør fastlege'),
      ]),
      200,
    );
    const line = await readLine(t, 'berg', s.metoprolol.id);
    expect((line['meta'] as Json)['versionId']).toBe('2');
    const incoming = (metoprolol['incoming'] as Json)['dosage'] as Json[];
    expect(((line['dosage'] as Json[])[0]?.['doseAndRate'] as Json[])[0]).toEqual(
      (incoming[0]?.['doseAndRate'] as Json[])[0],
    );
    const again = await preview(s.patient, bundle);
    expect(again['Selo-Zok depottab 50 mg']).toMatchObject({
      kind: 'unchanged',
      currentVersion: 2,
      currentDosageText: '2 tabletter morgen',
    });
  });
});

void LINE_SYSTEM;
void dose;
