import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAsSystem,
  encounterAt,
  errorCodeOf,
  FNR,
  observationFor,
  operationParameters,
  pidOfCitizen,
  storedAudit,
  subtypeOf,
  type OperationOutcomeJson,
} from './access-test-helpers.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * The security officer's log review (Hilde Strand, personvernombud): flagged accesses in her municipality —
 * emergency access, self-declared relations, staff reading someone with their own surname and address, unusual
 * volume — each of which she can mark as reviewed with a comment. Nobody else may see or mark the review, and
 * the officer herself reads no clinical data.
 */

let t: TestServer;
let perObservation: string;
const EMERGENCY_REASON = 'Pasienten innlagt akutt, trenger legemiddelliste';
const DECLARED_REASON = 'Vurderer hjelpemidler etter fall i hjemmet';

interface Part {
  name: string;
  valueCode?: string;
  valueString?: string;
  valueInstant?: string;
  valueInteger?: number;
  valueBoolean?: boolean;
  valueReference?: { reference?: string; display?: string };
  part?: Part[];
}
interface Flagged {
  flag: string;
  entry: string;
  auditEvent?: string;
  who: string;
  unit?: string;
  patient?: string;
  patientName?: string;
  reason?: string;
  detail?: string;
  reviewed?: { by?: string; comment?: string; at?: string };
}

function flaggedOf(p: { parameter?: Part[] }): Flagged[] {
  return (p.parameter ?? [])
    .filter((x) => x.name === 'flagged')
    .map((x) => {
      const get = (n: string): Part | undefined => x.part?.find((q) => q.name === n);
      const reviewed = get('reviewed');
      return {
        flag: get('flag')?.valueCode as string,
        entry: get('entry')?.valueString as string,
        auditEvent: get('auditEvent')?.valueReference?.reference,
        who: get('who')?.valueString as string,
        unit: get('unit')?.valueString,
        patient: get('patient')?.valueReference?.reference,
        patientName: get('patient')?.valueReference?.display,
        reason: get('reason')?.valueString,
        detail: get('detail')?.valueString,
        reviewed: reviewed
          ? {
              by: reviewed.part?.find((q) => q.name === 'by')?.valueString,
              comment: reviewed.part?.find((q) => q.name === 'comment')?.valueString,
              at: reviewed.part?.find((q) => q.name === 'at')?.valueInstant,
            }
          : undefined,
      };
    });
}

async function review(query = ''): Promise<Flagged[]> {
  return flaggedOf(
    await expectStatus<{ parameter?: Part[] }>(
      await t.fhir(`AuditEvent/$log-review${query}`, { as: 'hilde' }),
      200,
    ),
  );
}

beforeAll(async () => {
  t = await startTestServer();
  perObservation = (await createAsSystem(t, observationFor('per-haugen'))).id;
  // Emergency access: the A&E doctor to Per.
  await expectStatus(
    await t.fhir('Patient/per-haugen/$emergency-access', {
      method: 'POST',
      as: 'aas',
      json: operationParameters({ reason: EMERGENCY_REASON }),
    }),
    200,
  );
  await expectStatus(await t.fhir('Patient/per-haugen', { as: 'aas' }), 200);
  // Self-declared relation: the physiotherapist to Olav.
  await expectStatus(
    await t.fhir('Patient/olav-bakke/$declare-relation', {
      method: 'POST',
      as: 'ingeborg',
      json: operationParameters({ reason: DECLARED_REASON }),
    }),
    200,
  );
  // Tone Haugen (home care south) gets a relation to Per Haugen (same surname, same address) and reads his record.
  await createAsSystem(t, encounterAt('per-haugen', 'hjemmesykepleien-sor'));
  await expectStatus(await t.fhir('Patient/per-haugen', { as: 'tone' }), 200);
  await expectStatus(await t.fhir(`Observation/${perObservation}`, { as: 'tone' }), 200);
  // Berg (GP office) reads three of the office's patients.
  for (const p of ['ingrid-fjeld', 'kari-lie', 'olav-bakke'])
    await expectStatus(await t.fhir(`Patient/${p}`, { as: 'berg' }), 200);
  // Lars looks up Anne by national id without any relation to her.
  await expectStatus(await t.fhir(`Patient?identifier=${FNR}|${pidOfCitizen('anne')}`, { as: 'lars' }), 200);
});
afterAll(async () => {
  await t?.close();
});

