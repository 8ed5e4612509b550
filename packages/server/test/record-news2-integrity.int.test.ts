import { vitalSignObservation } from '@akson/clinical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodeOf, type OperationOutcomeJson } from './access-test-helpers.ts';
import {
  homeCarePatient,
  NEWS2_CODE,
  NEWS2_SYSTEM,
  news2At,
  news2In,
  NORMAL,
  NURSE,
  record,
  scale2Flag,
  vitalSet,
  writeTogether,
  type Obs,
} from './record-news2-kit.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * The NEWS2 in the record is the server's and stays true to the vital signs: clients cannot write one (or
 * change the server's), a withdrawn or moved measurement takes its NEWS2 with it, a set is what was taken
 * together (a partial round under hourly monitoring is not completed with the previous round's values), and the
 * SpO2 scale-2 marker counts even when the nurse may not see it.
 */

let t: TestServer;
const at = (hh: number, mm = 0): string => new Date(Date.UTC(2026, 9, 5, hh, mm)).toISOString();

beforeAll(async () => {
  t = await startTestServer();
  for (const id of ['forfalsket', 'trukket', 'timesvis', 'enkeltvis', 'skjult-skala'])
    await homeCarePatient(t, id);
});
afterAll(async () => t?.close());

const forged = (patientId: string, when: string): Record<string, unknown> => ({
  resourceType: 'Observation',
  status: 'final',
  category: [
    {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }],
    },
  ],
  code: { coding: [{ system: 'http://snomed.info/sct', code: NEWS2_CODE }], text: 'NEWS2' },
  identifier: [{ system: NEWS2_SYSTEM, value: when }],
  subject: { reference: `Patient/${patientId}` },
  effectiveDateTime: when,
  valueQuantity: { value: 0, unit: '{score}', system: 'http://unitsofmeasure.org', code: '{score}' },
});

async function expectRefused(response: Response): Promise<void> {
  expect(response.status).toBe(422);
  const oo = (await response.json()) as OperationOutcomeJson;
  expect(errorCodeOf(oo)).toBe('AKS_ERR_NEWS_SCORE_CALCULATED');
  expect(oo.issue[0]?.details?.text).toMatch(/calculated by the server from the vital signs/);
}

describe('a NEWS2 cannot be forged', () => {
  it('refuses a client NEWS2 from the nurse and from an integration, alone or in a transaction', async () => {
    const when = at(8);
    await expectRefused(
      await t.fhir('Observation', { method: 'POST', as: NURSE, json: forged('forfalsket', when) }),
    );
    await expectRefused(await t.fhir('Observation', { method: 'POST', json: forged('forfalsket', when) }));
    // Without the server's identifier, or with the identifier on another code: refused just the same.
    const { identifier: _i, ...codeOnly } = forged('forfalsket', when);
    await expectRefused(await t.fhir('Observation', { method: 'POST', json: codeOnly }));
    const pulse = vitalSignObservation('pulse', 70, {
      subject: { reference: 'Patient/forfalsket' },
      effectiveDateTime: when,
    }) as unknown as Record<string, unknown>;
    await expectRefused(
      await t.fhir('Observation', {
        method: 'POST',
        json: { ...pulse, identifier: [{ system: NEWS2_SYSTEM, value: when }] },
      }),
    );
    const bundle = await t.fhir(t.base, {
      method: 'POST',
      as: NURSE,
      json: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [...vitalSet('forfalsket', when, NORMAL), forged('forfalsket', when)].map((resource) => ({
          request: { method: 'POST', url: 'Observation' },
          resource,
        })),
      },
    });
    expect(bundle.status).toBe(422);
    // All or nothing: not even the vital signs of the refused transaction were stored.
    expect(await news2In(t, 'forfalsket', at(7), at(9))).toEqual([]);
    const vitals = await expectStatus<{ total?: number }>(
      await t.fhir('Observation?patient=Patient/forfalsket&_total=accurate'),
      200,
    );
    expect(vitals.total).toBe(0);
  });

  it("refuses changing the server's NEWS2, by PUT or PATCH, and the summary shows the server's score", async () => {
    const when = at(10);
    await record(t, 'forfalsket', when, { ...NORMAL, respirationRate: 25 });
    const news2 = (await news2At(t, 'forfalsket', when)) as Obs;
    expect(news2.valueQuantity?.value).toBe(3);
    await expectRefused(
      await t.fhir(`Observation/${news2.id}`, {
        method: 'PUT',
        as: NURSE,
        json: { ...news2, valueQuantity: { ...news2.valueQuantity, value: 0 } },
      }),
    );
    // Recoding it as something else is a change to the server's NEWS2 too.
    await expectRefused(
      await t.fhir(`Observation/${news2.id}`, {
        method: 'PUT',
        json: { ...news2, code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] } },
      }),
    );
    await expectRefused(
      await t.fhir(`Observation/${news2.id}`, {
        method: 'PATCH',
        as: NURSE,
        headers: { 'content-type': 'application/json-patch+json' },
        body: JSON.stringify([{ op: 'replace', path: '/valueQuantity/value', value: 0 }]),
      }),
    );
    const summary = await expectStatus<{ entry: { resource: Obs }[] }>(
      await t.fhir('Patient/forfalsket/$summary', { as: NURSE }),
      200,
    );
    const shown = summary.entry.map((e) => e.resource).filter((r) => r.id === news2.id);
    expect(shown.map((r) => r.valueQuantity?.value)).toEqual([3]);
  });
});

