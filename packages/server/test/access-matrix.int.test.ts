import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  condition,
  create,
  episodeAt,
  expiredEmergency,
  finishedEncounterAt,
  grant,
  newPatient,
  note,
  patientRef,
  unit,
} from './access-fixtures.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * The authorisation matrix (access issue, "Tests and numbers"): roles × relation states × data categories ×
 * interactions, each with the expected allow or deny, through real HTTP. Each clinician's relation states are
 * set up for their own unit (or for them personally): Silje is a nurse in home care (sone Nord), Berg a GP at
 * the GP office. The GP-list states are about the GP office's list, so they open the record to Berg and not to
 * Silje. Hilde, the security officer, reads no clinical data in any state.
 */
let t: TestServer;

interface Role {
  readonly as: string;
  readonly unit: string;
  readonly practitioner: string;
}
const ROLES: Record<string, Role> = {
  silje: { as: 'silje', unit: 'hjemmesykepleien-nord', practitioner: 'silje-nilsen' },
  berg: { as: 'berg', unit: 'lillesand-legekontor', practitioner: 'eirik-berg' },
};
const STATES = [
  'none',
  'gp-list',
  'gp-list-changed',
  'episode',
  'ended-recently',
  'ended-long-ago',
  'self-declared',
  'emergency',
  'expired-emergency',
  'other-unit',
] as const;
type State = (typeof STATES)[number];

/** Patients per role (the clinician's states), and the condition of each. */
const P: Record<string, Record<State, string>> = {};
const conditionOf: Record<string, Record<State, string>> = {};

async function setUp(role: Role): Promise<void> {
  const patients = {} as Record<State, string>;
  for (const s of STATES)
    patients[s] = await newPatient(
      t,
      `Matrix-${role.as}-${s}`,
      s === 'gp-list' || s === 'gp-list-changed'
        ? { generalPractitioner: [unit('lillesand-legekontor')] }
        : {},
    );
  // Moved to another GP's list: the office's relation ends now, and the grace period follows.
  const moved = await expectStatus<Record<string, unknown>>(
    await t.fhir(`Patient/${patients['gp-list-changed']}`),
    200,
  );
  await expectStatus(
    await t.fhir(`Patient/${patients['gp-list-changed']}`, {
      method: 'PUT',
      json: { ...moved, generalPractitioner: [unit('solglott-avd-2')] },
    }),
    200,
  );
  await episodeAt(t, patients.episode, role.unit);
  await finishedEncounterAt(t, patients['ended-recently'], role.unit, 10); // within the 30-day grace
  await finishedEncounterAt(t, patients['ended-long-ago'], role.unit, 100);
  await episodeAt(t, patients['other-unit'], 'hjemmesykepleien-sor');
  await grant(t, role.as, patients['self-declared'], 'declare-relation');
  await grant(t, role.as, patients.emergency, 'emergency-access');
  await expiredEmergency(t, patients['expired-emergency'], role.practitioner, `Organization/${role.unit}`);
  const conditions = {} as Record<State, string>;
  for (const s of STATES) conditions[s] = await condition(t, patients[s], 'T90');
  P[role.as] = patients;
  conditionOf[role.as] = conditions;
}

beforeAll(async () => {
  t = await startTestServer();
  for (const role of Object.values(ROLES)) await setUp(role);
}, 180_000);

afterAll(async () => {
  await t?.close();
});

/** Whether a clinician's relation state opens the record, per role (the GP list is the GP office's). */
const EXPECTED_ACCESS: Record<State, Record<keyof typeof ROLES, boolean>> = {
  none: { silje: false, berg: false },
  'gp-list': { silje: false, berg: true },
  'gp-list-changed': { silje: false, berg: true },
  episode: { silje: true, berg: true },
  'ended-recently': { silje: true, berg: true },
  'ended-long-ago': { silje: false, berg: false },
  'self-declared': { silje: true, berg: true },
  emergency: { silje: true, berg: true },
  'expired-emergency': { silje: false, berg: false },
  'other-unit': { silje: false, berg: false },
};

