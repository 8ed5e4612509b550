import { refreshStaleStatistics, type Db } from '@akson/store';
import type { FastifyInstance } from 'fastify';

const EVERY_MS = 60_000;

/**
 * The embedded database has no autovacuum, so nothing would ever refresh the planner's statistics as the record
 * grows through the API: once when the server is ready and then every minute, the tables that have grown are
 * analysed (store/src/maintenance/planner-statistics.ts). PostgreSQL's autovacuum does this itself.
 */
export function registerPlannerStatistics(app: FastifyInstance, db: Db): void {
  if (db.kind !== 'pglite') return;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const refresh = () => {
    running ??= refreshStaleStatistics(db)
      .then((tables) => {
        if (tables.length > 0) app.log.debug({ tables: tables.length }, 'planner statistics refreshed');
      })
      .catch((err: unknown) => app.log.warn({ err }, 'planner statistics could not be refreshed'))
      .finally(() => (running = undefined));
    return running;
  };
  app.addHook('onReady', async () => {
    await refresh();
    timer = setInterval(() => void refresh(), EVERY_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
