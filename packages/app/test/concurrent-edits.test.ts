import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus } from '../../server/test/test-server.ts';
import {
  createAsSystem,
  expectAccessible,
  newBrowserContext,
  screenshot,
  guardBrowserTests,
  signIn,
  startE2e,
  type E2e,
} from './e2e-kit.ts';

/**
 * Two GPs at the same office open the same draft note in two browsers. Nothing locks: both can type. The second
 * to save is shown a conflict with both texts side by side and chooses; the first one's text is never lost.
 * The same for a medication line: a change over a colleague's change is rebuilt on the new version and checked
 * again, and a line the colleague has stopped meanwhile is never brought back by an edit begun before the stop.
 */

let e2e: E2e;
let noteId: string;
let lineId: string;

interface Statement {
  id: string;
  status: string;
  meta: { versionId: string };
  dosage?: { text?: string }[];
  statusReason?: { text?: string }[];
}

interface Composition {
  id: string;
  meta: { versionId: string };
  section?: {
    code?: { coding?: { code?: string }[] };
    text?: { div?: string };
    entry?: { reference?: string }[];
  }[];
}

const historyText = (note: Composition): string =>
  note.section?.find((s) => s.code?.coding?.[0]?.code === 'history')?.text?.div ?? '';

beforeAll(async () => {
  e2e = await startE2e();
  const created = await expectStatus<Composition>(
    await e2e.server.fhir('Composition', {
      method: 'POST',
      as: 'berg',
      json: {
        resourceType: 'Composition',
        status: 'preliminary',
        type: {
          coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9602', code: 'B02-2', display: 'Journalnotat' }],
        },
        category: [
          { coding: [{ system: 'https://akson.no/fhir/CodeSystem/note-template', code: 'gp-consultation' }] },
        ],
        subject: { reference: 'Patient/kari-lie' },
        date: new Date().toISOString(),
        author: [{ reference: 'PractitionerRole/eirik-berg--lillesand-legekontor' }],
        custodian: { reference: 'Organization/lillesand-legekontor' },
        title: 'Konsultasjon',
        section: [
          {
            title: 'Kontaktårsak',
            code: { coding: [{ system: 'https://akson.no/fhir/CodeSystem/note-section', code: 'reason' }] },
            text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Kontroll</div>' },
          },
        ],
      },
    }),
    201,
  );
  noteId = created.id;
  const line = await createAsSystem<Statement>(e2e.server, {
    resourceType: 'MedicationStatement',
    status: 'active',
    subject: { reference: 'Patient/kari-lie' },
    medicationCodeableConcept: {
      coding: [{ system: 'http://www.whocc.no/atc', code: 'N02BE01', display: 'Paracetamol' }],
      text: 'Paracet tab 500 mg',
    },
    dosage: [
      {
        timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd' } },
        doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablett' } }],
      },
    ],
    effectivePeriod: { start: '2026-01-01' },
  });
  lineId = line.id;
}, 180_000);

afterAll(async () => {
  await e2e?.close();
});
guardBrowserTests();

