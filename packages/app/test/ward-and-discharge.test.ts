import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAsSystem,
  expectAccessible,
  newBrowserContext,
  osloTodayAt,
  screenshot,
  guardBrowserTests,
  signIn,
  startE2e,
  type E2e,
} from './e2e-kit.ts';
import { loadHistory, vitalSet } from './history-fixture.ts';

/**
 * The nursing home ward (SCENARIOS.md §4, §5): the ward list, the medication round (a dose given, one refused),
 * reconciling a discharge list line by line, and completing a task. The server here allows pages of at most
 * 200 and gives 20 when asked for no size, and the ward has more residents than 20: the app's `_count=500` must
 * not turn into an error, and every list must still be whole.
 */

const MAX_COUNT = 200;
const EXTRA_RESIDENTS = 22;
let e2e: E2e;
const WARD = 'Solgløtt sykehjem, avdeling 2 (korttid og KAD)';
const atc = (code: string) => ({ system: 'http://www.whocc.no/atc', code });
const daily = (when: string[], value = 1, unit = 'tablett') => [
  {
    timing: { repeat: { frequency: when.length, period: 1, periodUnit: 'd', when } },
    doseAndRate: [{ doseQuantity: { value, unit } }],
  },
];

function line(name: string, code: string, when: string[], value = 1) {
  return {
    resourceType: 'MedicationStatement',
    status: 'active',
    subject: { reference: 'Patient/olav-bakke' },
    medicationCodeableConcept: { coding: [atc(code)], text: name },
    dosage: daily(when, value),
    effectivePeriod: { start: '2026-01-10' },
  };
}

/** 21:00 yesterday in Oslo, whatever the machine's time zone: a score that is not today's. */
function yesterdayEvening(): string {
  return osloTodayAt(-3);
}

