import { readPostalCodes } from '@akson/clinical/node';
import { IDENTIFIER_SYSTEMS, protectionOf } from '@akson/fhir';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ident, sql } from '../../store/src/sql/sql.ts';
import { seedPopulation } from '../src/seed/index.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * What a synthetic population must never be mistaken for: a real one. Every national id in the record is a
 * synthetic test number (month + 80, valid check digits, a real date), every address's postal code belongs to
 * the municipality the citizen lives in, and protected addresses exist (of both levels) and never appear in
 * what anyone but the citizen is shown. Two municipalities, so a postal code of the wrong one would show.
 */

let t: TestServer;
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());
const MUNICIPALITIES = ['4215', '4202'];

interface Identifier {
  system?: string;
  value?: string;
}
interface Address {
  line?: string[];
  postalCode?: string;
  city?: string;
  extension?: { url?: string }[];
}
type Json = Record<string, unknown>;

async function rows(type: string): Promise<Json[]> {
  const found = await t.database.db.query<{ content: string }>(
    sql`SELECT content FROM ${ident(type)} WHERE NOT deleted`,
  );
  return found.map((r) => JSON.parse(r.content) as Json);
}

beforeAll(async () => {
  t = await startTestServer();
  await seedPopulation(t.server.app, {
    municipalities: MUNICIPALITIES,
    citizens: 160,
    years: 1,
    seed: 'synthetic',
    now: TODAY,
  });
}, 300_000);
afterAll(async () => t?.close());

/** Skatteetaten's check digits (DOMAIN.md §3): weights over the first nine, then the first ten digits. */
function hasValidCheckDigits(id: string): boolean {
  const d = [...id].map(Number);
  const k1 = [3, 7, 6, 1, 8, 9, 4, 5, 2].reduce((sum, w, i) => sum + w * (d[i] ?? 0), 0) + (d[9] ?? 0);
  const k2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2].reduce((sum, w, i) => sum + w * (d[i] ?? 0), 0) + (d[10] ?? 0);
  return k1 % 11 === 0 && k2 % 11 === 0;
}

/** A synthetic fødselsnummer: the month plus 80, and a date that exists. */
function isSynthetic(id: string): boolean {
  if (!/^\d{11}$/.test(id)) return false;
  const day = Number(id.slice(0, 2));
  const month = Number(id.slice(2, 4)) - 80;
  if (month < 1 || month > 12) return false;
  // The century is in the individual number; any year with this day and month will do for "a real date",
  // except 29 February, which needs a leap year (2000 is one).
  const date = new Date(Date.UTC(2000, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

describe('the synthetic population', () => {
  it('uses only synthetic national ids (month + 80, valid check digits), for citizens and relatives alike', async () => {
    const idsOf = (resources: Json[]) =>
      resources.flatMap((r) =>
        ((r['identifier'] as Identifier[] | undefined) ?? [])
          .filter((i) => i.system === IDENTIFIER_SYSTEMS.fnr || i.system === IDENTIFIER_SYSTEMS.dnr)
          .map((i) => i.value ?? ''),
      );
    const citizens = idsOf(await rows('Patient'));
    const ids = [...citizens, ...idsOf(await rows('RelatedPerson'))];
    expect(citizens.length).toBeGreaterThan(160);
    expect(ids.filter((id) => !isSynthetic(id))).toEqual([]);
    expect(ids.filter((id) => !hasValidCheckDigits(id))).toEqual([]);
    // One person, one number (a relative is usually a citizen too, under the same number).
    expect(new Set(citizens).size).toBe(citizens.length);
  });

  it("gives every citizen a postal code of the municipality they live in (their GP office's)", async () => {
    const postal = new Map((await readPostalCodes()).map((p) => [p.code, p]));
    const organizations = new Map((await rows('Organization')).map((o) => [String(o['id']), o]));
    const municipalityOf = (orgId: string): string | undefined => {
      const org = organizations.get(orgId);
      const own = ((org?.['identifier'] as Identifier[] | undefined) ?? []).find(
        (i) => i.system === IDENTIFIER_SYSTEMS.kommunenummer,
      )?.value;
      if (own) return own;
      const parent = (org?.['partOf'] as { reference?: string } | undefined)?.reference?.split('/')[1];
      return parent ? municipalityOf(parent) : undefined;
    };
    const checked = new Map<string, number>();
    for (const patient of await rows('Patient')) {
      const office = ((patient['generalPractitioner'] as { reference?: string }[] | undefined) ?? [])
        .map((r) => r.reference ?? '')
        .find((r) => r.startsWith('Organization/'));
      const municipality = office ? municipalityOf(office.slice('Organization/'.length)) : undefined;
      if (!municipality) continue;
      for (const address of (patient['address'] as Address[] | undefined) ?? []) {
        const code = postal.get(address.postalCode ?? '');
        expect(code?.municipalityNumber, `${String(patient['id'])} ${address.postalCode}`).toBe(municipality);
        expect(address.city?.toUpperCase()).toBe(code?.place.toUpperCase());
        checked.set(municipality, (checked.get(municipality) ?? 0) + 1);
      }
    }
    for (const m of MUNICIPALITIES) expect(checked.get(m) ?? 0, m).toBeGreaterThan(20);
  });

  it('has protected addresses of both levels, and shows them to no one but the citizen', async () => {
    const protectedPatients = (await rows('Patient')).filter((p) =>
      ((p['address'] as Address[] | undefined) ?? []).some((a) => protectionOf(a)),
    );
    const levels = new Set(
      protectedPatients.flatMap((p) => ((p['address'] as Address[]) ?? []).map((a) => protectionOf(a))),
    );
    expect(levels).toEqual(new Set(['fortrolig', 'strengt-fortrolig']));
    expect(protectedPatients.length).toBeGreaterThanOrEqual(2);
    for (const patient of protectedPatients) {
      const id = String(patient['id']);
      const street = ((patient['address'] as Address[])[0]?.line ?? [])[0] ?? '';
      expect(street.length).toBeGreaterThan(3);
      const family = ((patient['name'] as { family?: string }[] | undefined) ?? [])[0]?.family ?? '';
      for (const path of [
        `Patient/${id}`,
        `Patient?family=${encodeURIComponent(family)}&_count=200`,
        `Patient/${id}/$everything`,
        `Patient/${id}/$summary`,
        `Patient?address=${encodeURIComponent(street)}`,
      ]) {
        const text = JSON.stringify(await expectStatus(await t.fhir(path), 200));
        expect(text, `${path}`).not.toContain(street);
      }
    }
  });
});
