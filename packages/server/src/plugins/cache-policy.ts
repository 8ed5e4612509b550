import type { FastifyInstance } from 'fastify';

/** Health data: never kept by a browser or a proxy (ETag and Last-Modified stay, for If-Match and If-None-Match). */
export const NO_STORE = 'no-store';

/**
 * For what holds no personal data and is the same for every caller (the CapabilityStatement, the SMART
 * configuration): shared caches may keep it for five minutes, so a change of configuration shows within that.
 */
export const PUBLIC_SHORT = 'public, max-age=300';

/**
 * Every response is `no-store` unless its route chose a policy itself (the web app's hashed assets, its index
 * page, the public metadata). Chromium otherwise served stale resource versions from its heuristic cache: FHIR
 * answers carry Last-Modified, which lets a browser cache them without being told it may.
 */
export function registerCachePolicy(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', NO_STORE);
  });
}