describe('a NEWS2 follows its vital signs', () => {
  const pulseOf = async (patientId: string, when: string): Promise<Obs> => {
    const found = await expectStatus<{ entry: { resource: Obs }[] }>(
      await t.fhir(
        `Observation?patient=Patient/${patientId}&code=http://loinc.org|8867-4&date=${encodeURIComponent(when)}`,
        { as: NURSE },
      ),
      200,
    );
    return found.entry[0]?.resource as Obs;
  };

  it('is withdrawn with a measurement marked entered-in-error, and restored when the set is whole again', async () => {
    const when = at(12);
    await record(t, 'trukket', when, { ...NORMAL, pulse: 135 });
    const first = (await news2At(t, 'trukket', when)) as Obs;
    expect([first.status, first.valueQuantity?.value]).toEqual(['final', 3]);

    const pulse = await pulseOf('trukket', when);
    await expectStatus(
      await t.fhir(`Observation/${pulse.id}`, {
        method: 'PUT',
        as: NURSE,
        json: { ...pulse, status: 'entered-in-error', note: [{ text: 'Målt på feil pasient' }] },
      }),
      200,
    );
    const withdrawn = (await news2At(t, 'trukket', when)) as Obs;
    expect(withdrawn.id).toBe(first.id);
    expect(withdrawn.status).toBe('entered-in-error');
    // The summary no longer shows a score the record does not support.
    const summary = await expectStatus<{ entry: { resource: Obs }[] }>(
      await t.fhir('Patient/trukket/$summary', { as: NURSE }),
      200,
    );
    expect(summary.entry.some((e) => e.resource.id === first.id)).toBe(false);

    // The pulse measured again, with the set's time: the same NEWS2 is back, with the new score.
    const again = vitalSignObservation('pulse', 72, {
      subject: { reference: 'Patient/trukket' },
      effectiveDateTime: when,
    }) as unknown as Record<string, unknown>;
    await writeTogether(t, [again]);
    const restored = (await news2At(t, 'trukket', when)) as Obs;
    expect([restored.id, restored.status, restored.valueQuantity?.value]).toEqual([first.id, 'final', 0]);
  });

  it('is withdrawn when a measurement is corrected to another time, leaving its set incomplete', async () => {
    const when = at(14);
    await record(t, 'trukket', when, NORMAL);
    const before = (await news2At(t, 'trukket', when)) as Obs;
    const pulse = await pulseOf('trukket', when);
    await expectStatus(
      await t.fhir(`Observation/${pulse.id}`, {
        method: 'PUT',
        as: NURSE,
        json: { ...pulse, effectiveDateTime: at(16) },
      }),
      200,
    );
    const after = (await news2At(t, 'trukket', when)) as Obs;
    expect([after.id, after.status]).toEqual([before.id, 'entered-in-error']);
    expect(await news2In(t, 'trukket', at(16))).toEqual([]);
  });

  it('is not deleted, and a final measurement is not deleted either', async () => {
    const when = at(18);
    const [respiration] = await record(t, 'trukket', when, NORMAL);
    const news2 = (await news2At(t, 'trukket', when)) as Obs;
    for (const id of [news2.id, respiration]) {
      const response = await t.fhir(`Observation/${id}`, { method: 'DELETE', as: NURSE });
      expect(response.status).toBe(409);
      expect(errorCodeOf((await response.json()) as OperationOutcomeJson)).toBe(
        'AKS_ERR_RECORD_NOT_DELETABLE',
      );
    }
    expect((await news2At(t, 'trukket', when))?.status).toBe('final');
  });
});

