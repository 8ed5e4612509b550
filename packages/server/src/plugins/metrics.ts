import { timingSafeEqual } from 'node:crypto';
import type { Db } from '@akson/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AuditWriter } from '../audit/audit-writer.ts';
import type { AksonConfig } from '../config/schema.ts';

/**
 * Prometheus metrics at /metrics: request rate and latency by route pattern (never the URL itself: paths and
 * queries carry ids and national ids), the database pool, the audit writer's backlog, and the process.
 * Scrapers authenticate with AKSON_METRICS_TOKEN; without a token only callers on this machine are answered.
 */
export function registerMetrics(
  app: FastifyInstance,
  config: AksonConfig,
  deps: { db: Db; auditWriter: AuditWriter },
): void {
  if (!config.metrics.enabled) return;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'akson_' });
  const requests = new Counter({
    name: 'akson_http_requests_total',
    help: 'HTTP requests by method, route pattern and status class',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'akson_http_request_duration_seconds',
    help: 'HTTP request duration by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [registry],
  });
  // Gauges read their values when scraped.
  new Gauge({
    name: 'akson_db_connections',
    help: 'Database connections: total, idle, and callers waiting for one',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const s = deps.db.stats();
      this.set({ state: 'total' }, s.total);
      this.set({ state: 'idle' }, s.idle);
      this.set({ state: 'waiting' }, s.waiting);
    },
  });
  new Gauge({
    name: 'akson_audit_backlog',
    help: 'Audit events waiting for their group commit, and flushes running',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const b = deps.auditWriter.backlog;
      this.set({ state: 'queued' }, b.queued);
      this.set({ state: 'flushing' }, b.flushing);
    },
  });
  new Gauge({
    name: 'akson_audit_resealed_groups',
    help: 'Read audit groups written again under the lane lock because another server process had moved the lane',
    registers: [registry],
    collect() {
      this.set(deps.auditWriter.backlog.resealed);
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    requests.inc({ method: request.method, route, status: `${Math.floor(reply.statusCode / 100)}xx` });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  app.get('/metrics', async (request, reply) => {
    if (!allowed(request, config.metrics.token)) {
      return reply
        .status(403)
        .header('content-type', 'text/plain')
        .send('metrics: send the configured token\n');
    }
    return reply.header('content-type', registry.contentType).send(await registry.metrics());
  });
}

function allowed(request: FastifyRequest, token: string | undefined): boolean {
  if (token === undefined)
    return ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.socket.remoteAddress ?? '');
  const sent = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(sent);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
