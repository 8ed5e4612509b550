import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Db, PoolStats, Queryable, TransactionOptions } from './db.ts';
import { isRetryable, translateDbError } from './db-error.ts';
import { toQuery, type Sql } from '../sql/sql.ts';

// Timestamps, numerics and bigints stay strings: FHIR instants keep their exact text, and nothing loses precision.
const TEXT_TYPES = [1082, 1114, 1184, 1700, 20];
for (const oid of TEXT_TYPES) pg.types.setTypeParser(oid, (v: string) => v);

const MAX_ATTEMPTS = 5;

export interface PostgresOptions {
  readonly connectionString: string;
  readonly poolSize: number;
  /** Statement timeout in milliseconds; 0 for none. */
  readonly statementTimeoutMs: number;
}

export async function openPostgres(options: PostgresOptions): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
    // UTC sessions: timestamps come back in one form whatever the server's own time zone is. Generic plans for
    // every prepared statement: Akson prepares only statements whose plan does not depend on the values (reads by
    // id, anchored searches: see searchAnchor), and PostgreSQL's own choice re-planned a scoped search on every
    // run because the generic plan's estimate looked dearer (identifier search 1,185 → 1,948 req/s).
    options: '-c TimeZone=UTC -c plan_cache_mode=force_generic_plan',
    ...(options.statementTimeoutMs > 0 ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  // An idle client that loses its connection must not crash the process; the next query reports "busy".
  pool.on('error', () => undefined);
  const db = new PostgresDb(pool);
  await db.ping();
  return db;
}

/**
 * Names of prepared statements by text. node-postgres prepares a named statement once per connection and keeps
 * it for the connection's life, so the number of names is capped: past the cap, statements run unprepared.
 */
const preparedNames = new Map<string, string>();
const MAX_PREPARED = 2000;

function statementName(text: string): string | undefined {
  let name = preparedNames.get(text);
  if (name === undefined && preparedNames.size < MAX_PREPARED) {
    name = `akson_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    preparedNames.set(text, name);
  }
  return name;
}

function runner(client: pg.Pool | pg.PoolClient, connectionId?: number): Queryable {
  return {
    ...(connectionId !== undefined ? { connectionId } : {}),
    async query<T>(statement: Sql): Promise<T[]> {
      const q = toQuery(statement);
      try {
        const name = q.prepare ? statementName(q.text) : undefined;
        const result = name
          ? await client.query({ name, text: q.text, values: q.values })
          : await client.query(q.text, q.values);
        return result.rows as T[];
      } catch (err) {
        throw translateDbError(err);
      }
    },
    async exec(script: string): Promise<void> {
      try {
        await client.query(script);
      } catch (err) {
        throw translateDbError(err);
      }
    },
  };
}

class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  readonly #pool: pg.Pool;
  readonly #direct: Queryable;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
    this.#direct = runner(pool);
  }

  query<T = Record<string, unknown>>(statement: Sql): Promise<T[]> {
    return this.#direct.query<T>(statement);
  }

  exec(script: string): Promise<void> {
    return this.#direct.exec(script);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await this.#pool.connect();
      } catch (err) {
        throw translateDbError(err);
      }
      let broken = false;
      try {
        await client.query(options.readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
        // node-postgres keeps the backend's process id from BackendKeyData (not in its type declarations).
        const pid = (client as unknown as { processID?: number | null }).processID ?? undefined;
        const result = await fn(runner(client, pid));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        const cause = (err as { cause?: unknown }).cause ?? err;
        if (attempt < MAX_ATTEMPTS && (isRetryable(err) || isRetryable(cause))) {
          await new Promise((r) => setTimeout(r, attempt * 5 + Math.random() * 10));
          continue;
        }
        throw translateDbError(err);
      } finally {
        client.release(broken);
      }
    }
  }

  async ping(): Promise<void> {
    await this.#direct.exec('SELECT 1');
  }

  stats(): PoolStats {
    return { total: this.#pool.totalCount, idle: this.#pool.idleCount, waiting: this.#pool.waitingCount };
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
