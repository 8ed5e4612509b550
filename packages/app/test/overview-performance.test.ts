import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus } from '../../server/test/test-server.ts';
import {
  ARTIFACTS,
  newBrowserContext,
  screenshot,
  guardBrowserTests,
  signIn,
  startE2e,
  type E2e,
} from './e2e-kit.ts';
import { fiveYearsOfHistory, loadHistory } from './history-fixture.ts';

/**
 * The bar (DESIGN.md §6): the patient overview of a citizen with five years of history (~2,000 resources) is
 * usable within 1.5 s of navigation. "Usable" = the banner and every part of the overview have loaded
 * (data-ready) and none of them failed (data-failed empty, no error shown). The long lists of such a record
 * (160 notes, a year of vital signs, the timeline) are whole or say how much they show. Also reports the size of
 * the built app's JavaScript.
 */

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const BAR_MS = 1500;

let e2e: E2e;
let patientId: string;
let written = 0;
let loadSeconds = 0;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

beforeAll(async () => {
  e2e = await startE2e();
  const patient = await expectStatus<{ id: string }>(
    await e2e.server.fhir('Patient', {
      method: 'POST',
      json: {
        resourceType: 'Patient',
        name: [{ use: 'official', family: 'Historiesen', given: ['Astrid'] }],
        gender: 'female',
        birthDate: '1941-06-02',
        generalPractitioner: [
          { reference: 'PractitionerRole/eirik-berg--lillesand-legekontor', display: 'Eirik Berg' },
          { reference: 'Organization/lillesand-legekontor', display: 'Lillesand legekontor' },
        ],
      },
    }),
    201,
  );
  patientId = patient.id;
  const started = performance.now();
  written = await loadHistory(e2e.server, fiveYearsOfHistory(patientId));
  loadSeconds = (performance.now() - started) / 1000;
}, 300_000);

afterAll(async () => {
  await e2e?.close();
});
guardBrowserTests();

describe('patient overview with five years of history', () => {
  it(`is usable within ${BAR_MS} ms of navigation`, async () => {
    // Count the record as the server holds it (what was written, plus the NEWS2 the server derived).
    let resources = 0;
    let next: string | undefined = `Patient/${patientId}/$everything?_count=1000`;
    while (next) {
      const page: { entry?: { search?: { mode?: string } }[]; link?: { relation: string; url: string }[] } =
        await expectStatus(await e2e.server.fhir(next), 200);
      resources += (page.entry ?? []).filter((e) => e.search?.mode !== 'outcome').length;
      next = page.link?.find((l) => l.relation === 'next')?.url;
    }
    expect(resources).toBeGreaterThanOrEqual(1900);

    const { context, page } = await newBrowserContext(e2e);
    await signIn(page, e2e.server, /Eirik Berg, fastlege/);
    const url = `${e2e.server.url}/pasient/${patientId}`;
    const fullLoads: number[] = [];
    const inApp: number[] = [];
    // Ready must mean usable: nothing failed on the way (an error section would be "ready" fast and useless).
    const expectNothingFailed = async (run: number) => {
      const overview = page.getByTestId('overview');
      expect(await overview.getAttribute('data-failed'), `run ${run}: failed parts`).toBe('');
      expect(await page.locator('main .alert--error').count(), `run ${run}: errors shown`).toBe(0);
    };
    for (let run = 0; run < 5; run++) {
      // A fresh page load of the overview (JavaScript from the browser cache, as on a clinician's machine) ...
      let t0 = performance.now();
      await page.goto(url);
      await page.locator('[data-testid="overview"][data-ready="true"]').waitFor();
      await page.getByTestId('patient-banner').waitFor();
      fullLoads.push(performance.now() - t0);
      await expectNothingFailed(run);
      // ... and navigation inside the app, from the worklist by link.
      await page.getByRole('link', { name: 'Arbeidsliste' }).click();
      await page.getByRole('heading', { name: 'Arbeidsliste' }).waitFor();
      t0 = performance.now();
      await page.evaluate((path) => {
        window.history.pushState({}, '', path);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }, `/pasient/${patientId}`);
      await page.locator('[data-testid="overview"][data-ready="true"]').waitFor();
      inApp.push(performance.now() - t0);
      await expectNothingFailed(run);
    }
    await screenshot(page, 'patient-overview-five-years');
    await context.close();

    const numbers = {
      resources,
      written,
      loadSeconds: Number(loadSeconds.toFixed(1)),
      database: process.env['AKSON_TEST_DATABASE_URL'] ? 'postgresql' : 'pglite',
      fullLoadMs: fullLoads.map(Math.round),
      fullLoadMedianMs: Math.round(median(fullLoads.slice(1))),
      firstLoadMs: Math.round(fullLoads[0] ?? 0),
      inAppMs: inApp.map(Math.round),
      inAppMedianMs: Math.round(median(inApp.slice(1))),
    };
    console.log(`[web-app] overview with ${resources} resources: ${JSON.stringify(numbers)}`);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(
      `${ARTIFACTS}overview-timing-${numbers.database}.json`,
      `${JSON.stringify(numbers, null, 2)}\n`,
    );
    // The bar holds for the typical warm load, not the luckiest one: the median of runs 2–5 (the first is cold).
    expect(numbers.fullLoadMedianMs).toBeLessThanOrEqual(BAR_MS);
    expect(numbers.inAppMedianMs).toBeLessThanOrEqual(BAR_MS);
  }, 120_000);
});

