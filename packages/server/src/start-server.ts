import { migrate, openDatabase, type Db, type MigrationProgress } from '@akson/store';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { AksonConfig } from './config/schema.ts';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly db: Db;
  readonly url: string;
  /** Stops accepting requests, finishes the ones in flight, then closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  readonly onMigrationProgress?: MigrationProgress;
  /** An already open database (tests, benchmarks); otherwise opened from the config. */
  readonly db?: Db;
  /** Benchmarks only (see AppDeps). */
  readonly benchmarkWithoutAccessControl?: boolean;
}

/** Opens the database, brings the schema up to date, and starts listening. */
export async function startServer(config: AksonConfig, options: StartOptions = {}): Promise<RunningServer> {
  const db =
    options.db ??
    (await openDatabase({
      url: config.database.url,
      dataDir: config.database.dataDir,
      poolSize: config.database.poolSize,
      statementTimeoutMs: config.database.statementTimeoutMs,
    }));
  await migrate(db, options.onMigrationProgress);
  const app = await buildApp(config, {
    db,
    ...(options.benchmarkWithoutAccessControl ? { benchmarkWithoutAccessControl: true } : {}),
  });
  const address = await app.listen({ host: config.host, port: config.port });
  return {
    app,
    db,
    url: address,
    close: async () => {
      await app.close();
      if (!options.db) await db.close();
    },
  };
}
