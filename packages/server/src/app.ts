import { randomUUID } from 'node:crypto';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import type { Db } from '@akson/store';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AksonConfig } from './config/schema.ts';
import { registerHistoryRoutes } from './fhir/routes/history-routes.ts';
import { registerReadRoutes } from './fhir/routes/read-routes.ts';
import { registerSearchRoutes } from './fhir/routes/search-routes.ts';
import { registerSystemRoutes } from './fhir/routes/system-routes.ts';
import { registerWriteRoutes } from './fhir/routes/write-routes.ts';
import { registerBodyParsers } from './plugins/body-parsers.ts';
import { registerContentNegotiation } from './plugins/content-negotiation.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { registerHealth } from './plugins/health.ts';
import { registerRequestContext } from './plugins/request-context.ts';

export interface AppDeps {
  readonly db: Db;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the HTTP application: plugins, error handling, routes. Listening is the caller's job (main/tests). */
export async function buildApp(config: AksonConfig, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Never log personal data: paths without query strings (searches carry national ids), no headers, no bodies.
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    bodyLimit: config.http.bodyLimitBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  registerBodyParsers(app, config.http.maxJsonDepth);
  registerErrorHandler(app, config.http.bodyLimitBytes);
  await app.register(compress, { global: true, threshold: 1024 });
  if (config.http.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: [...config.http.corsOrigins],
      exposedHeaders: ['etag', 'location', 'last-modified', 'x-request-id'],
      allowedHeaders: ['authorization', 'content-type', 'if-match', 'if-none-match', 'if-none-exist', 'prefer', 'x-request-id'],
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    });
  }
  registerContentNegotiation(app);
  registerHealth(app, deps.db);
  registerRequestContext(app, {
    db: deps.db,
    config,
    index: { baseUrl: `${config.publicUrl}/fhir`, timeZone: config.timeZone },
  });
  registerSystemRoutes(app, config);
  registerHistoryRoutes(app, config);
  registerSearchRoutes(app, config);
  registerReadRoutes(app, config);
  registerWriteRoutes(app, config);
  return app;
}