describe('the log review', () => {
  it('lists the emergency access with who, unit, patient and reason', async () => {
    const emergencies = (await review()).filter((f) => f.flag === 'emergency');
    // The grant and the read under it.
    expect(emergencies.length).toBeGreaterThanOrEqual(2);
    for (const e of emergencies) {
      expect(e).toMatchObject({
        who: 'Jonas Aas',
        unit: 'Lillesand legevakt',
        patient: 'Patient/per-haugen',
        patientName: 'Per Haugen',
      });
      expect(e.reason).toContain(EMERGENCY_REASON);
      expect(e.auditEvent).toMatch(/^AuditEvent\/[0-9a-f-]{36}$/);
    }
  });

  it('lists the self-declared relation with its reason', async () => {
    const declared = (await review()).filter((f) => f.flag === 'self-declared');
    expect(declared).toHaveLength(1);
    expect(declared[0]).toMatchObject({
      who: 'Ingeborg Vik',
      unit: 'Fysioterapitjenesten',
      patient: 'Patient/olav-bakke',
      reason: DECLARED_REASON,
    });
  });

  it('lists Tone Haugen reading Per Haugen (same surname and address), and nobody else for that flag', async () => {
    const same = (await review()).filter((f) => f.flag === 'same-surname-address');
    expect(same.length).toBeGreaterThanOrEqual(2); // the Patient and the Observation
    for (const f of same)
      expect(f).toMatchObject({
        who: 'Tone Haugen',
        unit: 'Hjemmesykepleien sone Sør',
        patient: 'Patient/per-haugen',
      });
  });

  it('lists unusual volume against the threshold given, and not against the default', async () => {
    const low = (await review('?threshold=2')).filter((f) => f.flag === 'unusual-volume');
    const berg = low.find((f) => f.who.includes('eirik-berg') || f.who === 'Eirik Berg');
    expect(berg?.detail).toMatch(/^3 forskjellige pasienter siden \d{4}-\d{2}-\d{2} \(terskel 2\)$/);
    expect((await review()).filter((f) => f.flag === 'unusual-volume')).toEqual([]);
    expect((await t.fhir('AuditEvent/$log-review?threshold=none', { as: 'hilde' })).status).toBe(400);
  });

  // MINOR (log-review-service.ts): unusual volume names the user by register reference
  // ("Practitioner/eirik-berg"), while every other flag names them by name and unit.
  it('names the heavy user by name, like the other flags', async () => {
    const low = (await review('?threshold=2')).filter((f) => f.flag === 'unusual-volume');
    expect(low.map((f) => f.who)).toContain('Eirik Berg');
  });

  it('honours since: nothing before it', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await review(`?since=${encodeURIComponent(future)}&threshold=1`)).toEqual([]);
  });

  // MISSING (log-review-service.ts FLAG_TAGS): events are tagged flag:lookup (a patient found by national id
  // outside the user's relations, the classic way to snoop) and flag:denied, but the review reports neither.
  it('lists a patient lookup by national id outside the user’s relations', async () => {
    const lookups = (await review()).filter((f) => (f.flag as string) === 'lookup');
    expect(lookups.map((f) => [f.who, f.patient])).toContainEqual(['Lars Eide', 'Patient/anne-fjeld']);
  });
});

