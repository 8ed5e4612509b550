import type { Db, IndexContext, Queryable } from '@akson/store';
import { appendAuditRows, lockAuditLane, type AuditRow } from '@akson/store';
import { auditColumns } from './audit-columns.ts';
import type { BuiltAuditEvent } from './audit-event.ts';
import { sealEntry } from './chain-hash.ts';

interface Pending {
  readonly events: readonly BuiltAuditEvent[];
  resolve(): void;
  reject(err: unknown): void;
}

const MAX_BATCH = 200;
const MAX_WAIT_MS = 2;
/**
 * Flushes that may run at once. Each runs on its own connection and so in its own lane of the chain: a flush
 * waiting for its commit (the WAL write) does not hold up the next batch. One on the embedded database.
 */
const PARALLEL_FLUSHES = 6;

/**
 * Writes audit events, sealed into their lane's hash chain.
 * - Writes record their events inside the write's own transaction (`appendInTransaction`): the audit record
 *   commits with the change or not at all.
 * - Reads record theirs through `record`, which gathers events from concurrent requests for a moment and
 *   commits them together (group commit); each caller's promise resolves when its events are durable, and the
 *   response is sent only then.
 */
export class AuditWriter {
  readonly #db: Db;
  readonly #key: Buffer;
  readonly #index: IndexContext;
  #queue: Pending[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing = 0;

  constructor(db: Db, key: Buffer, index: IndexContext) {
    this.#db = db;
    this.#key = key;
    this.#index = index;
  }

  /** Read-side events waiting for their group commit, and flushes running (for metrics). */
  get backlog(): { readonly queued: number; readonly flushing: number } {
    return { queued: this.#queue.length, flushing: this.#flushing };
  }

  async appendInTransaction(tx: Queryable, events: readonly BuiltAuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    const head = await lockAuditLane(tx);
    let previous = head.hash;
    let seq = head.seq;
    const rows: AuditRow[] = events.map((e) => {
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
    await appendAuditRows(tx, rows, head);
  }

  /** Records events outside a write; resolves once they are committed. */
  record(events: readonly BuiltAuditEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#queue.push({ events, resolve, reject });
      const queued = this.#queue.reduce((n, p) => n + p.events.length, 0);
      if (queued >= MAX_BATCH) void this.#flush();
      else this.#timer ??= setTimeout(() => void this.#flush(), MAX_WAIT_MS);
    });
  }

  async #flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const limit = this.#db.kind === 'pglite' ? 1 : PARALLEL_FLUSHES;
    if (this.#flushing >= limit || this.#queue.length === 0) return;
    this.#flushing++;
    const batch = this.#queue;
    this.#queue = [];
    try {
      await this.#db.transaction((tx) =>
        this.appendInTransaction(
          tx,
          batch.flatMap((p) => p.events),
        ),
      );
      for (const p of batch) p.resolve();
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.#flushing--;
      if (this.#queue.length > 0) void this.#flush();
    }
  }

  /** Waits for everything queued (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.#queue.length > 0 || this.#flushing) {
      await this.#flush();
      await new Promise((r) => setTimeout(r, 1));
    }
  }
}