describe('concurrent edits of one note', () => {
  it('ends in a visible conflict and an explicit choice, never a lost update', async () => {
    const berg = await newBrowserContext(e2e);
    const lund = await newBrowserContext(e2e);
    await signIn(berg.page, e2e.server, /Eirik Berg, fastlege/);
    await signIn(lund.page, e2e.server, /Hanne Lund/);
    for (const { page } of [berg, lund]) {
      await page.goto(`${e2e.server.url}/pasient/kari-lie/notater/${noteId}`);
      await expect.poll(() => page.getByLabel('Anamnese').isVisible()).toBe(true);
    }
    await expectAccessible(berg.page, 'note editor');
    await screenshot(berg.page, 'note-editor');

    // Both type at once; the second GP saves first.
    await berg.page.getByLabel('Anamnese').fill('Hodepine i tre dager, ingen feber.');
    await lund.page.getByLabel('Anamnese').fill('Smerter i høyre kne etter fall.');
    await lund.page.getByRole('button', { name: 'Lagre utkast' }).click();
    await expect.poll(() => lund.page.getByText('Utkastet er lagret.').isVisible()).toBe(true);

    await berg.page.getByRole('button', { name: 'Lagre utkast' }).click();
    const dialog = berg.page.getByTestId('conflict-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expect.poll(() => dialog.innerText()).toMatch(/Smerter i høyre kne etter fall\./);
    await expect.poll(() => dialog.innerText()).toMatch(/Hodepine i tre dager, ingen feber\./);
    await screenshot(berg.page, 'note-conflict');

    // Nothing was overwritten behind anyone's back: the record still has the first save.
    const current = await expectStatus<Composition>(await e2e.server.fhir(`Composition/${noteId}`), 200);
    expect(current.meta.versionId).toBe('2');
    expect(historyText(current)).toContain('Smerter i høyre kne');

    // The GP chooses, knowingly, to keep his text; the colleague's version stays in the history.
    await berg.page.getByRole('button', { name: 'Behold min tekst og lagre' }).click();
    await expect.poll(() => berg.page.getByText('Utkastet er lagret.').isVisible()).toBe(true);
    const after = await expectStatus<Composition>(await e2e.server.fhir(`Composition/${noteId}`), 200);
    expect(after.meta.versionId).toBe('3');
    expect(historyText(after)).toContain('Hodepine i tre dager');
    const v2 = await expectStatus<Composition>(
      await e2e.server.fhir(`Composition/${noteId}/_history/2`),
      200,
    );
    expect(historyText(v2)).toContain('Smerter i høyre kne');

    // The colleague, still on version 2, is told in turn instead of overwriting.
    await lund.page.getByLabel('Plan', { exact: false }).first().fill('Røntgen kne.');
    await lund.page.getByRole('button', { name: 'Lagre utkast' }).click();
    await expect.poll(() => lund.page.getByTestId('conflict-dialog').isVisible()).toBe(true);
    await lund.page.getByRole('button', { name: 'Bruk den nye versjonen' }).click();
    await expect
      .poll(() => lund.page.getByLabel('Anamnese').inputValue())
      .toBe('Hodepine i tre dager, ingen feber.');

    // Signing: the server records the signer.
    await berg.page.getByLabel('Vurdering', { exact: false }).first().fill('Spenningshodepine (N02).');
    await berg.page
      .getByLabel('Tiltak og plan', { exact: false })
      .fill('Paracetamol ved behov, kontroll ved behov.');
    // A consultation is signed with its ICPC-2 diagnosis, which the GP picks from the code list.
    await berg.page.getByRole('button', { name: 'Signer' }).click();
    await expect
      .poll(() => berg.page.getByText('Velg en ICPC-2-diagnose før du signerer.').isVisible())
      .toBe(true);
    await berg.page.getByRole('searchbox', { name: 'Diagnose (vurdering)' }).fill('hodepine');
    await berg.page.getByRole('button', { name: 'Hodepine (N01)' }).first().click();
    await expect
      .poll(() => berg.page.getByTestId('diagnosis').innerText())
      .toMatch(/Hodepine \(ICPC-2 N01\)/);
    await berg.page.getByRole('button', { name: 'Signer' }).click();
    await expect.poll(() => berg.page.getByTestId('note-status').innerText()).toBe('Signert');
    const signed = await expectStatus<Composition>(await e2e.server.fhir(`Composition/${noteId}`), 200);
    const diagnosis = (signed.section ?? [])
      .flatMap((x) => x.entry ?? [])
      .find((x) => x.reference?.startsWith('Condition/'));
    const condition = await expectStatus<{ code: { coding: { code: string }[] } }>(
      await e2e.server.fhir(String(diagnosis?.reference)),
      200,
    );
    expect(condition.code.coding[0]?.code).toBe('N01');
    await berg.context.close();
    await lund.context.close();
  });
});

/** Every PUT of a medication resource a page sends, with its If-Match header (the server will demand one). */
function medicationWrites(page: Page): { url: string; ifMatch: string | undefined }[] {
  const writes: { url: string; ifMatch: string | undefined }[] = [];
  page.on('request', (request) => {
    if (
      request.method() === 'PUT' &&
      /\/fhir\/Medication(Statement|Request|Administration)\//.test(request.url())
    )
      writes.push({ url: request.url(), ifMatch: request.headers()['if-match'] });
  });
  return writes;
}

async function currentLine(): Promise<Statement> {
  return expectStatus<Statement>(await e2e.server.fhir(`MedicationStatement/${lineId}`), 200);
}

describe('concurrent edits of one medication line', () => {
  it('rebuilds a change on the colleague’s version, checks it again, and never undoes a stop', async () => {
    const berg = await newBrowserContext(e2e);
    const lund = await newBrowserContext(e2e);
    const writes = [...[berg, lund].map(({ page }) => medicationWrites(page))];
    await signIn(berg.page, e2e.server, /Eirik Berg, fastlege/);
    await signIn(lund.page, e2e.server, /Hanne Lund/);
    const editUrl = `${e2e.server.url}/pasient/kari-lie/legemidler/${lineId}`;
    for (const { page } of [berg, lund]) {
      await page.goto(editUrl);
      await expect.poll(() => page.getByLabel('Ganger per døgn').isVisible()).toBe(true);
    }

    // The GP changes how often and has the change checked; meanwhile the colleague doubles the dose and saves.
    await berg.page.getByLabel('Ganger per døgn').fill('3');
    await berg.page.getByRole('button', { name: 'Kontroller endringen' }).click();
    await expect.poll(() => berg.page.getByTestId('medication-review').isVisible()).toBe(true);
    await lund.page.getByLabel('Dose (tablett)').fill('2');
    await lund.page.getByRole('button', { name: 'Kontroller endringen' }).click();
    await lund.page.getByRole('button', { name: 'Lagre', exact: true }).click();
    await lund.page.waitForURL(/\/legemidler\?lagret=1/);

    // The GP, still on version 1, saves: he is shown what the line says now, and nothing is overwritten.
    await berg.page.getByRole('button', { name: 'Lagre', exact: true }).click();
    const conflict = berg.page.getByTestId('medication-conflict');
    await expect.poll(() => conflict.innerText()).toMatch(/2 tabletter 2 ganger daglig/);
    await expectAccessible(berg.page, 'medication conflict');
    await screenshot(berg.page, 'medication-conflict');
    expect((await currentLine()).meta.versionId).toBe('2');

    // He keeps his change: it is made on version 2 and checked again, then saved; version 2 stays in the history.
    await conflict.getByRole('button', { name: 'Lagre min endring over den nye' }).click();
    await berg.page.waitForURL(/\/legemidler\?lagret=1/);
    const v3 = await currentLine();
    expect(v3.meta.versionId).toBe('3');
    expect(v3.dosage?.[0]?.text).toBe('1 tablett 3 ganger daglig');
    const v2 = await expectStatus<Statement>(
      await e2e.server.fhir(`MedicationStatement/${lineId}/_history/2`),
      200,
    );
    expect(v2.dosage?.[0]?.text).toBe('2 tabletter 2 ganger daglig');

    // The colleague starts another change; meanwhile the GP stops the line, with a reason.
    await lund.page.goto(editUrl);
    await expect.poll(() => lund.page.getByLabel('Dose (tablett)').isVisible()).toBe(true);
    const row = berg.page.getByTestId('medication-row').filter({ hasText: 'Paracet' });
    await row.getByRole('button', { name: /^Seponer/ }).click();
    const dialog = berg.page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Seponer' }).click();
    await expect.poll(() => dialog.innerText()).toMatch(/Oppgi en årsak/);
    await dialog.getByLabel('Årsak til seponering').fill('Smertene er borte');
    await dialog.getByRole('button', { name: 'Seponer' }).click();
    await expect.poll(() => row.innerText()).toMatch(/Seponert .*Smertene er borte/);
    await screenshot(berg.page, 'medication-list-stopped');
    expect((await currentLine()).status).toBe('stopped');

    // Her change, begun before the stop, is refused with the reason as soon as it is checked, and there is no
    // way to save it over the stop.
    await lund.page.getByLabel('Dose (tablett)').fill('1');
    await lund.page.getByRole('button', { name: 'Kontroller endringen' }).click();
    const refused = lund.page.getByTestId('medication-conflict');
    await expect.poll(() => refused.innerText()).toMatch(/avsluttet av en annen/);
    await expect.poll(() => refused.innerText()).toMatch(/Seponert .*Smertene er borte/);
    expect(await refused.getByRole('button', { name: 'Lagre min endring over den nye' }).count()).toBe(0);
    expect(await lund.page.getByRole('button', { name: 'Lagre', exact: true }).isDisabled()).toBe(true);
    await screenshot(lund.page, 'medication-conflict-stopped');
    const after = await currentLine();
    expect(after.status).toBe('stopped');
    expect(after.meta.versionId).toBe('4');

    // Every medication write carried the version it was made on.
    const all = writes.flat();
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(all.filter((w) => !w.ifMatch)).toEqual([]);
    await berg.context.close();
    await lund.context.close();
  });
});
