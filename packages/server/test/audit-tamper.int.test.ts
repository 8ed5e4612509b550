import type { Queryable } from '@akson/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain, type VerifyReport } from '../src/audit/verify-chain.ts';
import { createAsSystem, encounterAt, observationFor, sql } from './access-test-helpers.ts';
import { expectStatus, startTestServer, TEST_AUDIT_KEY, type TestServer } from './test-server.ts';

/**
 * The audit log is sealed in hash-chained lanes (HMAC with the audit key). After a realistic workload the chain
 * verifies; then each kind of tampering a database superuser could do (with the append-only trigger disabled)
 * is detected with the right kind. Each tampering runs in a transaction that is rolled back after verifying
 * inside it, so every case starts from the intact log. With the triggers in place, changing the log fails.
 */

const ON_POSTGRES = process.env['AKSON_TEST_DATABASE_URL'] !== undefined;
const KEY = Buffer.from(TEST_AUDIT_KEY, 'hex');

let t: TestServer;
let intact: VerifyReport;
/** The lane with the most entries, and its entries' seq values in order. */
let lane: number;
let seqs: number[];

class Rollback extends Error {
  readonly report: VerifyReport;
  constructor(report: VerifyReport) {
    super('rollback');
    this.report = report;
  }
}

/** Tampers inside a transaction (trigger disabled as a superuser would), verifies there, and rolls it all back. */
async function tamperAndVerify(
  tamper: (tx: Queryable) => Promise<void>,
  previousHeads?: VerifyReport['heads'],
): Promise<VerifyReport> {
  try {
    await t.database.db.transaction(async (tx) => {
      await tx.exec('ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_append_only');
      await tamper(tx);
      throw new Rollback(await verifyAuditChain(tx, KEY, previousHeads ? { previousHeads } : {}));
    });
  } catch (err) {
    if (err instanceof Rollback) return err.report;
    throw err;
  }
  throw new Error('unreachable');
}

const kinds = (r: VerifyReport): { lane: number; seq: number; kind: string }[] =>
  r.problems.map((p) => ({ lane: p.lane, seq: p.seq, kind: p.kind }));

/** Several concurrent clients: an integration writing, clinicians reading and searching. */
async function workload(): Promise<void> {
  await createAsSystem(t, encounterAt('ingrid-fjeld', 'hjemmesykepleien-nord'));
  await createAsSystem(t, encounterAt('kari-lie', 'hjemmesykepleien-nord'));
  await t.fhir('Patient/ingrid-fjeld', { as: 'silje' });
  await t.fhir('Patient/kari-lie', { as: 'silje' });
  await Promise.all(
    Array.from({ length: 8 }, async (_, client) => {
      const patient = client % 2 === 0 ? 'ingrid-fjeld' : 'kari-lie';
      for (let i = 0; i < 5; i++) {
        await expectStatus(
          await t.fhir('Observation', { method: 'POST', json: observationFor(patient) }),
          201,
        );
        await expectStatus(
          await t.fhir(`Patient/${patient}`, { as: client % 3 === 0 ? 'berg' : 'silje' }),
          200,
        );
        await expectStatus(await t.fhir(`Observation?patient=${patient}&_count=5`, { as: 'silje' }), 200);
        await expectStatus(await t.fhir('Patient/per-haugen', { as: 'silje' }), 404);
      }
    }),
  );
}

beforeAll(async () => {
  t = await startTestServer();
  await workload();
  intact = await verifyAuditChain(t.database.db, KEY);
  const rows = await t.database.db.query<{ lane: number; n: string | number }>(
    sql`SELECT lane, count(*) AS n FROM "AuditEvent" GROUP BY lane ORDER BY n DESC, lane`,
  );
  lane = Number(rows[0]?.lane);
  seqs = (
    await t.database.db.query<{ seq: string | number }>(
      sql`SELECT seq FROM "AuditEvent" WHERE lane = ${lane}::integer ORDER BY seq`,
    )
  ).map((r) => Number(r.seq));
});
afterAll(async () => {
  await t?.close();
});

