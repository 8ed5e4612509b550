import type { Db } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export interface DatabaseConfig {
  /** postgres://... for a real server; undefined for the embedded database. */
  readonly url: string | undefined;
  /** Data folder of the embedded database; undefined keeps it in memory. */
  readonly dataDir: string | undefined;
  readonly poolSize: number;
  readonly statementTimeoutMs: number;
}

export function openDatabase(config: DatabaseConfig): Promise<Db> {
  if (config.url) {
    return openPostgres({
      connectionString: config.url,
      poolSize: config.poolSize,
      statementTimeoutMs: config.statementTimeoutMs,
    });
  }
  return openPglite({ dataDir: config.dataDir });
}
