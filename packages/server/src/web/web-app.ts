import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AksonConfig } from '../config/schema.ts';
import { appConfig } from './app-config.ts';
import { missingBuildPage } from './missing-build-page.ts';
import { webSecurityHeaders } from './security-headers.ts';

/** Where Vite writes the built app (packages/app/dist); tests may serve another folder. */
export const APP_DIST = fileURLToPath(new URL('../../../app/dist/', import.meta.url));

/**
 * Paths that belong to the server, never to the app: an unknown path under one of these is the server's 404
 * (an OperationOutcome), not the app's index page.
 */
const SERVER_PREFIXES = [
  '/fhir',
  '/auth',
  '/healthz',
  '/readyz',
  '/metrics',
  '/metadata',
  '/.well-known',
  '/assets/',
];

/**
 * Serves the clinician web app and the citizen portal (packages/app, built by Vite) at `/`. The app is a
 * public, static bundle: it holds no data and signs in through the configured OIDC issuer like any client.
 * - `/app-config.json`: the FHIR base, the issuers and the app's client id, so nothing is built into the bundle;
 * - `/assets/*`: hashed files, cached for a year;
 * - any other GET: `index.html` (client routes), never cached, or a page telling the operator to build the app.
 */
export async function registerWebApp(
  app: FastifyInstance,
  config: AksonConfig,
  options: { readonly distDir?: string } = {},
): Promise<void> {
  const dist = options.distDir ?? APP_DIST;
  const settings = appConfig(config);
  const headers = webSecurityHeaders(config, settings.issuers);
  await app.register(async (web) => {
    web.addHook('onSend', async (_request, reply) => {
      for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
    });
    web.get('/app-config.json', async (_request, reply) =>
      reply.header('cache-control', 'no-store').send(settings),
    );
    // The folder may not exist yet (the app is built after the server starts); a missing file is a 404.
    await web.register(fastifyStatic, {
      root: join(dist, 'assets'),
      prefix: '/assets/',
      decorateReply: false,
      immutable: true,
      maxAge: 365 * 86_400_000,
      index: false,
      suppressWarning: true,
    });
    const indexPage = async (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0] ?? '/';
      if (SERVER_PREFIXES.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`)))
        return reply.callNotFound();
      // A path that names a file (favicon.ico, robots.txt) is not a client route.
      if (/\.[a-z0-9]+$/i.test(path)) return reply.callNotFound();
      const file = join(dist, 'index.html');
      if (!existsSync(file)) {
        return reply
          .status(503)
          .header('content-type', 'text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(missingBuildPage());
      }
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(await readFile(file));
    };
    web.get('/', indexPage);
    web.get('/*', indexPage);
  });
}