describe('an untouched audit log', () => {
  it('verifies intact after the workload, every entry sealed', async () => {
    expect(intact.problems).toEqual([]);
    const [{ n }] = (await t.database.db.query<{ n: string | number }>(
      sql`SELECT count(*) AS n FROM "AuditEvent"`,
    )) as [{ n: string | number }];
    expect(intact.entries).toBe(Number(n));
    expect(intact.entries).toBeGreaterThan(150);
    expect(seqs.length).toBeGreaterThan(10);
    // Every lane's head is its last entry.
    for (const head of intact.heads) {
      const [last] = await t.database.db.query<{ seq: string | number; chain_hash: string }>(
        sql`SELECT seq, chain_hash FROM "AuditEvent" WHERE lane = ${head.lane}::integer ORDER BY seq DESC LIMIT 1`,
      );
      expect({ seq: Number(last?.seq), hash: last?.chain_hash }).toEqual({ seq: head.seq, hash: head.hash });
    }
  });

  it(
    ON_POSTGRES
      ? 'spreads concurrent writers over several lanes on PostgreSQL'
      : "uses two lanes on PGlite (its one connection's, and the reads' group commit)",
    async () => {
      if (ON_POSTGRES) expect(intact.lanes).toBeGreaterThan(1);
      else expect(intact.lanes).toBe(2);
    },
  );

  it('still verifies intact after more traffic (verification is repeatable, and sees new entries)', async () => {
    await expectStatus(await t.fhir('Patient/ingrid-fjeld', { as: 'silje' }), 200);
    const again = await verifyAuditChain(t.database.db, KEY);
    expect(again.problems).toEqual([]);
    expect(again.entries).toBeGreaterThan(intact.entries);
    intact = again;
    seqs = (
      await t.database.db.query<{ seq: string | number }>(
        sql`SELECT seq FROM "AuditEvent" WHERE lane = ${lane}::integer ORDER BY seq`,
      )
    ).map((r) => Number(r.seq));
  });

  it('fails with another key', async () => {
    const report = await verifyAuditChain(t.database.db, Buffer.from('b'.repeat(64), 'hex'));
    expect(report.problems.length).toBeGreaterThan(0);
  });
});

