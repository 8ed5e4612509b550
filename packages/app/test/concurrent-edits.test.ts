import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus } from '../../server/test/test-server.ts';
import {
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
 */

let e2e: E2e;
let noteId: string;

interface Composition {
  id: string;
  meta: { versionId: string };
  section?: { code?: { coding?: { code?: string }[] }; text?: { div?: string } }[];
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
    await berg.page.getByRole('button', { name: 'Signer' }).click();
    await expect.poll(() => berg.page.getByTestId('note-status').innerText()).toBe('Signert');
    await berg.context.close();
    await lund.context.close();
  });
});
