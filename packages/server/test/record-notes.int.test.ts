import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAsSystem,
  encounterAt,
  errorCodeOf,
  type OperationOutcomeJson,
} from './access-test-helpers.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * Journal notes for every municipal service: each service's clinician writes a draft from the service's
 * template, signs it, cannot change it in place afterwards, corrects it with a reason, and every version stays
 * readable. Plus the templates operation, template checks, imports of legacy signed notes, attachments and
 * IPLOS assessments.
 */

let t: TestServer;

const TEMPLATE = 'https://akson.no/fhir/CodeSystem/note-template';
const SECTION = 'https://akson.no/fhir/CodeSystem/note-section';
const CORRECTION = 'https://akson.no/fhir/StructureDefinition/correction-reason';
const VOLVEN_9602 = 'urn:oid:2.16.578.1.12.4.1.1.9602';
const ICPC2 = 'http://hl7.org/fhir/sid/icpc-2';

interface Note {
  resourceType: 'Composition';
  id: string;
  status: string;
  meta?: { versionId?: string };
  attester?: { mode: string; time: string; party?: { reference?: string } }[];
  author?: { reference?: string }[];
  section?: { title?: string; text?: { div: string } }[];
  extension?: { url: string; valueString?: string }[];
  [k: string]: unknown;
}

