import type { Db } from '@akson/store';
import type { FastifyInstance } from 'fastify';

/** /healthz: the process answers. /readyz: the database answers too (migrations run before listening). */
export function registerHealth(app: FastifyInstance, db: Db): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await db.ping();
      return { status: 'ready', database: db.kind };
    } catch {
      return reply.status(503).send({ status: 'not ready', reason: 'database does not answer' });
    }
  });
}
