import { createSecretKey } from 'node:crypto';
import {
  countUnsealedAuditRows,
  readAuditChain,
  readAuditHeads,
  type IndexContext,
  type Queryable,
} from '@akson/store';
import { auditColumns } from './audit-columns.ts';
import { sealEntry } from './chain-hash.ts';

export interface ChainProblem {
  readonly lane: number;
  readonly seq: number;
  readonly kind:
    | 'changed'
    | 'missing'
    | 'reordered-or-changed'
    | 'truncated'
    | 'unsealed-tail'
    | 'head-moved-back'
    | 'unsealed-rows'
    | 'index-changed'
    | 'hidden'
    | 'id-changed';
  readonly detail: string;
}

export interface VerifyReport {
  readonly entries: number;
  readonly lanes: number;
  readonly problems: readonly ChainProblem[];
  /** The heads now: keep them (akson audit verify --checkpoint) to detect a later rollback of the tail. */
  readonly heads: readonly { lane: number; seq: number; hash: string }[];
}

/**
 * Walks every lane of the audit log in order and recomputes each seal. A changed entry breaks its own seal; a
 * removed one leaves a gap in the sequence; reordering breaks the seals; a removed tail leaves the head ahead
 * of the last entry; an entry hidden by its deleted flag, or renamed by a changed id, no longer looks like what
 * the writer wrote. Rolling the head back together with the tail can only be seen against an earlier
 * checkpoint of the heads, which `previousHeads` supplies.
 */
export async function verifyAuditChain(
  q: Queryable,
  key: Buffer,
  options: {
    previousHeads?: readonly { lane: number; seq: number; hash: string }[];
    onProgress?: (entries: number) => void;
    /** To recompute the search columns from the content (they decide who finds an entry). */
    index?: IndexContext;
  } = {},
): Promise<VerifyReport> {
  const index = options.index ?? { baseUrl: '', timeZone: 'UTC' };
  const heads = await readAuditHeads(q);
  const secret = createSecretKey(key);
  const problems: ChainProblem[] = [];
  let entries = 0;
  let position = { lane: -1, seq: 0 };
  const lastSeen = new Map<number, { seq: number; hash: string }>();
  const checkpoint = new Map((options.previousHeads ?? []).map((h) => [`${h.lane}:${h.seq}`, h.hash]));
  for (;;) {
    const page = await readAuditChain(q, position, 5000);
    if (page.length === 0) break;
    for (const e of page) {
      const last = lastSeen.get(e.lane) ?? { seq: 0, hash: '' };
      if (e.seq !== last.seq + 1) {
        problems.push({
          lane: e.lane,
          seq: e.seq,
          kind: 'missing',
          detail: `entries ${last.seq + 1}..${e.seq - 1} are missing`,
        });
      }
      const expected = sealEntry(secret, last.hash, e.lane, e.seq, e);
      if (expected !== e.chainHash) {
        problems.push({
          lane: e.lane,
          seq: e.seq,
          kind: e.seq === last.seq + 1 ? 'changed' : 'reordered-or-changed',
          detail: `entry ${e.id} does not match its seal`,
        });
      }
      // The seal covers the content, patient and tags; the row's own flags are checked against what the audit
      // writer always writes (deleted = false, version 1, the content's id), so flipping one is seen too.
      if (e.deleted)
        problems.push({
          lane: e.lane,
          seq: e.seq,
          kind: 'hidden',
          detail: `entry ${e.id} is marked deleted, which hides it from AuditEvent searches and the access log`,
        });
      const idProblem = rowIdentityDiffers(e);
      if (idProblem) problems.push({ lane: e.lane, seq: e.seq, kind: 'id-changed', detail: idProblem });
      const indexProblem = derivedColumnsDiffer(e, index);
      if (indexProblem)
        problems.push({
          lane: e.lane,
          seq: e.seq,
          kind: 'index-changed',
          detail: `entry ${e.id}: ${indexProblem}`,
        });
      const sealedBefore = checkpoint.get(`${e.lane}:${e.seq}`);
      if (sealedBefore !== undefined && sealedBefore !== e.chainHash) {
        problems.push({
          lane: e.lane,
          seq: e.seq,
          kind: 'head-moved-back',
          detail: 'the chain was rewritten since the last checkpoint',
        });
      }
      // Continue from the stored seal so that one bad entry is reported once, not as a cascade.
      lastSeen.set(e.lane, { seq: e.seq, hash: e.chainHash });
      entries++;
    }
    const last = page[page.length - 1] as (typeof page)[number];
    position = { lane: last.lane, seq: last.seq };
    options.onProgress?.(entries);
  }
  for (const head of heads) {
    const last = lastSeen.get(head.lane) ?? { seq: 0, hash: '' };
    if (head.seq > last.seq)
      problems.push({
        lane: head.lane,
        seq: head.seq,
        kind: 'truncated',
        detail: `entries ${last.seq + 1}..${head.seq} are missing at the end`,
      });
    else if (head.seq < last.seq || head.hash !== last.hash)
      problems.push({
        lane: head.lane,
        seq: last.seq,
        kind: 'unsealed-tail',
        detail: 'entries after the lane head were added outside Akson',
      });
  }
  const unsealed = await countUnsealedAuditRows(q);
  if (unsealed > 0)
    problems.push({
      lane: -1,
      seq: 0,
      kind: 'unsealed-rows',
      detail: `${unsealed} entries are in no chain: they were added around Akson`,
    });
  for (const before of options.previousHeads ?? []) {
    const now = heads.find((h) => h.lane === before.lane);
    if (!now || now.seq < before.seq) {
      problems.push({
        lane: before.lane,
        seq: before.seq,
        kind: 'head-moved-back',
        detail: `the lane was at ${before.seq} at the last checkpoint, now at ${now?.seq ?? 0}`,
      });
    }
  }
  return { entries, lanes: heads.length, problems, heads };
}

/** The row must be filed under the id its sealed content carries, as the one version the writer makes. */
function rowIdentityDiffers(e: Awaited<ReturnType<typeof readAuditChain>>[number]): string | undefined {
  let contentId: unknown;
  try {
    contentId = (JSON.parse(e.content) as { id?: unknown }).id;
  } catch {
    return undefined; // reported by derivedColumnsDiffer
  }
  if (contentId !== e.id) return `the row's id is ${e.id}, its sealed content says ${String(contentId)}`;
  if (e.versionId !== 1)
    return `entry ${e.id} is stored as version ${e.versionId}; audit entries have one version`;
  return undefined;
}

/** The columns readers filter on must say what the sealed content says (patient, agent, entity, time). */
function derivedColumnsDiffer(
  e: Awaited<ReturnType<typeof readAuditChain>>[number],
  index: IndexContext,
): string | undefined {
  let content: Record<string, unknown>;
  try {
    content = JSON.parse(e.content) as Record<string, unknown>;
  } catch {
    return 'the content is not JSON';
  }
  const columns = auditColumns(content, index);
  for (const name of ['sp_patient', 'sp_agent', 'sp_entity'] as const) {
    const expected = [...((columns.get(name) as string[] | null) ?? [])].sort().join(',');
    const stored = [...(e.references[name] ?? [])].sort().join(',');
    if (expected !== stored)
      return `${name} is ${stored || 'empty'}, the content says ${expected || 'nothing'}`;
  }
  if (content['recorded'] !== e.lastUpdated) return 'its time was changed';
  return undefined;
}
