import type { Sql } from '../sql/sql.ts';

export type DbKind = 'pglite' | 'postgres';

/** Something that runs statements: the database itself, or one transaction on it. */
export interface Queryable {
  query<T = Record<string, unknown>>(statement: Sql): Promise<T[]>;
  /**
   * The database backend's process id, inside a transaction (which holds one connection): for state kept per
   * connection, such as the audit lane a transaction writes to. Absent on a pool.
   */
  readonly connectionId?: number;
  /** Runs a script of constant DDL (migrations); no parameters. */
  exec(script: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: DbKind;
  /**
   * Runs `fn` in one transaction. On a serialisation failure or deadlock the whole function is retried from a
   * clean state, so `fn` must not have effects outside the transaction it is given.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
  /** Health: the database answers. */
  ping(): Promise<void>;
  /** Connection use, for metrics: open connections, idle ones, and callers waiting for one. */
  stats(): PoolStats;
}

export interface PoolStats {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}

export interface TransactionOptions {
  readonly readOnly?: boolean;
}
