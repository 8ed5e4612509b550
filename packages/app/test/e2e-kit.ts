// The end-to-end test kit: a real server (PGlite or PostgreSQL, like every other test), the built app, and
// Debian's chromium driven by playwright-core. Screenshots of the main screens go to test/artifacts/.

import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterEach, expect, vi } from 'vitest';
import { zonedToUtc } from '../../fhir/src/dates/precision-range.ts';
import { findStaffRole, personnelClaims } from '../../server/src/auth/dev-issuer/demo-users.ts';
import { startTestServer, type TestServer } from '../../server/test/test-server.ts';
import { buildAppIfNeeded } from '../scripts/build-if-needed.ts';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * An instant at a wall-clock hour of today in Oslo, as the app's worklists count days, whatever the machine's
 * time zone (00:30 in Oslo is still yesterday in UTC). A negative or over-24 hour reaches the days around it.
 */
export function osloTodayAt(hour: number): string {
  const today = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Oslo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  return new Date(zonedToUtc(`${today}T00:00:00`, 'Europe/Oslo') + hour * 3_600_000).toISOString();
}
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** The browser tests need Debian's chromium (`.ci/run` installs it): say so plainly, never skip silently. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM}, and it is not installed. Install Debian's package ` +
        '(apt-get install chromium), as .ci/run does, and run the tests again.',
    );
  }
}

export interface E2e {
  readonly server: TestServer;
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * Builds the app if its sources changed, starts a server with the demo register (and any configuration
 * overrides, e.g. a smaller AKSON_SEARCH_MAX_COUNT), and launches chromium.
 */
export async function startE2e(overrides: Record<string, string> = {}): Promise<E2e> {
  requireChromium();
  await buildAppIfNeeded({ quiet: true });
  const server = await startTestServer(overrides);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return {
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

const openPages = new Set<Page>();
/** Script errors and Content-Security-Policy violations in any page of the current test. */
const pageProblems: string[] = [];

/**
 * After each test: when it failed, every page still open is photographed (test/artifacts/failed-…png: the screen
 * tells more than a timeout); and a script error or Content-Security-Policy violation in any page fails the
 * test even when its assertions passed. Polls wait up to 10 s. Call once per test file.
 */
export function guardBrowserTests(): void {
  // A screen that needs a round trip or two to settle may take more than expect.poll's default second while
  // other test files share the two cores; waiting longer costs nothing when the screen is quick.
  vi.setConfig({ expect: { poll: { timeout: 10_000, interval: 50 } } });
  afterEach(async (context) => {
    const problems = pageProblems.splice(0);
    if (context.task.result?.state === 'fail') {
      const name = context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      let i = 0;
      for (const page of openPages)
        if (!page.isClosed()) await screenshot(page, `failed-${name}-${i++}`).catch(() => {});
    }
    expect(problems, 'errors in the browser').toEqual([]);
  });
}

/** A fresh browser (its own session storage: another person at another machine), desktop or tablet sized. */
export async function newBrowserContext(
  e2e: E2e,
  device: 'desktop' | 'tablet' = 'desktop',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e2e.browser.newContext({
    viewport: device === 'tablet' ? { width: 1024, height: 768 } : { width: 1366, height: 900 },
    locale: 'nb-NO',
    timezoneId: 'Europe/Oslo',
    ...(device === 'tablet' ? { hasTouch: true } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  openPages.add(page);
  page.on('close', () => openPages.delete(page));
  page.on('pageerror', (error) => pageProblems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      pageProblems.push(`CSP: ${message.text()}`);
  });
  return { context, page };
}

/**
 * Signs in through the app and the development issuer's page, as a real user would: "Logg inn", then the demo
 * user's button (for staff, the button names the role: "Eirik Berg, fastlege").
 */
export async function signIn(page: Page, server: TestServer, choice: RegExp, unit?: string): Promise<void> {
  await page.goto(`${server.url}/`);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  // Staff with roles at several units choose the unit's section of the sign-in page.
  const where = unit ? page.getByRole('region', { name: unit }) : page;
  await where.getByRole('button', { name: choice }).first().click();
  await page.waitForURL((url) => !url.pathname.startsWith('/innlogget') && !url.pathname.startsWith('/auth'));
  await expect.poll(() => page.getByTestId('acting-as').isVisible()).toBe(true);
}

/**
 * A staff token shaped like HelseID's but changed by `reshape` (a token without a department, say), signed by
 * the development issuer: for sign-ins its demo page cannot produce.
 */
export async function staffToken(
  server: TestServer,
  who: string,
  reshape: (claims: Record<string, unknown>) => Record<string, unknown>,
): Promise<string> {
  const found = findStaffRole(who);
  const issuer = server.server.app.akson.devIssuer;
  if (!found || !issuer) throw new Error(`no demo staff ${who}`);
  return issuer.sign(reshape({ client_id: 'akson-web', ...personnelClaims(found.staff, found.role) }));
}

/** Opens the app signed in with a token, as if the issuer had just returned it (the app keeps it per tab). */
export async function openWithToken(page: Page, server: TestServer, token: string): Promise<void> {
  await page.goto(`${server.url}/logg-inn`);
  await page.evaluate((t) => sessionStorage.setItem('akson.access-token', t), token);
  await page.goto(`${server.url}/`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  // From the top, so the sticky patient banner is where it belongs in a full-page picture.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

/**
 * Accessibility smoke checks on the current screen (no axe in the toolchain): one h1, a main landmark, every
 * form control and button with an accessible name, every chart with a title. Returns the problems found.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const h1 = document.querySelectorAll('h1').length;
    if (h1 !== 1) problems.push(`expected one h1, found ${h1}`);
    if (!document.querySelector('main')) problems.push('no main landmark');
    for (const el of document.querySelectorAll<HTMLElement>('input:not([type=hidden]), select, textarea')) {
      const labelled =
        (el as HTMLInputElement).labels?.length ||
        el.getAttribute('aria-label') ||
        el.getAttribute('aria-labelledby') ||
        el.closest('label');
      if (!labelled) problems.push(`unlabelled ${el.tagName.toLowerCase()} ${el.getAttribute('name') ?? ''}`);
    }
    for (const el of document.querySelectorAll<HTMLElement>('button, a[href]')) {
      const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
      if (!name) problems.push(`${el.tagName.toLowerCase()} without a name`);
    }
    for (const svg of document.querySelectorAll('svg[role=img]')) {
      if (!svg.querySelector('title')?.textContent) problems.push('chart without a title');
    }
    return problems;
  });
}

export async function expectAccessible(page: Page, screen: string): Promise<void> {
  expect(await accessibilityProblems(page), screen).toEqual([]);
}

/** Creates a resource as the integration client (system/*.cruds), the way an import would. */
export async function createAsSystem<T extends { id?: string }>(
  server: TestServer,
  resource: Record<string, unknown>,
): Promise<T & { id: string }> {
  const response = await server.fhir(String(resource['resourceType']), { method: 'POST', json: resource });
  const body = (await response.json()) as T & { id: string };
  if (response.status !== 201)
    throw new Error(`create ${String(resource['resourceType'])}: ${JSON.stringify(body)}`);
  return body;
}