/** Every cell: the role, whose patients (the clinician's own states; Hilde gets Silje's), the state, allowed. */
const CELLS = [
  ...Object.keys(ROLES).flatMap((r) =>
    STATES.map((s) => [r, r, s, EXPECTED_ACCESS[s][r as keyof typeof ROLES]] as const),
  ),
  ...STATES.map((s) => ['hilde', 'silje', s, false] as const),
];

describe.each(CELLS)('%s on %s’s patient in state %s (allowed: %s)', (as, owner, state, allowed) => {
  const patient = () => P[owner]?.[state] as string;
  const cond = () => conditionOf[owner]?.[state] as string;

  it('read of the patient and of their data', async () => {
    const patientStatus = (await t.fhir(`Patient/${patient()}`, { as })).status;
    const conditionStatus = (await t.fhir(`Condition/${cond()}`, { as })).status;
    expect([patientStatus, conditionStatus]).toEqual(allowed ? [200, 200] : [404, 404]);
  });

  it('search, with counts that include only what may be seen', async () => {
    const bundle = await expectStatus<{ total: number; entry: unknown[] }>(
      await t.fhir(`Condition?patient=Patient/${patient()}&_total=accurate`, { as }),
      200,
    );
    expect(bundle.total).toBe(allowed ? 1 : 0);
    expect(bundle.entry).toHaveLength(allowed ? 1 : 0);
  });

  it('_include and _revinclude', async () => {
    const inc = await expectStatus<{ entry: { resource: { resourceType: string } }[] }>(
      await t.fhir(`Condition?_id=${cond()}&_include=Condition:subject`, { as }),
      200,
    );
    expect(inc.entry.map((e) => e.resource.resourceType).sort()).toEqual(
      allowed ? ['Condition', 'Patient'] : [],
    );
    const rev = await expectStatus<{ entry: unknown[] }>(
      await t.fhir(`Patient?_id=${patient()}&_revinclude=Condition:subject`, { as }),
      200,
    );
    expect(rev.entry).toHaveLength(allowed ? 2 : 0);
  });

  it('history', async () => {
    const res = await t.fhir(`Condition/${cond()}/_history`, { as });
    expect(res.status).toBe(allowed ? 200 : 404);
  });

  it('write: recording an observation for the patient', async () => {
    const res = await t.fhir('Observation', {
      method: 'POST',
      as,
      json: {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
        subject: patientRef(patient()),
        valueQuantity: { value: 72, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
      },
    });
    // No relation: 403 with what to do instead. The security officer changes no record in any state.
    expect(res.status).toBe(allowed ? 201 : 403);
  });
});

describe('roles', () => {
  it('the GP office sees its list patients; home care does not until it has a relation', async () => {
    expect((await t.fhir('Patient/ingrid-fjeld', { as: 'berg' })).status).toBe(200);
    expect((await t.fhir('Patient/ingrid-fjeld', { as: 'lund' })).status).toBe(200); // same GP office
    expect((await t.fhir('Patient/ingrid-fjeld', { as: 'silje' })).status).toBe(404);
  });

  it('a practitioner acting for another of their units gets that unit’s relations, not the first one’s', async () => {
    const resident = await newPatient(t, 'Beboer');
    await episodeAt(t, resident, 'solglott-avd-2');
    expect((await t.fhir(`Patient/${resident}`, { as: 'berg@solglott-avd-2' })).status).toBe(200);
    expect((await t.fhir(`Patient/${resident}`, { as: 'berg@lillesand-legekontor' })).status).toBe(404);
    expect((await t.fhir('Patient/ingrid-fjeld', { as: 'berg@solglott-avd-2' })).status).toBe(404);
  });

  it('the security officer reads no clinical data, and other staff read no audit log', async () => {
    expect((await t.fhir('Patient/ingrid-fjeld', { as: 'hilde' })).status).toBe(404);
    expect((await t.fhir('Condition', { as: 'hilde' })).status).toBe(200);
    expect(
      (await expectStatus<{ entry: unknown[] }>(await t.fhir('Condition', { as: 'hilde' }), 200)).entry,
    ).toHaveLength(0);
    expect((await t.fhir('AuditEvent', { as: 'berg' })).status).toBe(403);
    expect((await t.fhir('AuditEvent', { as: 'hilde' })).status).toBe(200);
  });

  it('only prescribers create prescriptions; the register is for administrators', async () => {
    await episodeAt(t, P['silje']?.none as string, 'lillesand-legekontor');
    // A prescription belongs to a line of the medication list (docs/medication.md 9.4).
    const medicine = {
      coding: [{ system: 'http://www.whocc.no/atc', code: 'N02BE01' }],
      text: 'Paracet tab 500 mg',
    };
    const line = await create(t, {
      resourceType: 'MedicationStatement',
      status: 'active',
      medicationCodeableConcept: medicine,
      subject: patientRef(P['silje']?.none as string),
      dosage: [
        {
          timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd', when: ['MORN'] } },
          doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablett' } }],
        },
      ],
    });
    const prescription = {
      resourceType: 'MedicationRequest',
      extension: [
        {
          url: 'https://akson.no/fhir/StructureDefinition/medication-line',
          valueReference: { reference: `MedicationStatement/${line.id}` },
        },
        { url: 'https://akson.no/fhir/StructureDefinition/prescription-action', valueCode: 'start' },
      ],
      status: 'active',
      intent: 'order',
      subject: patientRef(P['silje']?.none as string),
      medicationCodeableConcept: medicine,
    };
    expect(
      (await t.fhir('MedicationRequest', { method: 'POST', as: 'berg', json: prescription })).status,
    ).toBe(201);
    const episodeNurse = await newPatient(t, 'Nurse');
    await episodeAt(t, episodeNurse, 'hjemmesykepleien-nord');
    expect(
      (
        await t.fhir('MedicationRequest', {
          method: 'POST',
          as: 'silje',
          json: { ...prescription, subject: patientRef(episodeNurse) },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.fhir('Organization', {
          method: 'POST',
          as: 'berg',
          json: { resourceType: 'Organization', name: 'X' },
        })
      ).status,
    ).toBe(403);
  });
});

describe('categories and confidentiality', () => {
  let per: string;
  let privateNote: string;
  let sharedNote: string;
  let confidentialNote: string;
  let perCondition: string;

  beforeAll(async () => {
    per = 'per-haugen'; // GP: lund (legekontor)
    await episodeAt(t, per, 'lillesand-psykisk-helse-rus');
    privateNote = await note(t, per, 'lillesand-psykisk-helse-rus', 'Samtale');
    sharedNote = await note(t, per, 'lillesand-legekontor', 'Konsultasjon');
    confidentialNote = await note(t, per, 'lillesand-legekontor', 'Skjermet notat', [
      { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' },
    ]);
    perCondition = await condition(t, per, 'P76');
  });

  it('notes from psykisk helse og rus are private to that service; its problems are shared', async () => {
    expect((await t.fhir(`Composition/${privateNote}`, { as: 'kristian' })).status).toBe(200);
    expect((await t.fhir(`Composition/${privateNote}`, { as: 'berg' })).status).toBe(404);
    expect((await t.fhir(`Composition/${sharedNote}`, { as: 'berg' })).status).toBe(200);
    expect((await t.fhir(`Composition/${sharedNote}`, { as: 'kristian' })).status).toBe(200);
    expect((await t.fhir(`Condition/${perCondition}`, { as: 'berg' })).status).toBe(200);
  });

  it('confidential (skjermet) entries are visible to the authoring unit only', async () => {
    expect((await t.fhir(`Composition/${confidentialNote}`, { as: 'berg' })).status).toBe(200);
    expect((await t.fhir(`Composition/${confidentialNote}`, { as: 'kristian' })).status).toBe(404);
  });

  it('a search tells the clinician how much is withheld, never what', async () => {
    const bundle = await expectStatus<{
      entry: {
        resource: { resourceType: string; issue?: { details: { text: string } }[]; title?: string };
      }[];
    }>(await t.fhir(`Composition?patient=Patient/${per}`, { as: 'berg' }), 200);
    const titles = bundle.entry
      .filter((e) => e.resource.resourceType === 'Composition')
      .map((e) => e.resource.title)
      .sort();
    expect(titles).toEqual(['Konsultasjon', 'Skjermet notat']);
    const outcome = bundle.entry.find((e) => e.resource.resourceType === 'OperationOutcome');
    expect(outcome?.resource.issue?.[0]?.details.text).toMatch(/^1 /);
    expect(JSON.stringify(outcome)).not.toContain('Samtale');
  });
});

describe('blocks (sperring)', () => {
  let patient: string;
  let obs: string;
  let doc: string;

  beforeAll(async () => {
    patient = await newPatient(t, 'Sperret');
    await episodeAt(t, patient, 'hjemmesykepleien-nord');
    await episodeAt(t, patient, 'lillesand-legekontor');
    obs = (
      await create(t, {
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'Puls' },
        subject: patientRef(patient),
        valueQuantity: { value: 80 },
      })
    ).id;
    doc = await note(t, patient, 'lillesand-legekontor', 'Sperret dokument');
  });

  const block = (actor: Record<string, unknown>, data?: string) => ({
    resourceType: 'Consent',
    status: 'active',
    scope: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }],
    },
    category: [
      { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9603', code: 'NORS', display: 'Sperret' }] },
    ],
    patient: patientRef(patient),
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTOUT' }] },
    provision: {
      type: 'deny',
      actor: [{ role: { text: 'blokkert' }, reference: actor }],
      ...(data ? { data: [{ meaning: 'instance', reference: { reference: data } }] } : {}),
    },
  });

  it('a block of a single document hides that document only', async () => {
    const consent = await create(t, block(unit('lillesand-legekontor'), `Composition/${doc}`));
    expect((await t.fhir(`Composition/${doc}`, { as: 'berg' })).status).toBe(404);
    expect((await t.fhir(`Observation/${obs}`, { as: 'berg' })).status).toBe(200);
    await expectStatus(await t.fhir(`Consent/${consent.id}`, { method: 'DELETE' }), 204);
    expect((await t.fhir(`Composition/${doc}`, { as: 'berg' })).status).toBe(200);
  });

  it('a block of a whole service holds for every unit of it, even with emergency access; the patient stays identifiable', async () => {
    await create(
      t,
      block({
        identifier: { system: 'https://akson.no/fhir/CodeSystem/service-type', value: 'hjemmesykepleie' },
      }),
    );
    expect((await t.fhir(`Observation/${obs}`, { as: 'silje' })).status).toBe(404);
    expect((await t.fhir(`Patient/${patient}`, { as: 'silje' })).status).toBe(200);
    await grant(t, 'tone', patient, 'emergency-access');
    expect((await t.fhir(`Observation/${obs}`, { as: 'tone' })).status).toBe(404);
    expect((await t.fhir(`Observation/${obs}`, { as: 'berg' })).status).toBe(200);
    const search = await expectStatus<{ entry: { resource: { resourceType: string } }[] }>(
      await t.fhir(`Observation?patient=Patient/${patient}`, { as: 'silje' }),
      200,
    );
    expect(search.entry.map((e) => e.resource.resourceType)).toEqual(['OperationOutcome']);
  });
});

describe('no leak through indirect paths', () => {
  let hidden: string;
  let visible: string;

  beforeAll(async () => {
    hidden = await newPatient(t, 'Usynligsen', { birthDate: '1931-07-07' });
    visible = await newPatient(t, 'Synligsen');
    await episodeAt(t, visible, 'hjemmesykepleien-nord');
    await condition(t, hidden, 'K86');
    await create(t, {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'Notat om en annen' },
      subject: patientRef(visible),
      focus: [patientRef(hidden)],
    });
  });

  it('chains and _has evaluate the inner search within the caller’s access', async () => {
    const chain = await expectStatus<{ entry: unknown[] }>(
      await t.fhir('Condition?subject:Patient.name=Usynligsen', { as: 'silje' }),
      200,
    );
    expect(chain.entry).toHaveLength(0);
    const has = await expectStatus<{ entry: unknown[] }>(
      await t.fhir('Patient?_has:Condition:patient:code=K86', { as: 'silje' }),
      200,
    );
    expect(has.entry).toHaveLength(0);
    const viaChainBirthdate = await expectStatus<{ entry: unknown[] }>(
      await t.fhir('Condition?subject:Patient.birthdate=1931-07-07', { as: 'silje' }),
      200,
    );
    expect(viaChainBirthdate.entry).toHaveLength(0);
  });

  it('an _include of a reference to someone outside the caller’s access returns nothing of them', async () => {
    const bundle = await expectStatus<{ entry: { resource: { resourceType: string; id: string } }[] }>(
      await t.fhir(`Observation?patient=Patient/${visible}&_include=Observation:focus`, { as: 'silje' }),
      200,
    );
    expect(bundle.entry.some((e) => e.resource.id === hidden)).toBe(false);
  });

  it('type history and paging never show versions outside access', async () => {
    const history = await expectStatus<{ entry: { resource?: { subject?: { reference?: string } } }[] }>(
      await t.fhir('Condition/_history?_count=1000', { as: 'silje' }),
      200,
    );
    expect(history.entry.some((e) => e.resource?.subject?.reference === `Patient/${hidden}`)).toBe(false);
    let url: string | undefined = 'Condition?_count=2&_total=accurate';
    let seen = 0;
    let total = -1;
    while (url) {
      const page: {
        total?: number;
        entry: { resource: { subject: { reference: string } } }[];
        link: { relation: string; url: string }[];
      } = await expectStatus(await t.fhir(url, { as: 'silje' }), 200);
      total = page.total ?? total;
      for (const e of page.entry) expect(e.resource.subject.reference).not.toBe(`Patient/${hidden}`);
      seen += page.entry.length;
      url = page.link.find((l) => l.relation === 'next')?.url;
    }
    expect(seen).toBe(total);
  });

  it('errors say the same for "hidden" as for "does not exist"', async () => {
    const hiddenCondition = await condition(t, hidden, 'K87');
    const a = await expectStatus<{ issue: { details: { text: string } }[] }>(
      await t.fhir(`Condition/${hiddenCondition}`, { as: 'silje' }),
      404,
    );
    const b = await expectStatus<{ issue: { details: { text: string } }[] }>(
      await t.fhir('Condition/no-such-condition', { as: 'silje' }),
      404,
    );
    expect(a.issue[0]?.details.text.replace(hiddenCondition, 'X')).toBe(
      b.issue[0]?.details.text.replace('no-such-condition', 'X'),
    );
  });

  it('finding someone outside one’s relations works only by exact national id, returns demographics only, and is logged', async () => {
    const fnr = '17856499804';
    const outsider = await newPatient(t, 'Oppslag', {
      identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: fnr }],
      address: [{ line: ['Hemmelig vei 1'] }],
    });
    const byName = await expectStatus<{ entry: unknown[] }>(
      await t.fhir('Patient?family=Oppslag', { as: 'aas' }),
      200,
    );
    expect(byName.entry).toHaveLength(0);
    const byId = await expectStatus<{ entry: { resource: Record<string, unknown> }[] }>(
      await t.fhir(`Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.1|${fnr}`, { as: 'aas' }),
      200,
    );
    expect(byId.entry).toHaveLength(1);
    const found = byId.entry[0]?.resource as Record<string, unknown>;
    expect(found['id']).toBe(outsider);
    expect(found['address']).toBeUndefined();
    expect(JSON.stringify(found['meta'])).toContain('demographics-only');
    expect((await t.fhir(`Patient/${outsider}`, { as: 'aas' })).status).toBe(404);
  });
});