const div = (text: string) => ({
  status: 'generated',
  div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${text}</p></div>`,
});

/** The Volven 9602 document type of each template (GET $note-templates says the same). */
const DOCUMENT_TYPE: Record<string, string> = { 'physio-assessment': 'A05-2', 'ergo-assessment': 'A06-2' };

function note(
  patientId: string,
  template: string,
  sections: Record<string, string>,
  extra: Record<string, unknown> = {},
  entries: Record<string, string[]> = {},
): Record<string, unknown> {
  return {
    resourceType: 'Composition',
    status: 'preliminary',
    type: { coding: [{ system: VOLVEN_9602, code: DOCUMENT_TYPE[template] ?? 'B02-2' }] },
    category: [{ coding: [{ system: TEMPLATE, code: template }] }],
    subject: { reference: `Patient/${patientId}` },
    date: new Date().toISOString(),
    author: [{ display: 'forfatter' }],
    title: 'Journalnotat',
    section: Object.entries(sections).map(([code, text]) => ({
      title: code,
      code: { coding: [{ system: SECTION, code }] },
      text: div(text),
      ...(entries[code] ? { entry: entries[code].map((reference) => ({ reference })) } : {}),
    })),
    ...extra,
  };
}

async function put(as: string, body: Note, status: number): Promise<Note> {
  return expectStatus<Note>(
    await t.fhir(`Composition/${body.id}`, {
      method: 'PUT',
      as,
      headers: { prefer: 'return=representation' },
      json: body,
    }),
    status,
  );
}

/** An encounter diagnosis coded with ICPC-2, written by the clinician: the entry a GP or legevakt note signs with. */
async function diagnosis(as: string, patientId: string, code: string, display: string): Promise<string> {
  const created = await expectStatus<{ id: string }>(
    await t.fhir('Condition', {
      method: 'POST',
      as,
      json: {
        resourceType: 'Condition',
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
        code: { coding: [{ system: ICPC2, code, display }] },
        subject: { reference: `Patient/${patientId}` },
      },
    }),
    201,
  );
  return `Condition/${created.id}`;
}

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

/** One documentation flow per service: [user, their unit, template, patient, sections]. */
const FLOWS: [string, string, string, string, Record<string, string>][] = [
  [
    'berg',
    'lillesand-legekontor',
    'gp-consultation',
    'ingrid-fjeld',
    { reason: 'Svie ved vannlating', assessment: 'U71 Cystitt', plan: 'Pivmecillinam 3 dager' },
  ],
  [
    'aas',
    'lillesand-legevakt',
    'emergency-note',
    'olav-bakke',
    { reason: 'Falt hjemme', assessment: 'L81 Skade bevegelsesapparat', plan: 'Hjem, kontroll hos fastlege' },
  ],
  ['silje', 'hjemmesykepleien-nord', 'home-care-visit', 'ingrid-fjeld', { observations: 'I god form i dag' }],
  [
    'moen',
    'solglott-avd-1',
    'nursing-home-daily',
    'olav-bakke',
    { observations: 'Sov godt, spiste frokost' },
  ],
  [
    'maria',
    'lillesand-helsestasjon',
    'health-station-consultation',
    'noah-aasen',
    { reason: '4-årskontroll' },
  ],
  [
    'ingeborg',
    'lillesand-fysioterapi',
    'physio-assessment',
    'olav-bakke',
    { reason: 'Nedsatt gangfunksjon', assessment: 'Trenger gåstol' },
  ],
  [
    'lars',
    'lillesand-ergoterapi',
    'ergo-assessment',
    'olav-bakke',
    { reason: 'Vansker i bad', assessment: 'Dusjkrakk og støttehåndtak' },
  ],
  [
    'kristian',
    'lillesand-psykisk-helse-rus',
    'mental-health-note',
    'per-haugen',
    { conversation: 'Samtale om søvn', assessment: 'Stabil, ingen suicidalitet' },
  ],
];

describe('each service documents: draft, sign, correct', () => {
  for (const [user, unit, template, patient, sections] of FLOWS) {
    it(`${template} by ${user}`, async () => {
      await createAsSystem(t, encounterAt(patient, unit));
      const coded: Record<string, [string, string]> = {
        'gp-consultation': ['U71', 'Cystitt/urinveisinfeksjon IKA'],
        'emergency-note': ['L81', 'Skade muskel/skjelett IKA'],
      };
      const code = coded[template];
      const entries: Record<string, string[]> = code
        ? { assessment: [await diagnosis(user, patient, ...code)] }
        : {};
      const draft = await expectStatus<Note>(
        await t.fhir('Composition', {
          method: 'POST',
          as: user,
          headers: { prefer: 'return=representation' },
          json: note(patient, template, sections, {}, entries),
        }),
        201,
      );
      expect(draft.status).toBe('preliminary');
      expect(draft.attester).toBeUndefined();

      // A draft can be edited freely; a forged signature on it is dropped.
      const edited = await put(
        user,
        {
          ...draft,
          title: 'Journalnotat (utkast 2)',
          attester: [
            { mode: 'legal', time: '2020-01-01T00:00:00Z', party: { reference: 'PractitionerRole/x' } },
          ],
        },
        200,
      );
      expect(edited.attester).toBeUndefined();

      const signed = await put(user, { ...edited, status: 'final' }, 200);
      expect(signed.attester).toHaveLength(1);
      expect(signed.attester?.[0]?.mode).toBe('legal');
      const signer = signed.attester?.[0]?.party?.reference;
      expect(signer).toMatch(/^PractitionerRole\//);
      expect(signed.author?.map((a) => a.reference)).toContain(signer);

      // Never changed in place.
      const changed = await t.fhir(`Composition/${signed.id}`, {
        method: 'PUT',
        as: user,
        json: { ...signed, title: 'Endret i ettertid' },
      });
      expect(changed.status).toBe(409);
      expect(errorCodeOf((await changed.json()) as OperationOutcomeJson)).toBe('AKS_ERR_NOTE_SIGNED');
      const noReason = await t.fhir(`Composition/${signed.id}`, {
        method: 'PUT',
        as: user,
        json: { ...signed, status: 'amended', title: 'Rettet' },
      });
      expect(noReason.status).toBe(400);
      expect(errorCodeOf((await noReason.json()) as OperationOutcomeJson)).toBe(
        'AKS_ERR_NOTE_CORRECTION_REASON',
      );

      const corrected = await put(
        user,
        {
          ...signed,
          status: 'amended',
          title: 'Journalnotat (rettet)',
          extension: [{ url: CORRECTION, valueString: 'Feil i dosering rettet' }],
        },
        200,
      );
      expect(corrected.attester).toHaveLength(2);

      // The signed original stays readable.
      const original = await expectStatus<Note>(
        await t.fhir(`Composition/${signed.id}/_history/${signed.meta?.versionId}`, { as: user }),
        200,
      );
      expect(original.status).toBe('final');
      expect(original.title).toBe('Journalnotat (utkast 2)');

      const deleted = await t.fhir(`Composition/${signed.id}`, { method: 'DELETE', as: user });
      expect(deleted.status).toBe(409);
    });
  }
});

describe('corrections and withdrawals', () => {
  it('needs a new reason for each correction; a withdrawn note is frozen', async () => {
    await createAsSystem(t, encounterAt('kari-lie', 'lillesand-legekontor'));
    const draft = await expectStatus<Note>(
      await t.fhir('Composition', {
        method: 'POST',
        as: 'berg',
        headers: { prefer: 'return=representation' },
        json: note('kari-lie', 'free-text', { note: 'Telefon om prøvesvar' }),
      }),
      201,
    );
    const signed = await put('berg', { ...draft, status: 'final' }, 200);
    const first = await put(
      'berg',
      { ...signed, status: 'amended', extension: [{ url: CORRECTION, valueString: 'Feil dato' }] },
      200,
    );
    const sameReason = await t.fhir(`Composition/${first.id}`, {
      method: 'PUT',
      as: 'berg',
      json: { ...first, title: 'Ny tittel' },
    });
    expect(sameReason.status).toBe(400);
    const withdrawn = await put(
      'berg',
      {
        ...first,
        status: 'entered-in-error',
        extension: [{ url: CORRECTION, valueString: 'Skrevet på feil pasient' }],
      },
      200,
    );
    expect(withdrawn.attester).toHaveLength(2);
    const after = await t.fhir(`Composition/${withdrawn.id}`, {
      method: 'PUT',
      as: 'berg',
      json: { ...withdrawn, status: 'amended', extension: [{ url: CORRECTION, valueString: 'Angret' }] },
    });
    expect(after.status).toBe(409);
    expect(errorCodeOf((await after.json()) as OperationOutcomeJson)).toBe('AKS_ERR_NOTE_WITHDRAWN');
  });

  it('lets a draft be deleted', async () => {
    const draft = await expectStatus<Note>(
      await t.fhir('Composition', {
        method: 'POST',
        as: 'berg',
        headers: { prefer: 'return=representation' },
        json: note('ingrid-fjeld', 'free-text', { note: 'Utkast' }),
      }),
      201,
    );
    expect((await t.fhir(`Composition/${draft.id}`, { method: 'DELETE', as: 'berg' })).status).toBe(204);
  });
});

describe('GP consultation with ICPC-2 reason and diagnosis, written in one transaction', () => {
  it('stores the note and its coded entries together', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:6c0b3f0e-1f0b-4d55-9b8a-000000000001',
          request: { method: 'POST', url: 'Condition' },
          resource: {
            resourceType: 'Condition',
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
            code: { coding: [{ system: ICPC2, code: 'U71', display: 'Cystitt/urinveisinfeksjon IKA' }] },
            subject: { reference: 'Patient/ingrid-fjeld' },
          },
        },
        {
          request: { method: 'POST', url: 'Composition' },
          resource: {
            ...note('ingrid-fjeld', 'gp-consultation', {
              reason: 'Svie',
              assessment: 'Urinveisinfeksjon',
              plan: 'Antibiotika',
            }),
            status: 'final',
            section: [
              {
                title: 'Kontaktårsak',
                code: { coding: [{ system: SECTION, code: 'reason' }] },
                text: div('Svie ved vannlating'),
              },
              {
                title: 'Vurdering',
                code: { coding: [{ system: SECTION, code: 'assessment' }] },
                text: div('U71 Cystitt'),
                entry: [{ reference: 'urn:uuid:6c0b3f0e-1f0b-4d55-9b8a-000000000001' }],
              },
              {
                title: 'Tiltak og plan',
                code: { coding: [{ system: SECTION, code: 'plan' }] },
                text: div('Pivmecillinam 3 dager'),
              },
            ],
          },
        },
      ],
    };
    const result = await expectStatus<{ entry: { response: { status: string; location: string } }[] }>(
      await t.fhir(t.base, { method: 'POST', as: 'berg', json: bundle }),
      200,
    );
    const noteLocation = result.entry[1]?.response.location ?? '';
    const stored = await expectStatus<Note & { section: { entry?: { reference: string }[] }[] }>(
      await t.fhir(noteLocation.split('/_history')[0] ?? '', { as: 'berg' }),
      200,
    );
    expect(stored.status).toBe('final');
    expect(stored.attester).toHaveLength(1);
    expect(stored.section[1]?.entry?.[0]?.reference).toMatch(/^Condition\/[^/]+$/);
  });
});

describe('templates', () => {
  it('lists the service’s own templates first', async () => {
    const bundle = await expectStatus<{
      entry: { resource: { name: string; item: { linkId: string }[] } }[];
    }>(await t.fhir('$note-templates', { as: 'silje' }), 200);
    expect(bundle.entry[0]?.resource.name).toBe('home-care-visit');
    expect(bundle.entry.map((e) => e.resource.name)).toContain('free-text');
    const all = await expectStatus<{ total: number }>(await t.fhir('$note-templates?service=*'), 200);
    expect(all.total).toBeGreaterThanOrEqual(9);
  });

  it('refuses an unknown template or a section from another template', async () => {
    const unknown = await t.fhir('Composition', {
      method: 'POST',
      as: 'berg',
      json: note('ingrid-fjeld', 'no-such-template', { note: 'x' }),
    });
    expect(unknown.status).toBe(400);
    expect(errorCodeOf((await unknown.json()) as OperationOutcomeJson)).toBe('AKS_ERR_NOTE_TEMPLATE');
    const foreign = await t.fhir('Composition', {
      method: 'POST',
      as: 'berg',
      json: note('ingrid-fjeld', 'gp-consultation', { growth: 'x' }),
    });
    expect(foreign.status).toBe(400);
  });
});

describe('imports and roles', () => {
  it('keeps the signature of a legacy note imported by a system', async () => {
    const legacy = await expectStatus<Note>(
      await t.fhir('Composition', {
        method: 'POST',
        headers: { prefer: 'return=representation' },
        json: note(
          'ingrid-fjeld',
          'free-text',
          { note: 'Importert notat fra 2019' },
          {
            status: 'final',
            author: [{ reference: 'PractitionerRole/eirik-berg--lillesand-legekontor' }],
            attester: [
              {
                mode: 'legal',
                time: '2019-03-04T10:00:00+01:00',
                party: { reference: 'PractitionerRole/eirik-berg--lillesand-legekontor' },
              },
            ],
          },
        ),
      }),
      201,
    );
    expect(legacy.attester?.[0]?.time).toBe('2019-03-04T10:00:00+01:00');
  });
});

describe('attachments', () => {
  const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF').toString('base64');

  it('accepts a PDF that is a PDF', async () => {
    await expectStatus(
      await t.fhir('Binary', {
        method: 'POST',
        json: { resourceType: 'Binary', contentType: 'application/pdf', data: pdf },
      }),
      201,
    );
  });

  it('refuses a type outside the allow-list and content that is not what it claims', async () => {
    const html = await t.fhir('Binary', {
      method: 'POST',
      json: {
        resourceType: 'Binary',
        contentType: 'text/html',
        data: Buffer.from('<p>x</p>').toString('base64'),
      },
    });
    expect(html.status).toBe(415);
    expect(errorCodeOf((await html.json()) as OperationOutcomeJson)).toBe('AKS_ERR_BINARY_CONTENT_TYPE');
    const fake = await t.fhir('Binary', {
      method: 'POST',
      json: {
        resourceType: 'Binary',
        contentType: 'application/pdf',
        data: Buffer.from('MZ\x90\x00 not a pdf').toString('base64'),
      },
    });
    expect(fake.status).toBe(415);
    const script = await t.fhir('Binary', {
      method: 'POST',
      json: {
        resourceType: 'Binary',
        contentType: 'text/plain',
        data: Buffer.from('<script>alert(1)</script>').toString('base64'),
      },
    });
    expect(script.status).toBe(415);
  });

  it('refuses an attachment over the size limit, with the limit in the message', async () => {
    const big = Buffer.alloc(11 * 1024 * 1024, 0x41);
    big.write('%PDF-1.4', 0, 'latin1');
    const response = await t.fhir('Binary', {
      method: 'POST',
      json: { resourceType: 'Binary', contentType: 'application/pdf', data: big.toString('base64') },
    });
    expect(response.status).toBe(413);
    const oo = (await response.json()) as OperationOutcomeJson;
    expect(errorCodeOf(oo)).toBe('AKS_ERR_BINARY_TOO_LARGE');
    expect(oo.issue[0]?.details?.text).toContain('10485760');
  });

  it('checks content sent inline in a DocumentReference the same way', async () => {
    const document = (contentType: string, data: string) => ({
      resourceType: 'DocumentReference',
      status: 'current',
      type: { coding: [{ system: VOLVEN_9602, code: 'B02-2' }] },
      subject: { reference: 'Patient/ingrid-fjeld' },
      content: [{ attachment: { contentType, data, title: 'Skannet brev' } }],
    });
    const html = await t.fhir('DocumentReference', {
      method: 'POST',
      json: document('text/html', Buffer.from('<html><script>x</script></html>').toString('base64')),
    });
    expect(html.status).toBe(415);
    expect(errorCodeOf((await html.json()) as OperationOutcomeJson)).toBe('AKS_ERR_BINARY_CONTENT_TYPE');
    const fake = await t.fhir('DocumentReference', {
      method: 'POST',
      json: document('application/pdf', Buffer.from('MZ\x90\x00 not a pdf').toString('base64')),
    });
    expect(fake.status).toBe(415);
    const big = Buffer.alloc(11 * 1024 * 1024, 0x41);
    big.write('%PDF-1.4', 0, 'latin1');
    const tooLarge = await t.fhir('DocumentReference', {
      method: 'POST',
      json: document('application/pdf', big.toString('base64')),
    });
    expect(tooLarge.status).toBe(413);
    await expectStatus(
      await t.fhir('DocumentReference', { method: 'POST', json: document('application/pdf', pdf) }),
      201,
    );
  });
});

describe('IPLOS assessments', () => {
  const IPLOS = 'https://akson.no/fhir/Questionnaire/iplos-funksjonsvurdering';
  const VARIABLE = 'https://akson.no/fhir/CodeSystem/iplos-score';
  const response = (status: string, scores: Record<string, number>) => ({
    resourceType: 'QuestionnaireResponse',
    questionnaire: IPLOS,
    status,
    subject: { reference: 'Patient/olav-bakke' },
    authored: '2026-11-20T10:00:00+01:00',
    item: Object.entries(scores).map(([linkId, score]) => ({
      linkId,
      answer: [{ valueCoding: { system: VARIABLE, code: String(score) } }],
    })),
  });

  it('refuses a score outside 1–5 and 9, and an incomplete assessment marked completed', async () => {
    const { IPLOS_VARIABLES } = await import('@akson/clinical');
    const first = IPLOS_VARIABLES[0]?.id ?? '';
    const bad = await t.fhir('QuestionnaireResponse', {
      method: 'POST',
      json: response('in-progress', { [first]: 7 }),
    });
    expect(bad.status).toBe(400);
    expect(errorCodeOf((await bad.json()) as OperationOutcomeJson)).toBe('AKS_ERR_IPLOS_INVALID');
    const incomplete = await t.fhir('QuestionnaireResponse', {
      method: 'POST',
      json: response('completed', { [first]: 2 }),
    });
    expect(incomplete.status).toBe(400);
    const all = Object.fromEntries(IPLOS_VARIABLES.map((v, i) => [v.id, i % 2 === 0 ? 1 : 9]));
    await expectStatus(
      await t.fhir('QuestionnaireResponse', { method: 'POST', json: response('completed', all) }),
      201,
    );
  });
});

describe('the template is enforced when a note is signed', () => {
  const sign = async (body: Record<string, unknown>) =>
    t.fhir('Composition', { method: 'POST', as: 'berg', json: { ...body, status: 'final' } });
  const gp = (sections: Record<string, string>, entries: Record<string, string[]> = {}) =>
    note('ingrid-fjeld', 'gp-consultation', sections, {}, entries);
  const full = { reason: 'Svie ved vannlating', assessment: 'Cystitt', plan: 'Pivmecillinam' };

  it('lets a draft be incomplete, but not sign it without every required section', async () => {
    await createAsSystem(t, encounterAt('ingrid-fjeld', 'lillesand-legekontor'));
    const u71 = await diagnosis('berg', 'ingrid-fjeld', 'U71', 'Cystitt/urinveisinfeksjon IKA');
    await expectStatus(
      await t.fhir('Composition', { method: 'POST', as: 'berg', json: gp({ reason: 'Svie' }) }),
      201,
    );
    const missingPlan = await sign(gp({ reason: 'Svie', assessment: 'Cystitt' }, { assessment: [u71] }));
    expect(missingPlan.status).toBe(400);
    const oo = (await missingPlan.json()) as OperationOutcomeJson & {
      issue: { details?: { text?: string } }[];
    };
    expect(errorCodeOf(oo)).toBe('AKS_ERR_NOTE_TEMPLATE');
    expect(oo.issue[0]?.details?.text).toContain('Tiltak og plan');
    // Markup without text is not content.
    const empty = await sign({
      ...gp(full, { assessment: [u71] }),
      section: [
        ...(gp(full, { assessment: [u71] })['section'] as Record<string, unknown>[]).filter(
          (s) => (s['code'] as { coding: { code: string }[] }).coding[0]?.code !== 'plan',
        ),
        { code: { coding: [{ system: SECTION, code: 'plan' }] }, text: div(' ') },
      ],
    });
    expect(empty.status).toBe(400);
    await expectStatus(await sign(gp(full, { assessment: [u71] })), 201);
  });

  it('signs a GP consultation only with an ICPC-2 diagnosis among its entries', async () => {
    const without = await sign(gp(full));
    expect(without.status).toBe(400);
    expect(errorCodeOf((await without.json()) as OperationOutcomeJson)).toBe('AKS_ERR_NOTE_TEMPLATE');

    const icd = await expectStatus<{ id: string }>(
      await t.fhir('Condition', {
        method: 'POST',
        as: 'berg',
        json: {
          resourceType: 'Condition',
          code: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7110', code: 'N390' }] },
          subject: { reference: 'Patient/ingrid-fjeld' },
        },
      }),
      201,
    );
    const icdOnly = await sign(gp(full, { assessment: [`Condition/${icd.id}`] }));
    expect(icdOnly.status).toBe(400);
    const unknownCode = await diagnosis('berg', 'ingrid-fjeld', 'U999', 'Finnes ikke');
    expect((await sign(gp(full, { assessment: [unknownCode] }))).status).toBe(400);
    const missing = await sign(gp(full, { assessment: ['Condition/does-not-exist'] }));
    expect(missing.status).toBe(400);
  });

  it('refuses a document type that is not the template’s', async () => {
    const physio = note('olav-bakke', 'physio-assessment', { reason: 'Fall', assessment: 'Gåstol' });
    const wrong = await t.fhir('Composition', {
      method: 'POST',
      as: 'ingeborg',
      json: { ...physio, type: { coding: [{ system: VOLVEN_9602, code: 'B02-2' }] } },
    });
    expect(wrong.status).toBe(400);
    expect(errorCodeOf((await wrong.json()) as OperationOutcomeJson)).toBe('AKS_ERR_NOTE_TEMPLATE');
    const untyped = { ...physio, status: 'final' } as Record<string, unknown>;
    delete untyped['type'];
    expect((await t.fhir('Composition', { method: 'POST', as: 'ingeborg', json: untyped })).status).toBe(400);
  });
});

describe('journal entries are never deleted', () => {
  it('refuses deleting a withdrawn note, and says to mark it entered-in-error instead', async () => {
    await createAsSystem(t, encounterAt('kari-lie', 'lillesand-legekontor'));
    const draft = await expectStatus<Note>(
      await t.fhir('Composition', {
        method: 'POST',
        as: 'berg',
        headers: { prefer: 'return=representation' },
        json: note('kari-lie', 'free-text', { note: 'Telefon' }),
      }),
      201,
    );
    const signed = await put('berg', { ...draft, status: 'final' }, 200);
    const withdrawn = await put(
      'berg',
      {
        ...signed,
        status: 'entered-in-error',
        extension: [{ url: CORRECTION, valueString: 'Skrevet på feil pasient' }],
      },
      200,
    );
    for (const as of ['berg', undefined]) {
      const response = await t.fhir(`Composition/${withdrawn.id}`, {
        method: 'DELETE',
        ...(as ? { as } : {}),
      });
      expect(response.status).toBe(409);
      const oo = (await response.json()) as OperationOutcomeJson & {
        issue: { details?: { text?: string } }[];
      };
      expect(errorCodeOf(oo)).toBe('AKS_ERR_RECORD_NOT_DELETABLE');
      expect(oo.issue[0]?.details?.text).toContain('entered-in-error');
    }
    await expectStatus(await t.fhir(`Composition/${withdrawn.id}`, { as: 'berg' }), 200);
  });

  it('refuses deleting allergies, problems, flags and measurements, for clinicians and integrations', async () => {
    const patient = { reference: 'Patient/kari-lie' };
    const entries: Record<string, unknown>[] = [
      {
        resourceType: 'AllergyIntolerance',
        patient,
        clinicalStatus: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
          ],
        },
        code: { coding: [{ system: 'http://www.whocc.no/atc', code: 'J01CE02' }] },
        criticality: 'high',
      },
      { resourceType: 'Condition', subject: patient, code: { coding: [{ system: ICPC2, code: 'K86' }] } },
      {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
        subject: patient,
        effectiveDateTime: '2026-10-01T10:00:00Z',
        valueQuantity: { value: 70, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
      },
      {
        resourceType: 'Flag',
        status: 'active',
        code: { text: 'Implantat: pacemaker' },
        subject: patient,
      },
    ];
    for (const resource of entries) {
      const type = String(resource['resourceType']);
      const created = await expectStatus<{ id: string }>(
        await t.fhir(type, { method: 'POST', as: 'berg', json: resource }),
        201,
      );
      for (const as of ['berg', undefined]) {
        const response = await t.fhir(`${type}/${created.id}`, { method: 'DELETE', ...(as ? { as } : {}) });
        expect(response.status, type).toBe(409);
        expect(errorCodeOf((await response.json()) as OperationOutcomeJson)).toBe(
          'AKS_ERR_RECORD_NOT_DELETABLE',
        );
      }
      await expectStatus(await t.fhir(`${type}/${created.id}`, { as: 'berg' }), 200);
    }
    // A measurement never finalised (a draft) may still be thrown away.
    const draft = await expectStatus<{ id: string }>(
      await t.fhir('Observation', {
        method: 'POST',
        as: 'berg',
        json: { ...entries[2], status: 'preliminary' },
      }),
      201,
    );
    expect((await t.fhir(`Observation/${draft.id}`, { method: 'DELETE', as: 'berg' })).status).toBe(204);
  });
});
