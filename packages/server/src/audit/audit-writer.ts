import { createSecretKey, type KeyObject } from 'node:crypto';
import type { Db, IndexContext, Queryable } from '@akson/store';
import {
  appendAuditRowsAtHead,
  AUDIT_LANES,
  GROUP_COMMIT_LANES_FROM,
  lockAuditLane,
  type AuditRow,
  type LaneHead,
} from '@akson/store';
import { auditColumns } from './audit-columns.ts';
import type { BuiltAuditEvent } from './audit-event.ts';
import { sealEntry } from './chain-hash.ts';

interface Pending {
  readonly events: readonly BuiltAuditEvent[];
  resolve(): void;
  reject(err: unknown): void;
}

const MAX_BATCH = 200;
/**
 * Group commits that may run at once, each in a lane of its own (GROUP_COMMIT_LANES_FROM + n): a flush waiting
 * for its commit (the WAL write) does not hold up the next group. One on the embedded database.
 */
const PARALLEL_FLUSHES = 6;

/**
 * Writes audit events, sealed into their lane's hash chain.
 * - Writes record their events inside the write's own transaction (`appendInTransaction`): the audit record
 *   commits with the change or not at all.
 * - Reads record theirs through `record`, which gathers the events of concurrent requests and commits them
 *   together (group commit); each caller's promise resolves when its events are durable, and the response is
 *   sent only then. A group is one statement on a lane this writer keeps, sealed onto the head it remembers
 *   (`appendAuditRowsAtHead`): one round trip instead of a transaction of four. If another server process has
 *   moved that lane meanwhile, the group is written again the careful way, under the lane's lock.
 */
export class AuditWriter {
  readonly #db: Db;
  readonly #key: KeyObject;
  readonly #index: IndexContext;
  #queue: Pending[] = [];
  #scheduled = false;
  #resealed = 0;
  readonly #laneCount: number;
  readonly #freeLanes: number[];
  /** The heads of this writer's lanes as it last wrote them; absent when unknown (first use, after a failure). */
  readonly #heads = new Map<number, LaneHead>();

  constructor(db: Db, key: Buffer, index: IndexContext) {
    this.#db = db;
    this.#key = createSecretKey(key);
    this.#index = index;
    this.#laneCount = db.kind === 'pglite' ? 1 : PARALLEL_FLUSHES;
    this.#freeLanes = Array.from({ length: this.#laneCount }, (_, i) => GROUP_COMMIT_LANES_FROM + i);
  }

  /**
   * Read-side events waiting for their group commit, flushes running, and groups written again under the lane's
   * lock because another writer had moved the lane (for metrics).
   */
  get backlog(): { readonly queued: number; readonly flushing: number; readonly resealed: number } {
    return { queued: this.#queue.length, flushing: this.#flushing, resealed: this.#resealed };
  }

  /** Flushes running: one per lane taken. */
  get #flushing(): number {
    return this.#laneCount - this.#freeLanes.length;
  }