describe('the long lists of a five-year record', () => {
  it('are whole or say how much they show, and the banner stays in view however far one scrolls', async () => {
    const { context, page } = await newBrowserContext(e2e);
    await signIn(page, e2e.server, /Eirik Berg, fastlege/);

    // Notes: a page at a time, with how many there are (160 were written; the GP may see them all or be told).
    const visible = await expectStatus<{ total: number }>(
      await e2e.server.fhir(`Composition?patient=${patientId}&_summary=count`, { as: 'berg' }),
      200,
    );
    expect(visible.total).toBeGreaterThan(100);
    await page.goto(`${e2e.server.url}/pasient/${patientId}/notater`);
    const count = page.getByTestId('notes-count');
    await expect.poll(() => count.innerText()).toBe(`Viser 50 av ${visible.total} notater.`);
    while (await page.getByRole('button', { name: 'Vis eldre notater' }).isVisible()) {
      const before = await page.getByTestId('notes-list').getByRole('listitem').count();
      await page.getByRole('button', { name: 'Vis eldre notater' }).click();
      await expect
        .poll(() => page.getByTestId('notes-list').getByRole('listitem').count())
        .toBeGreaterThan(before);
    }
    expect(await page.getByTestId('notes-list').getByRole('listitem').count()).toBe(visible.total);
    await expect.poll(() => count.innerText()).toBe(`Viser ${visible.total} av ${visible.total} notater.`);

    // A year of vital signs: every set of the year, not the first page of observations.
    await page.goto(`${e2e.server.url}/pasient/${patientId}/malinger`);
    await page.getByRole('button', { name: '1 år' }).click();
    await page.getByRole('button', { name: '1 år', pressed: true }).waitFor();
    await expect.poll(() => page.getByTestId('chart').count()).toBe(1);
    expect(await page.getByTestId('vitals-cut').count()).toBe(0);

    // The timeline, filtered to one service, and the banner after scrolling to its end.
    await page.goto(`${e2e.server.url}/pasient/${patientId}/tidslinje`);
    await page.getByLabel('Hjemmesykepleie').check();
    const entries = page.getByTestId('timeline').locator('li');
    await expect
      .poll(async () => {
        const texts = await entries.allInnerTexts();
        return texts.length > 10 && texts.every((t) => /Hjemmesykepleie/.test(t));
      })
      .toBe(true);
    await page.getByRole('button', { name: 'Vis eldre hendelser' }).click();
    await expect.poll(() => entries.count()).toBeGreaterThan(30);
    const scrolled = await page.evaluate(() => {
      window.scrollTo(0, document.documentElement.scrollHeight);
      return window.scrollY;
    });
    expect(scrolled).toBeGreaterThan(500);
    const banner = await page.getByTestId('patient-banner').boundingBox();
    expect(banner?.y).toBe(0);
    expect(await page.getByTestId('patient-banner').getByRole('heading', { level: 1 }).isVisible()).toBe(
      true,
    );
    await context.close();
  }, 60_000);
});

describe('the built app', () => {
  it('reports its JavaScript size (raw and gzip), and the first screen loads only a part of it', () => {
    const assets = readdirSync(`${DIST}assets`).filter((f) => f.endsWith('.js'));
    const size = (file: string) => {
      const bytes = readFileSync(`${DIST}assets/${file}`);
      return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    };
    const files = Object.fromEntries(assets.map((f) => [f, size(f)]));
    const index = readFileSync(`${DIST}index.html`, 'utf8');
    const entry = /src="\/assets\/([^"]+\.js)"/.exec(index)?.[1] ?? '';
    const total = Object.values(files).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), {
      raw: 0,
      gzip: 0,
    });
    const numbers = { total, entry: { file: entry, ...files[entry] }, files };
    console.log(`[web-app] JavaScript: ${JSON.stringify({ total, entry: numbers.entry })}`);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(`${ARTIFACTS}javascript-size.json`, `${JSON.stringify(numbers, null, 2)}\n`);
    expect(entry).not.toBe('');
    // Budgets: a tablet on a municipal 4G connection loads the first screen in well under a second.
    expect(numbers.entry.gzip ?? Infinity).toBeLessThan(120_000);
    expect(total.gzip).toBeLessThan(250_000);
  });
});
