/**
 * Concurrent changes of one patient's list on PostgreSQL (PGlite has one connection, so requests there never
 * overlap): two clinicians adding interacting medicines at the same moment are checked one after the other, so
 * the second sees the first's line and gets the finding, instead of both being checked against the list
 * without the other's line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { episodeAt, newPatient } from './access-fixtures.ts';
import { findingsOf, line, daily, type Json } from './medication-test-kit.ts';
import { startTestServer, type TestServer } from './test-server.ts';

const ON_POSTGRES = process.env['AKSON_TEST_DATABASE_URL'] !== undefined;

describe.runIf(ON_POSTGRES)('concurrent changes of one list (PostgreSQL)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('checks two simultaneous additions against each other: one is saved, the other gets the finding', async () => {
    const patients = await Promise.all(
      [1, 2, 3, 4].map(async (n) => {
        const patient = await newPatient(t, `Samtidig${n}`, {
          generalPractitioner: [{ reference: 'PractitionerRole/eirik-berg--lillesand-legekontor' }],
        });
        await episodeAt(t, patient, 'hjemmesykepleien-nord');
        return patient;
      }),
    );
    const add = (patient: string, as: string, statement: Json) =>
      t.fhir('MedicationStatement', { method: 'POST', as, json: statement });
    // Every pair at once, several patients in parallel: without the list lock both of a pair are saved.
    const outcomes = await Promise.all(
      patients.map(async (patient) => {
        const [warfarin, naproxen] = await Promise.all([
          add(patient, 'berg', line(patient, 'warfarin', [daily(1, 'tablett', ['EVE'])])),
          add(patient, 'silje', line(patient, 'naproxen', [daily(1, 'tablett', ['MORN'])])),
        ]);
        const refused = [warfarin, naproxen].find((r) => r.status === 422);
        const findings = refused ? findingsOf(await refused.json()) : [];
        return {
          statuses: [warfarin.status, naproxen.status].sort(),
          blocking: findings.filter((f) => f.blocking).map((f) => f.kind),
        };
      }),
    );
    for (const outcome of outcomes) {
      expect(outcome).toEqual({ statuses: [201, 422], blocking: ['interaction'] });
    }
  });
});
