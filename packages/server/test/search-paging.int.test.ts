/**
 * Paging: next and previous links walk every match exactly once, in order, also while other clients insert
 * and delete (keyset paging, not OFFSET); tampered cursors are refused with 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';
import {
  createAll,
  expectError,
  matchIds,
  search,
  tagged,
  tagParam,
  type Bundle,
  type Resource,
} from './fhir-test-kit.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

const link = (bundle: Bundle, relation: string) => bundle.link?.find((l) => l.relation === relation)?.url;

/** Follows `relation` links from `first`, returning each page's match ids. */
async function walk(
  first: Bundle,
  relation: 'next' | 'previous',
  between?: () => Promise<void>,
): Promise<string[][]> {
  const pages: string[][] = [matchIds(first)];
  let bundle = first;
  for (let guard = 0; guard < 500; guard++) {
    const url = link(bundle, relation);
    if (!url) return pages;
    expect(url.startsWith(t.base)).toBe(true);
    if (between) await between();
    bundle = await search(t, url);
    pages.push(matchIds(bundle));
  }
  throw new Error('too many pages');
}

/** Deterministic pseudo-random names, so that a failure can be reproduced. */
function names(seed: number, n: number): string[] {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: n }, () =>
    Array.from({ length: 6 }, () => String.fromCharCode(97 + (next() % 26))).join(''),
  );
}