describe('a set is what was taken together', () => {
  it('does not complete a partial round under hourly monitoring with the previous round’s values', async () => {
    await record(t, 'timesvis', at(9), { ...NORMAL, respirationRate: 22, pulse: 112, temperature: 38.6 });
    const first = (await news2At(t, 'timesvis', at(9))) as Obs;
    expect(first.valueQuantity?.value).toBe(5);
    // An hour later only five of the six measurements are taken (no temperature).
    const partial = vitalSet('timesvis', at(10), { ...NORMAL, respirationRate: 24, pulse: 120 }).slice(0, 5);
    await writeTogether(t, partial);
    expect(await news2In(t, 'timesvis', at(9, 1), at(11))).toEqual([]);
    // The earlier round's NEWS2 is untouched.
    const still = (await news2At(t, 'timesvis', at(9))) as Obs;
    expect([still.status, still.meta?.versionId, still.valueQuantity?.value]).toEqual(['final', '1', 5]);
  });

  it('completes a round with a measurement taken a couple of minutes after it, under the round’s time', async () => {
    const round = vitalSet('timesvis', at(13), NORMAL);
    await writeTogether(
      t,
      round.filter((_, i) => i !== 3),
    );
    expect(await news2In(t, 'timesvis', at(12, 50), at(13, 20))).toEqual([]);
    await writeTogether(t, [{ ...(round[3] as Record<string, unknown>), effectiveDateTime: at(13, 2) }]);
    const news2 = await news2In(t, 'timesvis', at(12, 50), at(13, 20));
    expect(news2.map((n) => [n.identifier?.[0]?.value, n.derivedFrom?.length])).toEqual([[at(13), 6]]);
  });

  it('scores lone measurements taken minutes apart as one set, with one NEWS2 as the set grows', async () => {
    const set = vitalSet('enkeltvis', at(9), NORMAL);
    // Each measurement written on its own, a minute apart: no shared time, so the tight window groups them.
    for (const [i, resource] of set.entries()) {
      await writeTogether(t, [{ ...resource, effectiveDateTime: at(9, i) }]);
    }
    const first = await news2In(t, 'enkeltvis', at(8, 50), at(9, 20));
    expect(first.map((n) => [n.status, n.valueQuantity?.value, n.identifier?.[0]?.value])).toEqual([
      ['final', 0, at(9, 5)],
    ]);
    // A new pulse three minutes later joins the set: the same NEWS2 now scores it, under the set's new time.
    await writeTogether(t, [
      { ...(set[3] as Record<string, unknown>), effectiveDateTime: at(9, 8), valueQuantity: pulseValue(131) },
    ]);
    const grown = await news2In(t, 'enkeltvis', at(8, 50), at(9, 20));
    expect(grown.map((n) => [n.id, n.status, n.valueQuantity?.value, n.identifier?.[0]?.value])).toEqual([
      [first[0]?.id, 'final', 3, at(9, 8)],
    ]);
    // Well outside the window, a lone measurement is a set of its own (and incomplete).
    await writeTogether(t, [{ ...(set[3] as Record<string, unknown>), effectiveDateTime: at(9, 30) }]);
    expect(await news2In(t, 'enkeltvis', at(9, 21), at(9, 40))).toEqual([]);
  });
});

describe('SpO2 scale 2 is a safety input', () => {
  it('scores on scale 2 even when the nurse may not see the Condition that sets it', async () => {
    const condition = await expectStatus<{ id: string }>(
      await t.fhir('Condition', {
        method: 'POST',
        as: 'berg',
        json: {
          resourceType: 'Condition',
          meta: {
            security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }],
          },
          clinicalStatus: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
          },
          code: {
            coding: [{ system: 'https://akson.no/fhir/CodeSystem/news2', code: 'spo2-scale-2' }],
            text: 'Hyperkapnisk respirasjonssvikt, SpO2 skala 2',
          },
          subject: { reference: 'Patient/skjult-skala' },
        },
      }),
      201,
    );
    expect((await t.fhir(`Condition/${condition.id}`, { as: NURSE })).status).toBe(404);
    await record(t, 'skjult-skala', at(11), { ...NORMAL, spo2: 89 });
    const news2 = (await news2At(t, 'skjult-skala', at(11))) as Obs;
    // Scale 1 would give 3 for 89 %; scale 2 (target 88–92 %) gives 0.
    expect(news2.valueQuantity?.value).toBe(0);
    expect(news2.component?.some((c) => c.code.coding[0]?.code === '1104321000000108')).toBe(true);
  });

  it('also from a Flag', async () => {
    await homeCarePatient(t, 'flagget');
    await expectStatus(await t.fhir('Flag', { method: 'POST', json: scale2Flag('flagget') }), 201);
    await record(t, 'flagget', at(11), { ...NORMAL, spo2: 90 });
    expect((await news2At(t, 'flagget', at(11)))?.valueQuantity?.value).toBe(0);
  });
});

function pulseValue(value: number): Record<string, unknown> {
  return { value, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' };
}