beforeAll(async () => {
  e2e = await startE2e({ AKSON_SEARCH_MAX_COUNT: String(MAX_COUNT), AKSON_SEARCH_DEFAULT_COUNT: '20' });
  const residents = Array.from({ length: EXTRA_RESIDENTS }, (_, i) => {
    const fullUrl = `urn:uuid:${crypto.randomUUID()}`;
    return [
      {
        fullUrl,
        resourceType: 'Patient',
        name: [{ use: 'official', family: `Beboer${String(i + 1).padStart(2, '0')}`, given: ['Test'] }],
        gender: i % 2 ? 'male' : 'female',
        birthDate: '1935-01-01',
      },
      {
        resourceType: 'EpisodeOfCare',
        status: 'active',
        patient: { reference: fullUrl },
        managingOrganization: { reference: 'Organization/solglott-avd-2' },
        period: { start: '2026-01-10' },
      },
    ];
  }).flat();
  await loadHistory(e2e.server, residents);
  // Olav was scored last night, not today; a new resident was scored just now.
  await loadHistory(e2e.server, vitalSet('olav-bakke', yesterdayEvening(), 0));
  const scored = await createAsSystem<{ id: string }>(e2e.server, {
    resourceType: 'Patient',
    name: [{ use: 'official', family: 'Målt', given: ['Marit'] }],
    gender: 'female',
    birthDate: '1936-02-02',
  });
  await createAsSystem(e2e.server, {
    resourceType: 'EpisodeOfCare',
    status: 'active',
    patient: { reference: `Patient/${scored.id}` },
    managingOrganization: { reference: 'Organization/solglott-avd-2' },
    period: { start: '2026-01-10' },
  });
  await loadHistory(e2e.server, vitalSet(scored.id, new Date().toISOString(), 1));
  await createAsSystem(e2e.server, {
    resourceType: 'EpisodeOfCare',
    status: 'active',
    patient: { reference: 'Patient/olav-bakke' },
    managingOrganization: { reference: 'Organization/solglott-avd-2' },
    period: { start: '2026-01-10' },
  });
  await createAsSystem(e2e.server, line('Paracet tab 500 mg', 'N02BE01', ['MORN', 'EVE']));
  await createAsSystem(e2e.server, line('Metoprolol depottab 50 mg', 'C07AB02', ['MORN']));
  await createAsSystem(e2e.server, line('Omeprazol tab 20 mg', 'A02BC01', ['MORN']));
  // Marit's as-needed line, maximum in grams and no strength in the name: the tablets cannot be held against
  // the maximum.
  await createAsSystem(e2e.server, {
    ...line('Paracetamol tabletter', 'N02BE01', []),
    subject: { reference: `Patient/${scored.id}` },
    dosage: [
      {
        timing: { repeat: { frequency: 4, period: 1, periodUnit: 'd' } },
        asNeededBoolean: true,
        doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablett' } }],
        maxDosePerPeriod: {
          numerator: { value: 4, unit: 'g', system: 'http://unitsofmeasure.org', code: 'g' },
          denominator: { value: 1, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' },
        },
      },
    ],
  });
  await createAsSystem(e2e.server, {
    resourceType: 'Task',
    status: 'requested',
    intent: 'order',
    for: { reference: 'Patient/olav-bakke' },
    owner: { reference: 'Organization/solglott-avd-2' },
    description: 'IPLOS-kartlegging etter innleggelse',
    executionPeriod: { start: new Date().toISOString() },
  });
}, 180_000);

afterAll(async () => {
  await e2e?.close();
});
guardBrowserTests();

describe('nursing home ward nurse', () => {
  it('sees the ward list, records a round (one dose given, one refused) and completes a task', async () => {
    const { context, page } = await newBrowserContext(e2e, 'tablet');
    await signIn(page, e2e.server, /Ola Moen/, WARD);
    const residents = page.getByTestId('worklist-residents');
    await expect.poll(() => residents.innerText()).toMatch(/Bakke, Olav/);
    // All of them, across the server's pages; yesterday evening's score is not "today's NEWS2".
    await expect.poll(() => residents.getByRole('listitem').count()).toBe(EXTRA_RESIDENTS + 2);
    await expect
      .poll(() => residents.getByRole('listitem').filter({ hasText: 'Målt, Marit' }).innerText())
      .toMatch(/NEWS2 \d+.*kl\. \d\d:\d\d/);
    expect(await residents.getByTestId('worklist-cut').count()).toBe(0);
    await expect
      .poll(() => residents.getByRole('listitem').filter({ hasText: 'Bakke, Olav' }).innerText())
      .toMatch(/NEWS2 ikke målt i dag/);
    await expectTouchTargets(page, 'ward list');
    await screenshot(page, 'ward-list');

    await page.getByRole('link', { name: 'Legemiddelrunde' }).click();
    const doses = page.getByTestId('round-dose');
    await expect.poll(() => doses.count()).toBe(4);
    // The as-needed line says it cannot be checked against its maximum, instead of showing what is left.
    const prn = page.getByTestId('round-as-needed').filter({ hasText: 'Paracetamol tabletter' });
    await expect.poll(() => prn.innerText()).toMatch(/Maksdosen kan ikke vurderes.*Kontroller manuelt/s);
    expect(await prn.innerText()).not.toMatch(/igjen/);
    await expectAccessible(page, 'administration round');
    await expectTouchTargets(page, 'administration round');
    await doses.filter({ hasText: 'Metoprolol' }).getByRole('button', { name: /^Gitt/ }).click();
    await expect.poll(() => doses.filter({ hasText: 'Metoprolol' }).innerText()).toMatch(/Gitt kl\./);
    await doses
      .filter({ hasText: 'Paracet' })
      .first()
      .getByRole('button', { name: /^Ikke gitt/ })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Årsak').selectOption('refused');
    await dialog.getByLabel('Merknad').fill('Ville ikke ta tabletten nå');
    await dialog.getByRole('button', { name: 'Registrer ikke gitt' }).click();
    await expect.poll(() => doses.filter({ hasText: 'Paracet' }).first().innerText()).toMatch(/Nektet/);
    await screenshot(page, 'administration-round');

    await page.getByRole('link', { name: 'Arbeidsliste' }).click();
    const tasks = page.getByTestId('worklist-tasks');
    await expect.poll(() => tasks.innerText()).toMatch(/IPLOS-kartlegging/);
    await tasks.getByRole('button', { name: 'Marker som utført' }).click();
    await expect.poll(() => tasks.innerText()).toMatch(/Ingen åpne oppgaver/);
    await context.close();
  });

  it('reconciles a discharge list line by line: a dose change accepted, a new medicine marked unclear', async () => {
    const { context, page } = await newBrowserContext(e2e);
    await signIn(page, e2e.server, /Ola Moen/, WARD);
    await page.goto(`${e2e.server.url}/pasient/olav-bakke/legemidler/samstemming`);
    const discharge = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { resource: line('Paracet tab 500 mg', 'N02BE01', ['MORN', 'EVE']) },
        { resource: line('Metoprolol depottab 50 mg', 'C07AB02', ['MORN'], 2) },
        { resource: line('Amlodipin tab 5 mg', 'C08CA01', ['MORN']) },
      ],
    };
    await page.getByLabel('… eller lim inn listen').fill(JSON.stringify(discharge));
    await page.getByRole('button', { name: 'Sammenlign med gjeldende liste' }).click();
    const entries = page.getByTestId('reconcile-entry');
    await expect.poll(() => entries.count()).toBe(4);
    const metoprolol = entries.filter({ hasText: 'Metoprolol' });
    await expect.poll(() => metoprolol.innerText()).toMatch(/Endret dose/);
    await expect.poll(() => metoprolol.innerText()).toMatch(/2 tabletter morgen/);
    await metoprolol.getByLabel('Godta').check();
    const amlodipin = entries.filter({ hasText: 'Amlodipin' });
    await expect.poll(() => amlodipin.innerText()).toMatch(/Nytt legemiddel/);
    await amlodipin.getByLabel('Uklart – spør fastlege').check();
    // A current line the hospital's list leaves out: stopping it needs a reason, and the label says so.
    const omeprazol = entries.filter({ hasText: 'Omeprazol' });
    await expect.poll(() => omeprazol.innerText()).toMatch(/Ikke med på listen fra sykehuset/);
    await omeprazol.getByLabel('Seponer').check();
    expect(await omeprazol.getByLabel('Begrunnelse (valgfri)').count()).toBe(0);
    await expect.poll(() => omeprazol.innerText()).toMatch(/Påkrevd, minst 5 tegn/);
    await page.getByRole('button', { name: 'Lagre samstemmingen' }).click();
    // A reason is required for an unclear line.
    await expect.poll(() => amlodipin.innerText()).toMatch(/Skriv en begrunnelse/);
    await amlodipin.getByLabel('Begrunnelse').fill('Ikke nevnt i epikrisen, spør fastlege');
    await expect.poll(() => omeprazol.innerText()).toMatch(/Skriv hvorfor linjen skal seponeres/);
    await omeprazol.getByLabel('Begrunnelse').fill('Seponert under innleggelsen');
    await expectAccessible(page, 'reconciliation');
    await screenshot(page, 'reconciliation');
    await page.getByRole('button', { name: 'Lagre samstemmingen' }).click();
    await expect
      .poll(() => page.getByRole('status').first().innerText())
      .toMatch(/2 godtatt, 0 avvist, 1 uklare/);

    await page.getByRole('link', { name: 'Til legemiddellisten' }).click();
    await expect
      .poll(() => page.getByTestId('medication-row').filter({ hasText: 'Metoprolol' }).innerText())
      .toMatch(/2 tabletter morgen/);
    expect(await page.getByTestId('medication-table').innerText()).not.toMatch(/Amlodipin/);
    await expect
      .poll(() => page.getByTestId('medication-row').filter({ hasText: 'Omeprazol' }).innerText())
      .toMatch(/Seponert .*Seponert under innleggelsen/);
    await context.close();
  });
});

/** Every button (and link styled as one) is at least 44 × 44 px: the tablet's touch targets (WCAG 2.5.5). */
async function expectTouchTargets(page: Page, screen: string): Promise<void> {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, a.button')]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ text: (el.textContent ?? '').trim(), box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.height < 44 || box.width < 44)
      .map(({ text, box }) => `${text} (${Math.round(box.width)}×${Math.round(box.height)})`),
  );
  expect(small, `${screen}: touch targets under 44 px`).toEqual([]);
}