describe('walking next and previous links', () => {
  const SET = 'walk';
  let all: Resource[] = [];
  beforeAll(async () => {
    const families = names(7, 53);
    all = await createAll(
      t,
      families.map((family, i) =>
        tagged(SET, {
          resourceType: 'Patient',
          // Ties on family and missing birth dates on purpose: the order must still be total.
          name: [{ family: family.slice(0, 2) }],
          ...(i % 4 === 0 ? {} : { birthDate: `19${String(50 + (i % 40)).padStart(2, '0')}-01-01` }),
          gender: i % 3 === 0 ? 'female' : 'male',
        }),
      ),
      6,
    );
  });

  it.each([
    ['default order', ''],
    ['_sort=family,-birthdate', '&_sort=family,-birthdate'],
    ['_sort=-gender,birthdate', '&_sort=-gender,birthdate'],
    ['_sort=-_lastUpdated', '&_sort=-_lastUpdated'],
  ])('sees every match exactly once (%s)', async (_label, sort) => {
    const first = await search(t, `Patient?_count=7&_total=accurate&${tagParam(SET)}${sort}`);
    expect(first.total).toBe(all.length);
    expect(link(first, 'previous')).toBeUndefined();
    const pages = await walk(first, 'next');
    expect(pages).toHaveLength(Math.ceil(all.length / 7));
    expect(pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(all.map((r) => r.id).sort());
    // One page with everything gives the same order.
    const whole = await search(t, `Patient?_count=100&${tagParam(SET)}${sort}`);
    expect(matchIds(whole)).toEqual(seen);
  });

  it('previous links walk back through the same pages', async () => {
    const first = await search(t, `Patient?_count=10&_sort=family&${tagParam(SET)}`);
    const forward = await walk(first, 'next');
    // Fetch the last page again by walking, then go back.
    let last = first;
    for (let i = 1; i < forward.length; i++) last = await search(t, link(last, 'next') as string);
    expect(link(last, 'next')).toBeUndefined();
    expect(matchIds(last)).toEqual(forward[forward.length - 1]);
    const backward = await walk(last, 'previous');
    expect(backward.reverse()).toEqual(forward);
  });

  it('keeps the other parameters in the links', async () => {
    const first = await search(t, `Patient?_count=5&gender=female&_sort=family&${tagParam(SET)}`);
    const next = new URL(link(first, 'next') as string);
    expect(next.searchParams.get('gender')).toBe('female');
    expect(next.searchParams.get('_sort')).toBe('family');
    expect(next.searchParams.get('_count')).toBe('5');
    expect(next.searchParams.get('_cursor')).toBeTruthy();
    const self = new URL(link(first, 'self') as string);
    expect(self.searchParams.get('gender')).toBe('female');
    const females = (await walk(first, 'next')).flat();
    expect(females.sort()).toEqual(
      all
        .filter((r) => r['gender'] === 'female')
        .map((r) => r.id)
        .sort(),
    );
  });
});

describe('paging while others write', () => {
  it.each([
    ['default order', ''],
    ['_sort=family', '&_sort=family'],
    ['_sort=-family,_id', '&_sort=-family,_id'],
  ])('no duplicates and no skipped resource that existed for the whole walk (%s)', async (_label, sort) => {
    const SET = `concurrent${sort.replace(/\W/g, '')}`;
    const stable = await createAll(
      t,
      names(11, 60).map((family) => tagged(SET, { resourceType: 'Patient', name: [{ family }] })),
      6,
    );
    const volatile = await createAll(
      t,
      names(13, 30).map((family) => tagged(SET, { resourceType: 'Patient', name: [{ family }] })),
      6,
    );
    const toDelete = volatile.map((r) => r.id);
    const inserted: string[] = [];
    let step = 0;
    const fresh = names(17, 1000);
    // Between every page, another client inserts two patients (before and after the cursor in sort order,
    // whichever it is) and deletes one of the volatile ones; a third client writes in parallel.
    const between = async () => {
      step++;
      const created = await createAll(
        t,
        [0, 1].map((k) =>
          tagged(SET, { resourceType: 'Patient', name: [{ family: fresh[step * 2 + k] as string }] }),
        ),
        2,
      );
      inserted.push(...created.map((r) => r.id));
      const victim = toDelete.pop();
      if (victim) await expectStatus(await t.fhir(`Patient/${victim}`, { method: 'DELETE' }), 204);
    };
    let walking = true;
    const background = (async () => {
      let n = 0;
      while (walking) {
        const r = await t.fhir('Patient', {
          method: 'POST',
          json: tagged(SET, { resourceType: 'Patient', name: [{ family: `bg${n++}` }] }),
        });
        await r.text();
      }
    })();
    const first = await search(t, `Patient?_count=6&${tagParam(SET)}${sort}`);
    const pages = await walk(first, 'next', between);
    walking = false;
    await background;
    const seen = pages.flat();
    expect(new Set(seen).size, 'no resource twice').toBe(seen.length);
    const seenSet = new Set(seen);
    const missing = stable.filter((r) => !seenSet.has(r.id));
    expect(missing, 'every resource that existed for the whole walk').toEqual([]);
    // Deleted ones that were deleted before their page came are not shown (each id is either seen or deleted).
    expect(step).toBeGreaterThan(10);
  });
});

describe('tampered cursors', () => {
  const SET = 'tamper';
  let next: URL;
  let nextByDate: URL;
  beforeAll(async () => {
    await createAll(
      t,
      Array.from({ length: 6 }, (_, i) =>
        tagged(SET, { resourceType: 'Patient', name: [{ family: `T${i}` }], birthDate: `198${i}-01-01` }),
      ),
    );
    next = new URL(link(await search(t, `Patient?_count=2&${tagParam(SET)}`), 'next') as string);
    nextByDate = new URL(
      link(await search(t, `Patient?_count=2&_sort=birthdate&${tagParam(SET)}`), 'next') as string,
    );
  });

  const withCursor = (url: URL, cursor: string) => {
    const u = new URL(url);
    u.searchParams.set('_cursor', cursor);
    return u.toString();
  };
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  const decode = (url: URL) =>
    JSON.parse(
      Buffer.from(url.searchParams.get('_cursor') as string, 'base64url').toString('utf8'),
    ) as unknown[];

  it('a valid cursor works', async () => {
    expect(matchIds(await search(t, next.toString()))).toHaveLength(2);
    expect(matchIds(await search(t, nextByDate.toString()))).toHaveLength(2);
  });

  it.each([
    ['garbage', () => 'not-a-cursor!!'],
    ['base64 of non-JSON', () => Buffer.from('{{{', 'utf8').toString('base64url')],
    ['JSON that is not an array', () => encode({ a: 1 })],
    ['wrong direction', () => encode(['x', 'abc'])],
    ['id that is not a string', () => encode(['n', 42])],
    ['id with a NUL', () => encode(['n', 'a\u0000b'])],
    ['extra sort keys', () => encode(['n', 'abc', 'extra'])],
  ])('default order: %s -> 400', async (_label, make) => {
    await expectError(await t.fhir(withCursor(next, make())), 400, 'AKS_ERR_SEARCH_CURSOR');
  });

  it.each([
    ['missing key', (c: unknown[]) => c.slice(0, 2)],
    ['key that is not a timestamp', (c: unknown[]) => [c[0], c[1], 'yesterday']],
    ['impossible timestamp', (c: unknown[]) => [c[0], c[1], '2024-99-99 99:99:99+00']],
    ['timestamp in year 0', (c: unknown[]) => [c[0], c[1], '0000-01-01 00:00:00+00']],
    ['key of the wrong type', (c: unknown[]) => [c[0], c[1], 12]],
    ['key with a NUL', (c: unknown[]) => [c[0], c[1], '2024-01-01 00:00:00+00\u0000']],
  ])('date order: %s -> 400', async (_label, change) => {
    await expectError(
      await t.fhir(withCursor(nextByDate, encode(change(decode(nextByDate))))),
      400,
      'AKS_ERR_SEARCH_CURSOR',
    );
  });

  it('a cursor from another search order is refused, and so is one on another type', async () => {
    await expectError(
      await t.fhir(withCursor(nextByDate, next.searchParams.get('_cursor') as string)),
      400,
      'AKS_ERR_SEARCH_CURSOR',
    );
    const onObservation = new URL(`${t.base}/Observation?_sort=date`);
    onObservation.searchParams.set('_cursor', nextByDate.searchParams.get('_cursor') as string);
    // Same shape (one timestamp key): accepted as a position, and harmless.
    expect((await t.fhir(onObservation.toString())).status).toBe(200);
  });
});