describe('paging', () => {
  interface ReviewPage {
    parameter: Part[];
  }
  const page = async (query: string) =>
    expectStatus<ReviewPage>(await t.fhir(`AuditEvent/$log-review${query}`, { as: 'hilde' }), 200);
  const value = (p: ReviewPage, name: string) => p.parameter.find((x) => x.name === name);

  it('pages through every flagged event, saying how many there are, none twice and none left out', async () => {
    const all = await page('?_count=1000');
    const total = value(all, 'total')?.valueInteger as number;
    expect(total).toBeGreaterThan(3);
    expect(value(all, 'next')).toBeUndefined();
    const everyEvent = new Set(flaggedOf(all).flatMap((f) => (f.auditEvent ? [f.auditEvent] : [])));
    expect(everyEvent.size).toBe(total);
    const seen: string[] = [];
    let query: string | undefined = '?_count=2';
    let pages = 0;
    while (query) {
      const p = await page(query);
      expect(value(p, 'total')?.valueInteger).toBe(total);
      seen.push(...new Set(flaggedOf(p).flatMap((f) => (f.auditEvent ? [f.auditEvent] : []))));
      const next = value(p, 'next')?.valueString;
      query = next ? `?_count=2&_cursor=${encodeURIComponent(next)}` : undefined;
      pages++;
    }
    expect(pages).toBe(Math.ceil(total / 2));
    expect(seen).toHaveLength(total);
    expect(new Set(seen)).toEqual(everyEvent);
  });

  it('refuses a page size out of range and a cursor it did not give', async () => {
    expect((await t.fhir('AuditEvent/$log-review?_count=0', { as: 'hilde' })).status).toBe(400);
    expect((await t.fhir('AuditEvent/$log-review?_count=100000', { as: 'hilde' })).status).toBe(400);
    const bad = await t.fhir('AuditEvent/$log-review?_cursor=bm90LWEtY3Vyc29y', { as: 'hilde' });
    expect(errorCodeOf(await expectStatus<OperationOutcomeJson>(bad, 400))).toBe(
      'AKS_ERR_OPERATION_PARAMETER',
    );
  });
});

