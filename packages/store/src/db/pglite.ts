import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Db, PoolStats, Queryable } from './db.ts';
import { translateDbError } from './db-error.ts';
import { toQuery, type Sql } from '../sql/sql.ts';

export interface PgliteOptions {
  /** Folder for the data files; undefined keeps the database in memory (tests). */
  readonly dataDir: string | undefined;
  /** A data-folder dump (from dumpPgliteDataDir) to start from: lets tests skip migrations. */
  readonly loadDataDir?: Blob | File;
}

// Same value shapes as the node-postgres adapter: timestamps, numerics and bigints as strings.
const textParser = (v: string): string => v;
const PARSERS = { 1082: textParser, 1114: textParser, 1184: textParser, 1700: textParser, 20: textParser };

/**
 * The embedded database: PostgreSQL compiled to WebAssembly, in this process. It has one connection, so every
 * statement and transaction is serialised by PGlite's own mutex; no pool, no locks between writers.
 */
export async function openPglite(options: PgliteOptions): Promise<Db> {
  const pglite = await PGlite.create(options.dataDir ?? 'memory://', {
    extensions: { pg_trgm },
    parsers: PARSERS,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  await pglite.exec(`SET TIME ZONE 'UTC'`);
  const [backend] = (await pglite.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
  return new PgliteDb(pglite, backend?.pid);
}

function runner(target: Pick<PGlite, 'query' | 'exec'>, connectionId?: number): Queryable {
  return {
    ...(connectionId !== undefined ? { connectionId } : {}),
    async query<T>(statement: Sql): Promise<T[]> {
      const q = toQuery(statement);
      try {
        const result = await target.query<T>(q.text, q.values);
        return result.rows;
      } catch (err) {
        throw translateDbError(err);
      }
    },
    async exec(script: string): Promise<void> {
      try {
        await target.exec(script);
      } catch (err) {
        throw translateDbError(err);
      }
    },
  };
}

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  readonly #pglite: PGlite;
  readonly #direct: Queryable;
  readonly #pid: number | undefined;

  constructor(pglite: PGlite, pid: number | undefined) {
    this.#pglite = pglite;
    this.#pid = pid;
    this.#direct = runner(pglite);
  }

  query<T = Record<string, unknown>>(statement: Sql): Promise<T[]> {
    return this.#direct.query<T>(statement);
  }

  exec(script: string): Promise<void> {
    return this.#direct.exec(script);
  }

  /** Transactions started and not yet finished: one runs, the rest wait for the single connection. */
  #inTransaction = 0;

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    // PGlite runs one transaction at a time, so there are no serialisation failures to retry.
    this.#inTransaction++;
    try {
      return await this.#pglite.transaction(async (tx) => fn(runner(tx, this.#pid)));
    } catch (err) {
      throw translateDbError(err);
    } finally {
      this.#inTransaction--;
    }
  }

  async ping(): Promise<void> {
    await this.#direct.exec('SELECT 1');
  }

  stats(): PoolStats {
    const busy = Math.min(this.#inTransaction, 1);
    return { total: 1, idle: 1 - busy, waiting: Math.max(0, this.#inTransaction - 1) };
  }

  async close(): Promise<void> {
    await this.#pglite.close();
  }

  /** A dump of the data folder, for fast test setup. */
  async dump(): Promise<Blob | File> {
    return this.#pglite.dumpDataDir('none');
  }
}

export async function dumpPgliteDataDir(db: Db): Promise<Blob | File> {
  if (!(db instanceof PgliteDb)) throw new Error('Only an embedded database can be dumped');
  return db.dump();
}
