import type { AccessTagger, PreparedVersion, Queryable, ReadScope, ResourceRow } from '@akson/store';
import type { Actor } from './actor.ts';
import type { Interaction } from './decide.ts';
import type { AuditInput } from '../audit/audit-event.ts';

/**
 * What the access module decided about the caller, fixed for one request. Every data path (REST, operations,
 * bundles, services) gets rows only through a ResourceService built with one of these: reads are filtered in SQL
 * by `scope`, each interaction passes `assertInteraction`, each write `authorizeWrite`, and every access is
 * recorded through `audit`.
 */
export interface AccessContext {
  readonly actor: Actor;
  readonly scope: ReadScope;
  /** The scope without withholding rules (personnel only): to count what is withheld, never to show it. */
  readonly unwithheldScope: ReadScope | undefined;
  assertInteraction(interaction: Interaction, type: string): void;
  /** Throws when the caller may not replace `existing` with `next` (undefined = create / delete). */
  authorizeWrite(
    q: Queryable,
    existing: ResourceRow | undefined,
    next: PreparedVersion | undefined,
  ): Promise<void>;
  /** The tagger for a write: labels the new version for later access decisions. */
  tagger(q: Queryable, resource: Record<string, unknown>): Promise<AccessTagger>;
  /** Keeps derived state (care relations, blocks) in step with a write, in the same transaction. */
  afterWrite(
    q: Queryable,
    written: {
      type: string;
      id: string;
      resource: Record<string, unknown> | undefined;
      patientId: string;
      lastUpdated: string;
      created: boolean;
    },
  ): Promise<void>;
  /** What the caller may be shown of a row they may read (citizens see the audit log without staff ids...). */
  present(row: ResourceRow): ResourceRow;
  /** Whether this caller may find a patient outside their relations by exact national identifier. */
  readonly mayLookUpPatients: boolean;
  readonly audit: AuditRecorder;
}

export interface AuditRecorder {
  /** Records read-side events; resolves when they are durable (await it before responding). */
  read(events: readonly Omit<AuditInput, 'actor'>[]): Promise<void>;
  /** Records write-side events in the write's transaction. */
  write(tx: Queryable, events: readonly Omit<AuditInput, 'actor'>[]): Promise<void>;
  /** The basis of the caller's access to a patient, for the audit record (read on `q`: inside a transaction, its own). */
  basis(patientId: string, q?: Queryable): Promise<AuditInput['basis']>;
  /** Flags worth a security officer's look (same surname and address as the user...). */
  flags(patientId: string, q?: Queryable): Promise<NonNullable<AuditInput['flags']>>;
  /**
   * Keeps a refusal for recording after the current transaction ends: an attempt must be logged even when the
   * transaction it happened in is rolled back, and the embedded database cannot start a second transaction
   * while one is open.
   */
  defer(event: Omit<AuditInput, 'actor'>): void;
  /**
   * Keeps a refusal for recording (as `defer` does), once per error: later calls with the same error are
   * ignored, so the code that refused (which knows most about the attempt) records it, and the request's
   * catch-all for refusals (plugins/request-context.ts) does not record it again.
   */
  refused(err: unknown, event: Omit<AuditInput, 'actor'>): void;
  /** Whether `refused` has recorded this error already. */
  hasRecorded(err: unknown): boolean;
  /** Records deferred refusals; call once the transaction is over (committed or not). */
  flushDeferred(): Promise<void>;
}
