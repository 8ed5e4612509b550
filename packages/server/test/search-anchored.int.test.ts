import { ALL, runSearch, searchWhere, type Queryable } from '@akson/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformService } from '../src/services/platform-service.ts';
import type { ResourceService } from '../src/services/resource-service.ts';
import { observationFor, sql } from './access-test-helpers.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * A search anchored on one patient, an identifier or ids is driven by its anchor (store searchAnchor): no other
 * index, no walk in sort order. The case that made it necessary: what was recorded since the last ANALYZE lies
 * beyond the date histogram, so "this patient's observations of the last 20 minutes" (the NEWS2 rule) was
 * planned from the date index and walked every patient's new observations.
 */

let t: TestServer;
const service = (): ResourceService => platformService(t.server.app, 'anchored search test');
const minutesAgo = (m: number): string => new Date(Date.now() - m * 60_000).toISOString();

async function bundleOf(observations: Record<string, unknown>[]): Promise<void> {
  const entry = observations.map((resource) => ({
    resource,
    request: { method: 'POST', url: 'Observation' },
  }));
  await expectStatus(
    await t.fhir('', { method: 'POST', json: { resourceType: 'Bundle', type: 'transaction', entry } }),
    200,
  );
}

async function planOf(q: Queryable, params: [string, string][]): Promise<string> {
  const request = service().parseInternalSearch('Observation', params);
  const rows = await q.query<{ 'QUERY PLAN': unknown }>(
    sql`EXPLAIN (FORMAT JSON) SELECT a.id FROM "Observation" a WHERE ${searchWhere(request, ALL)}`,
  );
  return JSON.stringify(rows[0]?.['QUERY PLAN']);
}

beforeAll(async () => {
  t = await startTestServer();
  // Old measurements, then statistics, then a burst of new ones for other patients: the planner now believes
  // there is hardly anything in the last hour.
  await bundleOf(
    Array.from({ length: 100 }, (_, i) =>
      observationFor(i % 2 ? 'kari-lie' : 'per-haugen', {
        effectiveDateTime: minutesAgo(60 * 24 * (30 + i)),
      }),
    ),
  );
  await t.database.db.exec('ANALYZE "Observation"');
  for (let round = 0; round < 4; round++) {
    await bundleOf(
      Array.from({ length: 100 }, (_, i) =>
        observationFor(i % 2 ? 'kari-lie' : 'per-haugen', { effectiveDateTime: minutesAgo(i % 15) }),
      ),
    );
  }
  await bundleOf([observationFor('ingrid-fjeld', { effectiveDateTime: minutesAgo(5) })]);
});
afterAll(async () => {
  await t?.close();
});

describe('anchored searches', () => {
  const window: [string, string][] = [
    ['patient', 'Patient/ingrid-fjeld'],
    ['date', `ge${minutesAgo(20)}`],
    ['date', `le${minutesAgo(-20)}`],
  ];

  it("a patient's recent observations are found from the patient, not from the date", async () => {
    const plan = await planOf(t.database.db, window);
    expect(plan).toMatch(/sp_patient/);
    expect(plan).not.toMatch(/ix_observation_sp_date/);
  });

  it('finds the same rows in the same order, page after page, sorted by date or by id', async () => {
    const expectedIds = async (): Promise<string[]> => {
      const rows = await t.database.db.query<{ id: string }>(
        sql`SELECT a.id FROM "Observation" a
            WHERE a.deleted = false AND a.sp_patient && ARRAY['Patient/kari-lie'] ORDER BY a.id`,
      );
      return rows.map((r) => r.id);
    };
    const expected = await expectedIds();
    expect(expected.length).toBeGreaterThanOrEqual(250);
    const paged = async (params: [string, string][]): Promise<string[]> => {
      let request = service().parseInternalSearch('Observation', [...params, ['_count', '37']]);
      const ids: string[] = [];
      for (;;) {
        const page = await runSearch(t.database.db, { ...request, total: 'accurate' }, ALL);
        expect(page.total).toBe(expected.length);
        ids.push(...page.matches.map((m) => m.id));
        if (!page.next) return ids;
        request = { ...request, cursor: page.next };
      }
    };
    const byId = await paged([['patient', 'Patient/kari-lie']]);
    expect(byId).toEqual(expected);
    const byUpdated = await paged([
      ['patient', 'Patient/kari-lie'],
      ['_sort', '-_lastUpdated'],
    ]);
    expect(new Set(byUpdated)).toEqual(new Set(byId));
    expect(byUpdated).toHaveLength(expected.length);
  });
});