describe('marking as reviewed', () => {
  it('shows the review with who, when and the comment; the event itself is unchanged', async () => {
    const target = (await review()).find((f) => f.flag === 'self-declared') as Flagged;
    const id = (target.auditEvent as string).replace('AuditEvent/', '');
    const before = (await storedAudit(t)).find((e) => e.id === id);
    const comment = 'Kontrollert med avdelingsleder: tjenstlig behov bekreftet.';
    const res = await expectStatus<{ parameter: Part[] }>(
      await t.fhir(`AuditEvent/${id}/$mark-reviewed`, {
        method: 'POST',
        as: 'hilde',
        json: operationParameters({ comment }),
      }),
      200,
    );
    expect(res.parameter.find((p) => p.name === 'reviewed')?.valueBoolean).toBe(true);
    const after = (await review()).find((f) => f.auditEvent === target.auditEvent);
    expect(after?.reviewed).toMatchObject({ by: 'Hilde Strand', comment });
    expect(Date.parse(after?.reviewed?.at ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect((await storedAudit(t)).find((e) => e.id === id)).toEqual(before);
    // Other flagged entries stay unreviewed.
    expect(
      (await review()).filter((f) => f.flag === 'emergency').every((f) => f.reviewed === undefined),
    ).toBe(true);
  });

  it('records the marking itself in the audit log', async () => {
    const target = (await review()).find((f) => f.flag === 'emergency') as Flagged;
    const id = (target.auditEvent as string).replace('AuditEvent/', '');
    const before = new Set((await storedAudit(t)).map((e) => e.id));
    await expectStatus(
      await t.fhir(`AuditEvent/${id}/$mark-reviewed`, {
        method: 'POST',
        as: 'hilde',
        json: operationParameters({ comment: 'Akuttilgang fulgt opp.' }),
      }),
      200,
    );
    const added = (await storedAudit(t)).filter((e) => !before.has(e.id));
    expect(
      added.some(
        (e) =>
          e.event.agent[0]?.name === 'Hilde Strand' &&
          e.event.entity?.some((x) => x.what?.reference === `AuditEvent/${id}`),
      ),
    ).toBe(true);
  });

  it('needs a comment, and an event that exists in her municipality', async () => {
    const target = (await review()).find((f) => f.flag === 'same-surname-address') as Flagged;
    const id = (target.auditEvent as string).replace('AuditEvent/', '');
    expect(
      (
        await t.fhir(`AuditEvent/${id}/$mark-reviewed`, {
          method: 'POST',
          as: 'hilde',
          json: operationParameters({ comment: '' }),
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.fhir(`AuditEvent/${id}/$mark-reviewed`, {
          method: 'POST',
          as: 'hilde',
          json: { resourceType: 'Parameters' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.fhir('AuditEvent/does-not-exist/$mark-reviewed', {
          method: 'POST',
          as: 'hilde',
          json: operationParameters({ comment: 'Sjekket.' }),
        })
      ).status,
    ).toBe(404);
    // An event without the municipality's tag (the integration's) is not hers to mark.
    const foreign = (await storedAudit(t)).find((e) => !e.accessTags.some((x) => x.startsWith('org:')));
    expect(foreign).toBeDefined();
    expect(
      (
        await t.fhir(`AuditEvent/${foreign?.id}/$mark-reviewed`, {
          method: 'POST',
          as: 'hilde',
          json: operationParameters({ comment: 'Sjekket.' }),
        })
      ).status,
    ).toBe(404);
  });
});

describe('others', () => {
  const others = ['silje', 'berg', 'aas', 'tone', 'anders', 'ingrid', 'lillesand-migrering'];

  it('get 403 for the log review', async () => {
    for (const as of others) {
      const res = await t.fhir('AuditEvent/$log-review?threshold=1', { as });
      expect(res.status, as).toBe(403);
      const oo = (await res.json()) as OperationOutcomeJson;
      expect(oo.resourceType, as).toBe('OperationOutcome');
    }
  });

  it('get 403 for marking as reviewed, and nothing is marked', async () => {
    const target = (await review()).find((f) => f.flag === 'same-surname-address') as Flagged;
    const id = (target.auditEvent as string).replace('AuditEvent/', '');
    for (const as of others) {
      const res = await t.fhir(`AuditEvent/${id}/$mark-reviewed`, {
        method: 'POST',
        as,
        json: operationParameters({ comment: 'Ser greit ut.' }),
      });
      expect(res.status, as).toBe(403);
      expect(errorCodeOf((await res.json()) as OperationOutcomeJson), as).toBe('AKS_ERR_ACCESS_DENIED');
    }
    expect((await review()).find((f) => f.auditEvent === target.auditEvent)?.reviewed).toBeUndefined();
  });

  it('clinicians cannot read the audit log directly either', async () => {
    for (const as of ['silje', 'tone', 'aas']) {
      expect((await t.fhir('AuditEvent?patient=Patient/per-haugen', { as })).status, as).toBe(403);
    }
  });
});

describe('the security officer and clinical data', () => {
  it('reads no patient, no observation, by id or by search', async () => {
    expect((await t.fhir('Patient/per-haugen', { as: 'hilde' })).status).toBe(404);
    expect((await t.fhir(`Observation/${perObservation}`, { as: 'hilde' })).status).toBe(404);
    for (const path of [
      'Patient?family=Haugen',
      'Observation?patient=per-haugen',
      'Patient/per-haugen/Observation',
      `Patient?identifier=${FNR}|${pidOfCitizen('per')}`,
    ]) {
      const b = await expectStatus<{ entry?: unknown[] }>(await t.fhir(path, { as: 'hilde' }), 200);
      expect(b.entry ?? [], path).toEqual([]);
    }
  });

  it('cannot grant herself access or write', async () => {
    expect(
      (
        await t.fhir('Patient/per-haugen/$emergency-access', {
          method: 'POST',
          as: 'hilde',
          json: operationParameters({ reason: 'Vil se journalen til Per' }),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.fhir('Patient/per-haugen/$declare-relation', {
          method: 'POST',
          as: 'hilde',
          json: operationParameters({ reason: 'Vil se journalen til Per' }),
        })
      ).status,
    ).toBe(403);
    expect(
      (await t.fhir('Observation', { method: 'POST', as: 'hilde', json: observationFor('per-haugen') }))
        .status,
    ).toBe(403);
  });

  it('reads the audit log of her municipality, including what was read about the patient', async () => {
    const b = await expectStatus<{
      entry?: { resource: { subtype?: { code?: string }[]; agent: { name?: string }[] } }[];
    }>(await t.fhir('AuditEvent?patient=Patient/per-haugen&_count=1000', { as: 'hilde' }), 200);
    const seen = (b.entry ?? []).map((e) => `${e.resource.agent[0]?.name}:${e.resource.subtype?.[0]?.code}`);
    expect(seen).toEqual(
      expect.arrayContaining(['Jonas Aas:emergency-access', 'Jonas Aas:read', 'Tone Haugen:read']),
    );
    // Her own reading of the log is audited too.
    const mine = (await storedAudit(t)).filter((e) => e.event.agent[0]?.name === 'Hilde Strand');
    expect(mine.some((e) => subtypeOf(e) === 'search-type')).toBe(true);
  });
});

// Last: it marks entries that the tests above expect unreviewed.
describe('marking every kind of flagged entry, once', () => {
  const mark = (entry: string, comment: string) =>
    t.fhir('AuditEvent/$mark-reviewed', {
      method: 'POST',
      as: 'hilde',
      json: operationParameters({ entry, comment }),
    });

  it('unusual volume (no single event) can be marked reviewed by its entry, and shows the review', async () => {
    const volume = (await review('?threshold=2')).find((f) => f.flag === 'unusual-volume') as Flagged;
    expect(volume.entry).toMatch(/^unusual-volume\|/);
    await expectStatus(await mark(volume.entry, 'Gjennomgått: fastlegens egne listepasienter.'), 200);
    const after = (await review('?threshold=2')).find((f) => f.entry === volume.entry);
    expect(after?.reviewed).toMatchObject({
      by: 'Hilde Strand',
      comment: 'Gjennomgått: fastlegens egne listepasienter.',
    });
    expect((await mark('unusual-volume|Practitioner/nobody|2020-01-01', 'Finnes ikke.')).status).toBe(400);
    expect((await mark('unusual-volume|garbage', 'Finnes ikke.')).status).toBe(400);
  });

  it('every flagged kind in the report can be marked reviewed', async () => {
    const flagged = await review('?threshold=2&_count=1000');
    const kinds = [...new Set(flagged.map((f) => f.flag))].sort();
    expect(kinds).toEqual(
      expect.arrayContaining([
        'emergency',
        'lookup',
        'same-surname-address',
        'self-declared',
        'unusual-volume',
      ]),
    );
    for (const kind of kinds) {
      const open = flagged.find((f) => f.flag === kind && f.reviewed === undefined);
      if (!open) continue; // reviewed by an earlier test
      await expectStatus(await mark(open.entry, `Gjennomgått (${kind}).`), 200);
    }
    const after = await review('?threshold=2&_count=1000');
    for (const kind of kinds)
      expect(
        after.some((f) => f.flag === kind && f.reviewed !== undefined),
        kind,
      ).toBe(true);
  });

  it('a second review of the same entry is refused with 409, saying who reviewed it; the first stays', async () => {
    const flagged = await review('?threshold=2&_count=1000');
    for (const done of [
      flagged.find((f) => f.auditEvent && f.reviewed),
      flagged.find((f) => f.flag === 'unusual-volume' && f.reviewed),
    ]) {
      expect(done).toBeDefined();
      const res = await mark((done as Flagged).entry, 'En gang til.');
      const oo = await expectStatus<OperationOutcomeJson>(res, 409);
      expect(errorCodeOf(oo)).toBe('AKS_ERR_AUDIT_ALREADY_REVIEWED');
      expect(oo.issue[0]?.details?.text).toContain('Hilde Strand');
      const again = (await review('?threshold=2&_count=1000')).find((f) => f.entry === done?.entry);
      expect(again?.reviewed?.comment).toBe(done?.reviewed?.comment);
    }
  });
});
