/**
 * Dosage that survives every round trip, proven over real HTTP with generated regimens (fast-check; weekly,
 * every-N-days, times of day, tapers, as-needed with maximum): written, read, exported (akson.pll-list/1),
 * imported into another record and reconciled into a third, the dosage comes back exactly equal to the canonical
 * form of what was written, and its stored text is the Norwegian rendering of that structure.
 */
import type { Dosage } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dosageEquals, normalizeDosages, renderDosage } from '@akson/clinical';
import { rawDosagesArb } from '../../clinical/src/medication/dosage/dosage-arbitraries.ts';
import { newPatient } from './access-fixtures.ts';
import { createLine, line, lineIdOf, params, partsOf, readLine, type Json } from './medication-test-kit.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

const RUNS = 60;

/** What the server stores for a regimen: the canonical form with the rendering as the text. */
function canonical(dosages: readonly Dosage[]): Dosage[] {
  const [first, ...rest] = normalizeDosages(dosages).map(({ text: _text, ...element }) => element);
  return first ? [{ ...first, text: renderDosage(normalizeDosages(dosages)) }, ...rest] : [];
}

const withoutText = (dosages: readonly Dosage[]): Dosage[] =>
  dosages.map(({ text: _text, ...element }) => element);

async function patient(): Promise<string> {
  return newPatient(t, 'Rundtur', {
    generalPractitioner: [{ reference: 'PractitionerRole/eirik-berg--lillesand-legekontor' }],
  });
}

describe('dosage round trips over HTTP (property)', () => {
  it('write → read → export → import → reconcile gives back exactly the canonical dosage', async () => {
    const seen = { weekly: 0, everyNDays: 0, taper: 0, asNeeded: 0 };
    await fc.assert(
      fc.asyncProperty(rawDosagesArb.map(withoutText), async (written) => {
        const repeats = written.map((d) => d.timing?.repeat);
        if (repeats.some((r) => r?.periodUnit === 'wk')) seen.weekly++;
        if (repeats.some((r) => r?.periodUnit === 'd' && (r.period ?? 1) > 1)) seen.everyNDays++;
        if (written.some((d) => d.sequence !== undefined)) seen.taper++;
        if (written.some((d) => d.asNeededBoolean || d.asNeededCodeableConcept)) seen.asNeeded++;
        const expected = canonical(written);

        // Write and read.
        const a = await patient();
        const created = await createLine(t, 'berg', line(a, 'metoprolol', written as Json[]));
        const read = await readLine(t, 'berg', created.id);
        expect(read['dosage']).toEqual(expected);
        expect(dosageEquals(read['dosage'] as Dosage[], written)).toBe(true);
        expect((read['dosage'] as Dosage[])[0]?.text).toBe(renderDosage(written));

        // Export (the PLL-mapped list) and import into another record.
        const exported = (await (
          await t.fhir(`Patient/${a}/$medication-list-export`, { as: 'berg' })
        ).json()) as Json;
        const [pllLine] = exported['lines'] as Json[];
        expect(pllLine?.['dosVeiledEnkel']).toBe(expected[0]?.text);
        const b = await patient();
        const document = { ...exported, lines: [{ ...pllLine, id: crypto.randomUUID() }] };
        const imported = await expectStatus<Json>(
          await t.fhir(`Patient/${b}/$medication-list-import`, {
            method: 'POST',
            as: 'berg',
            json: document,
          }),
          200,
        );
        const importedId = (partsOf(params(imported, 'line')[0] ?? {})['resource'] as Json)[
          'reference'
        ] as string;
        const inB = await expectStatus<Json>(await t.fhir(importedId, { as: 'berg' }), 200);
        expect(inB['dosage']).toEqual(expected);

        // Reconcile B's line into an empty list: accepted as new, it comes back the same.
        // A hospital's copy of the line carries its PLL id (no-basis PLL-id slice), which the new line keeps.
        const c = await patient();
        const pllId = crypto.randomUUID();
        const incoming = {
          ...inB,
          id: 'sykehus-1',
          identifier: [{ type: { text: 'PLL' }, system: 'urn:ietf:rfc:3986', value: `urn:uuid:${pllId}` }],
        };
        const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: incoming }] };
        const source = { name: 'source', resource: bundle };
        const preview = await expectStatus<Json>(
          await t.fhir(`Patient/${c}/$reconcile`, {
            method: 'POST',
            as: 'berg',
            json: { resourceType: 'Parameters', parameter: [source] },
          }),
          200,
        );
        const entry = partsOf(params(preview, 'entry')[0] ?? {});
        expect(entry['kind']).toBe('new');
        const applied = await expectStatus<Json>(
          await t.fhir(`Patient/${c}/$reconcile-apply`, {
            method: 'POST',
            as: 'berg',
            json: {
              resourceType: 'Parameters',
              parameter: [
                source,
                {
                  name: 'decision',
                  part: [
                    { name: 'entry', valueString: entry['id'] },
                    { name: 'fingerprint', valueString: entry['fingerprint'] },
                    { name: 'action', valueCode: 'accept' },
                  ],
                },
              ],
            },
          }),
          200,
        );
        const reconciled = (partsOf(params(applied, 'result')[0] ?? {})['line'] as Json)[
          'reference'
        ] as string;
        const inC = await expectStatus<Json>(await t.fhir(reconciled, { as: 'berg' }), 200);
        expect(inC['dosage']).toEqual(expected);
        expect(lineIdOf(inC)).toBe(pllId);
      }),
      { numRuns: RUNS },
    );
    console.log(`[medication] HTTP round trips: ${RUNS} regimens (${JSON.stringify(seen)})`);
    expect(seen.weekly).toBeGreaterThan(0);
    expect(seen.everyNDays).toBeGreaterThan(0);
    expect(seen.taper).toBeGreaterThan(0);
  });
});
