/**
 * Searches the server makes for its own reasoning (write rules: the vital signs behind a NEWS2, the medication
 * list a new line is checked against) are not limited by the page size clients may ask for: on a server
 * configured with AKSON_SEARCH_MAX_COUNT=20, vital signs and medication lines are still written, and whole
 * lists are still read (page by page) — while a client's own `_count` above 20 is still refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './fhir-test-kit.ts';
import { createLine, daily, line, params, type Json } from './medication-test-kit.ts';
import { NORMAL, homeCarePatient, news2At, record } from './record-news2-kit.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ AKSON_SEARCH_MAX_COUNT: '20' });
});
afterAll(async () => {
  await t?.close();
});

describe('a server whose clients may ask for at most 20 results a page', () => {
  it('still refuses a client asking for more', async () => {
    await expectError(await t.fhir('Observation?_count=50'), 400, 'AKS_ERR_SEARCH_COUNT');
  });

  it('writes vital signs and scores them (the NEWS2 rule reads with its own page size)', async () => {
    const patient = await homeCarePatient(t, `maks-20-${crypto.randomUUID().slice(0, 8)}`);
    const at = '2026-02-10T08:00:00+01:00';
    const ids = await record(t, patient, at, NORMAL);
    expect(ids).toHaveLength(6);
    expect((await news2At(t, patient, at))?.valueQuantity?.value).toBe(0);
  });

  it('writes medication lines against a list longer than a page, and shows the whole list', async () => {
    const patient = await homeCarePatient(t, `maks-20-liste-${crypto.randomUUID().slice(0, 8)}`);
    // Paused lines (not checked against each other), more than one client page of them.
    for (let i = 0; i < 22; i++) {
      await createLine(t, 'berg', {
        ...line(patient, 'paracetamol', [daily(1, 'tablett', ['MORN'])]),
        status: 'on-hold',
        statusReason: [{ text: `Pause ${i}` }],
      });
    }
    await createLine(t, 'berg', line(patient, 'metoprolol', [daily(1, 'tablett', ['MORN'])]));
    const list = await expectStatus<Json>(
      await t.fhir(`Patient/${patient}/$medication-list`, { as: 'berg' }),
      200,
    );
    expect(params(list, 'line')).toHaveLength(23);
  });

  it('composes a patient summary with all its sections (the summary reads with its own page sizes)', async () => {
    const patient = await homeCarePatient(t, `maks-20-sammendrag-${crypto.randomUUID().slice(0, 8)}`);
    for (let i = 0; i < 22; i++) {
      await createLine(t, 'berg', {
        ...line(patient, 'paracetamol', [daily(1, 'tablett', ['MORN'])]),
        status: 'on-hold',
        statusReason: [{ text: `Pause ${i}` }],
      });
    }
    const summary = await expectStatus<{ entry?: { resource: Json }[] }>(
      await t.fhir(`Patient/${patient}/$summary`, { as: 'berg' }),
      200,
    );
    const lines = (summary.entry ?? []).filter((e) => e.resource['resourceType'] === 'MedicationStatement');
    expect(lines).toHaveLength(22);
  });
});