describe('tampering by someone who can switch the trigger off', () => {
  const mid = (): number => seqs[Math.floor(seqs.length / 2)] as number;
  const last = (): number => seqs[seqs.length - 1] as number;

  it('a changed entry: "changed" at that entry, nothing else', async () => {
    const s = mid();
    const report = await tamperAndVerify(async (tx) => {
      await tx.query(
        sql`UPDATE "AuditEvent" SET content = replace(content, '"outcome":"0"', '"outcome":"4"') WHERE lane = ${lane}::integer AND seq = ${s}::bigint`,
      );
      const [row] = await tx.query<{ content: string }>(
        sql`SELECT content FROM "AuditEvent" WHERE lane = ${lane}::integer AND seq = ${s}::bigint`,
      );
      expect(row?.content).toContain('"outcome":"4"');
    });
    expect(kinds(report)).toEqual([{ lane, seq: s, kind: 'changed' }]);
  });

  it('a changed entry whose seal was recomputed without the key: "changed" there and at the next', async () => {
    const s = mid();
    const report = await tamperAndVerify(async (tx) => {
      await tx.query(
        sql`UPDATE "AuditEvent" SET content = content || ' ', chain_hash = md5(chain_hash) WHERE lane = ${lane}::integer AND seq = ${s}::bigint`,
      );
    });
    expect(kinds(report)).toEqual([
      { lane, seq: s, kind: 'changed' },
      { lane, seq: s + 1, kind: 'changed' },
    ]);
  });

  it('a removed entry: "missing" at the gap', async () => {
    const s = mid();
    const report = await tamperAndVerify(async (tx) => {
      await tx.query(sql`DELETE FROM "AuditEvent" WHERE lane = ${lane}::integer AND seq = ${s}::bigint`);
    });
    expect(kinds(report)).toContainEqual({ lane, seq: s + 1, kind: 'missing' });
    expect(report.problems.every((p) => p.lane === lane && p.seq === s + 1)).toBe(true);
    expect(report.problems.find((p) => p.kind === 'missing')?.detail).toContain(`${s}..${s}`);
  });

  it('two swapped entries (seq values exchanged): both reported', async () => {
    const s = mid();
    const report = await tamperAndVerify(async (tx) => {
      await tx.query(
        sql`UPDATE "AuditEvent" SET seq = -1 WHERE lane = ${lane}::integer AND seq = ${s}::bigint`,
      );
      await tx.query(
        sql`UPDATE "AuditEvent" SET seq = ${s}::bigint WHERE lane = ${lane}::integer AND seq = ${s + 1}::bigint`,
      );
      await tx.query(
        sql`UPDATE "AuditEvent" SET seq = ${s + 1}::bigint WHERE lane = ${lane}::integer AND seq = -1`,
      );
    });
    // Both swapped entries fail their seals. (The entry after them is reported too, though untouched: it is
    // checked against the stored seal of the entry now before it, which is the wrong one.)
    const at = report.problems.map((p) => p.seq);
    expect(at).toEqual(expect.arrayContaining([s, s + 1]));
    expect(at.every((x) => x >= s && x <= s + 2)).toBe(true);
    expect(
      report.problems.every(
        (p) => p.lane === lane && (p.kind === 'changed' || p.kind === 'reordered-or-changed'),
      ),
    ).toBe(true);
  });

  it('a truncated tail: "truncated" at the lane head', async () => {
    const head = last();
    const report = await tamperAndVerify(async (tx) => {
      await tx.query(
        sql`DELETE FROM "AuditEvent" WHERE lane = ${lane}::integer AND seq > ${head - 3}::bigint`,
      );
    });
    expect(kinds(report)).toEqual([{ lane, seq: head, kind: 'truncated' }]);
    expect(report.problems[0]?.detail).toContain(`${head - 2}..${head}`);
  });

  it('a removed tail with the head rolled back: invisible without a checkpoint, "head-moved-back" against one', async () => {
    const head = last();
    const checkpoint = intact.heads;
    const rollBack = async (tx: Queryable): Promise<void> => {
      const [newLast] = await tx.query<{ chain_hash: string }>(
        sql`SELECT chain_hash FROM "AuditEvent" WHERE lane = ${lane}::integer AND seq = ${head - 3}::bigint`,
      );
      await tx.query(
        sql`DELETE FROM "AuditEvent" WHERE lane = ${lane}::integer AND seq > ${head - 3}::bigint`,
      );
      await tx.query(
        sql`UPDATE audit_chain SET seq = ${head - 3}::bigint, hash = ${newLast?.chain_hash ?? ''} WHERE lane = ${lane}::integer`,
      );
    };
    const blind = await tamperAndVerify(rollBack);
    expect(blind.problems).toEqual([]);
    const checked = await tamperAndVerify(rollBack, checkpoint);
    expect(kinds(checked)).toEqual([{ lane, seq: head, kind: 'head-moved-back' }]);
  });

  it('an entry appended outside Akson after the head: "unsealed-tail"', async () => {
    const head = last();
    const report = await tamperAndVerify(async (tx) => {
      await tx.query(sql`INSERT INTO "AuditEvent" (id, version_id, last_updated, deleted, patient_id, access_tags, content, lane, seq, chain_hash)
        SELECT 'forged-tail', 1, last_updated, false, patient_id, access_tags, content, lane, seq + 1, chain_hash
        FROM "AuditEvent" WHERE lane = ${lane}::integer AND seq = ${head}::bigint`);
    });
    expect(report.problems.map((p) => p.kind)).toContain('unsealed-tail');
  });

  it('a forged entry in a lane of its own: "changed" (no valid seal without the key)', async () => {
    const report = await tamperAndVerify(async (tx) => {
      // A lane no connection has written to (lanes follow the backend's pid, so a fixed number may be taken).
      const [free] = await tx.query<{ lane: number }>(
        sql`SELECT min(l) AS lane FROM generate_series(0, 63) l WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.lane = l)
          AND NOT EXISTS (SELECT 1 FROM "AuditEvent" a WHERE a.lane = l)`,
      );
      expect(free?.lane).not.toBeNull();
      await tx.query(sql`INSERT INTO "AuditEvent" (id, version_id, last_updated, deleted, patient_id, access_tags, content, lane, seq, chain_hash)
        SELECT 'forged-lane', 1, last_updated, false, patient_id, access_tags, content, ${free?.lane}::integer, 1, md5('x')
        FROM "AuditEvent" WHERE lane = ${lane}::integer AND seq = ${mid()}::bigint`);
    });
    expect(report.problems.length).toBeGreaterThan(0);
  });

  it('a forged entry without a place in the chain is refused, and reported if forced in', async () => {
    const forge = (tx: { query: (q: ReturnType<typeof sql>) => Promise<unknown> }) =>
      tx.query(sql`INSERT INTO "AuditEvent" (id, version_id, last_updated, deleted, patient_id, access_tags, content)
        SELECT 'forged-unsealed', 1, last_updated, false, patient_id, access_tags, replace(content, id, 'forged-unsealed')
        FROM "AuditEvent" WHERE lane = ${lane}::integer AND seq = ${mid()}::bigint`);
    await expect(t.database.db.transaction(forge)).rejects.toThrow();
    const report = await tamperAndVerify(async (tx) => {
      await tx.exec('ALTER TABLE "AuditEvent" DROP CONSTRAINT audit_event_sealed');
      await forge(tx);
    });
    expect(report.problems.map((p) => p.kind)).toContain('unsealed-rows');
  });

  it('an entry hidden by changing its patient and tags (content untouched) is reported', async () => {
    const s = mid();
    const report = await tamperAndVerify(async (tx) => {
      await tx.query(sql`UPDATE "AuditEvent" SET patient_id = 'someone-else', access_tags = ARRAY['kind:read']::text[], sp_patient = ARRAY[]::text[]
        WHERE lane = ${lane}::integer AND seq = ${s}::bigint`);
    });
    expect(report.problems.length).toBeGreaterThan(0);
  });
});