  /**
   * Seals and appends events in the caller's transaction, on the connection's lane (or the one given). The lane's
   * head as this writer last left it is tried first, in the statement that appends (one round trip); if another
   * transaction has moved the lane since (a rollback, a connection sharing the lane, another process), nothing
   * was written, and the head is read under the lane's lock and the events sealed onto it.
   */
  async appendInTransaction(
    tx: Queryable,
    events: readonly BuiltAuditEvent[],
    lane: number | undefined = tx.connectionId === undefined ? undefined : tx.connectionId % AUDIT_LANES,
  ): Promise<void> {
    if (events.length === 0) return;
    if (lane !== undefined && (await this.#appendAtRemembered(tx, lane, events)) === 'written') return;
    await this.#appendLocked(tx, lane, events);
  }

  /** Reads the lane's head under its lock (held until the transaction ends) and appends onto it. */
  async #appendLocked(
    tx: Queryable,
    lane: number | undefined,
    events: readonly BuiltAuditEvent[],
  ): Promise<void> {
    const head = await lockAuditLane(tx, lane);
    if (!(await this.#appendAt(tx, head, events)))
      throw new Error(`audit lane ${head.lane} moved under its lock`);
  }

  /** Appends onto the head this writer remembers for the lane, if it has one and the lane is still there. */
  async #appendAtRemembered(
    q: Queryable,
    lane: number,
    events: readonly BuiltAuditEvent[],
  ): Promise<'written' | 'moved' | 'unknown'> {
    const head = this.#heads.get(lane);
    if (!head) return 'unknown';
    if (await this.#appendAt(q, head, events)) return 'written';
    this.#heads.delete(lane);
    return 'moved';
  }

  /**
   * Seals the events onto `head` and appends them if the lane is still there. The new head is remembered at
   * once, before the transaction commits: a transaction that rolls back leaves the lane where it was, and the
   * next append then finds it moved.
   */
  async #appendAt(q: Queryable, head: LaneHead, events: readonly BuiltAuditEvent[]): Promise<boolean> {
    const rows = this.#seal(head, events);
    if (!(await appendAuditRowsAtHead(q, rows, head))) return false;
    const last = rows[rows.length - 1] as AuditRow;
    this.#heads.set(head.lane, { lane: head.lane, seq: last.seq, hash: last.chainHash });
    return true;
  }

  /** Records events outside a write; resolves once they are committed. */
  record(events: readonly BuiltAuditEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#queue.push({ events, resolve, reject });
      this.#schedule();
    });
  }

  /**
   * Flushes after the current turn of the event loop, so that the events of requests answered in the same turn
   * share a commit. While every lane is busy the queue simply grows: the next free lane takes all of it.
   */
  #schedule(): void {
    if (this.#scheduled || this.#freeLanes.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    // The lowest free lane: under light load every group goes to the same lane, whichever finished last.
    const lane = this.#freeLanes.length > 0 ? Math.min(...this.#freeLanes) : undefined;
    if (lane === undefined) return;
    this.#freeLanes.splice(this.#freeLanes.indexOf(lane), 1);
    if (this.#queue.length === 0) {
      this.#freeLanes.push(lane);
      return;
    }
    const batch = this.#take();
    const events = batch.flatMap((p) => p.events);
    try {
      const outcome = await this.#appendAtRemembered(this.#db, lane, events);
      if (outcome !== 'written') {
        if (outcome === 'moved') this.#resealed++;
        // First use of the lane, or it moved: read its head under its lock (a transaction of its own).
        await this.#db.transaction((tx) => this.#appendLocked(tx, lane, events));
      }
      for (const p of batch) p.resolve();
    } catch (err) {
      // Committed or not, the head is no longer known for sure.
      this.#heads.delete(lane);
      for (const p of batch) p.reject(err);
    } finally {
      this.#freeLanes.push(lane);
      if (this.#queue.length > 0) this.#schedule();
    }
  }

  /** The oldest waiting requests, up to MAX_BATCH events (a request's events are never split). */
  #take(): Pending[] {
    let n = 0;
    let i = 0;
    while (
      i < this.#queue.length &&
      (i === 0 || n + (this.#queue[i] as Pending).events.length <= MAX_BATCH)
    ) {
      n += (this.#queue[i] as Pending).events.length;
      i++;
    }
    return this.#queue.splice(0, i);
  }

  #seal(head: LaneHead, events: readonly BuiltAuditEvent[]): AuditRow[] {
    let previous = head.hash;
    let seq = head.seq;
    return events.map((e) => {
      seq += 1;
      previous = sealEntry(this.#key, previous, head.lane, seq, e);
      return {
        id: e.id,
        recorded: e.recorded,
        patientId: e.patientId,
        accessTags: e.accessTags,
        content: e.content,
        columns: auditColumns(e.resource, this.#index),
        lane: head.lane,
        seq,
        chainHash: previous,
      };
    });
  }

  /** Waits for everything queued (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.#queue.length > 0 || this.#flushing) {
      await this.#flush();
      await new Promise((r) => setTimeout(r, 1));
    }
  }
}