describe('tampering with the row rather than the event', () => {
  const mid = (): number => seqs[Math.floor(seqs.length / 2)] as number;

  it('an entry hidden by its deleted flag: "hidden" at that entry, and the readers no longer find it', async () => {
    const s = mid();
    const [row] = await t.database.db.query<{ id: string }>(
      sql`SELECT id FROM "AuditEvent" WHERE lane = ${lane}::integer AND seq = ${s}::bigint`,
    );
    let visibleWhileHidden = true;
    const report = await tamperAndVerify(async (tx) => {
      await tx.query(
        sql`UPDATE "AuditEvent" SET deleted = true WHERE lane = ${lane}::integer AND seq = ${s}::bigint`,
      );
      const found = await tx.query(
        sql`SELECT 1 FROM "AuditEvent" WHERE id = ${row?.id ?? ''} AND deleted = false`,
      );
      visibleWhileHidden = found.length > 0;
    });
    expect(visibleWhileHidden).toBe(false);
    expect(kinds(report)).toEqual([{ lane, seq: s, kind: 'hidden' }]);
  });

  it('an entry renamed (row id changed, content untouched): "id-changed" at that entry', async () => {
    const s = mid();
    const report = await tamperAndVerify(async (tx) => {
      await tx.query(
        sql`UPDATE "AuditEvent" SET id = 'renamed-entry' WHERE lane = ${lane}::integer AND seq = ${s}::bigint`,
      );
    });
    expect(kinds(report)).toEqual([{ lane, seq: s, kind: 'id-changed' }]);
    expect(report.problems[0]?.detail).toContain('renamed-entry');
  });

  it('an entry given a second version number: "id-changed" at that entry', async () => {
    const s = mid();
    const report = await tamperAndVerify(async (tx) => {
      await tx.query(
        sql`UPDATE "AuditEvent" SET version_id = 2 WHERE lane = ${lane}::integer AND seq = ${s}::bigint`,
      );
    });
    expect(kinds(report)).toEqual([{ lane, seq: s, kind: 'id-changed' }]);
  });
});

describe('with the append-only triggers in place', () => {
  async function refused(statement: string): Promise<string> {
    try {
      await t.database.db.transaction(async (tx) => {
        await tx.exec(statement);
      });
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error(`"${statement}" was allowed`);
  }

  it('UPDATE, DELETE and TRUNCATE of "AuditEvent" fail, and nothing changed', async () => {
    const before = await verifyAuditChain(t.database.db, KEY);
    expect(
      await refused(
        `UPDATE "AuditEvent" SET content = content || ' ' WHERE id = (SELECT id FROM "AuditEvent" LIMIT 1)`,
      ),
    ).toMatch(/append-only|not allowed/i);
    expect(
      await refused(`DELETE FROM "AuditEvent" WHERE id = (SELECT id FROM "AuditEvent" LIMIT 1)`),
    ).toMatch(/append-only|not allowed/i);
    expect(await refused(`TRUNCATE "AuditEvent"`)).toMatch(/append-only|not allowed/i);
    expect(await refused(`DELETE FROM audit_chain`)).toMatch(/append-only|not allowed/i);
    const after = await verifyAuditChain(t.database.db, KEY);
    expect(after.problems).toEqual([]);
    expect(after.entries).toBe(before.entries);
  });

  it('the trigger is enabled again after every rolled-back tampering above', async () => {
    expect(
      await refused(`DELETE FROM "AuditEvent" WHERE id = (SELECT id FROM "AuditEvent" LIMIT 1)`),
    ).toMatch(/append-only|not allowed/i);
  });

  it('the FHIR API offers no way to change or remove an AuditEvent', async () => {
    const [row] = await t.database.db.query<{ id: string; content: string }>(
      sql`SELECT id, content FROM "AuditEvent" LIMIT 1`,
    );
    const id = row?.id as string;
    for (const as of ['lillesand-migrering', 'hilde', 'silje']) {
      expect((await t.fhir(`AuditEvent/${id}`, { method: 'DELETE', as })).status).toBeGreaterThanOrEqual(400);
      expect(
        (
          await t.fhir(`AuditEvent/${id}`, {
            method: 'PUT',
            as,
            json: JSON.parse(row?.content ?? '{}') as unknown,
          })
        ).status,
      ).toBeGreaterThanOrEqual(400);
      expect(
        (
          await t.fhir('AuditEvent', {
            method: 'POST',
            as,
            json: {
              resourceType: 'AuditEvent',
              type: { code: 'rest' },
              recorded: new Date().toISOString(),
              agent: [{ requestor: true }],
              source: { observer: { display: 'x' } },
            },
          })
        ).status,
      ).toBeGreaterThanOrEqual(400);
    }
    expect((await verifyAuditChain(t.database.db, KEY)).problems).toEqual([]);
  });
});
