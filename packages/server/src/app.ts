import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import type { Db } from '@akson/store';
import Fastify, { type FastifyInstance, type FastifyLoggerOptions } from 'fastify';
import { createRemoteJWKSet } from 'jose';
import { AccessServices } from './access/access-services.ts';
import { registerLookup } from './access/register-lookup.ts';
import { ActorResolver } from './access/resolve-actor.ts';
import { registerDevIssuerRoutes } from './auth/dev-issuer/dev-issuer-routes.ts';
import { DevIssuer } from './auth/dev-issuer/dev-issuer.ts';
import { TokenVerifier, type TrustedIssuer } from './auth/token-verifier.ts';
import { auditKey } from './audit/audit-key.ts';
import { AuditWriter } from './audit/audit-writer.ts';
import type { AksonConfig } from './config/schema.ts';
import { registerHistoryRoutes } from './fhir/routes/history-routes.ts';
import { registerPublicFhirRoutes } from './fhir/routes/public-routes.ts';
import { registerReadRoutes } from './fhir/routes/read-routes.ts';
import { registerSearchRoutes } from './fhir/routes/search-routes.ts';
import { registerSystemRoutes } from './fhir/routes/system-routes.ts';
import { registerWriteRoutes } from './fhir/routes/write-routes.ts';
import { registerBodyParsers } from './plugins/body-parsers.ts';
import { registerCachePolicy } from './plugins/cache-policy.ts';
import { answerClientError, answerFrameworkError, MAX_PATH_SEGMENT } from './plugins/client-errors.ts';
import { registerContentNegotiation } from './plugins/content-negotiation.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { registerHealth } from './plugins/health.ts';
import { LOG_SERIALIZERS } from './plugins/log-serializers.ts';
import { registerMetrics } from './plugins/metrics.ts';
import { registerPlannerStatistics } from './plugins/planner-statistics.ts';
import { decorateFhir, registerAuthentication } from './plugins/request-context.ts';
import { ResourceService, type ServiceDeps } from './services/resource-service.ts';
import { RequestAccess } from './access/request-access.ts';
import { MEDICATION_RULES } from './medication/index.ts';
import { useFestFile } from './medication/medication-knowledge.ts';
import { RECORD_RULES } from './record/index.ts';
import { WriteRules } from './services/write-rules.ts';
import { registerWebApp } from './web/web-app.ts';

export interface AppDeps {
  readonly db: Db;
  /**
   * Benchmarks only: every request acts as the platform, unaudited, to measure what access control and audit
   * cost. Not reachable from configuration.
   */
  readonly benchmarkWithoutAccessControl?: boolean;
  /** Where log lines go instead of stdout (tests read them). */
  readonly logDestination?: { write(line: string): void };
}

/** What the process shares across requests, exposed for the CLI, operations and tests. */
export interface AppServices {
  readonly access: AccessServices;
  readonly service: ServiceDeps;
  readonly devIssuer: DevIssuer | undefined;
  readonly auditWriter: AuditWriter;
}

declare module 'fastify' {
  interface FastifyInstance {
    akson: AppServices;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Builds the HTTP application. Two contexts: a public one (health, metadata, SMART configuration, the
 * development issuer) and a protected one where every route runs behind authentication and gets its data only
 * through the request's ResourceService. Listening is the caller's job (start-server.ts, tests).
 */
export async function buildApp(config: AksonConfig, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Never personal data in a log line: route patterns, not URLs; errors reduced to class, code and message.
      // (Fastify's types want a stack on every error; ours leaves it out of a client's 4xx.)
      serializers: LOG_SERIALIZERS as unknown as FastifyLoggerOptions['serializers'],
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers.dpop'],
      ...(deps.logDestination ? { stream: deps.logDestination } : {}),
    },
    // Refusals before routing (HTTP parser, router) answer with an OperationOutcome like every other error.
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
    bodyLimit: config.http.bodyLimitBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: MAX_PATH_SEGMENT },
    return503OnClosing: true,
  });

  // An installation's official FEST catalogue is loaded before the first request, so a bad file stops the start;
  // the start log says how many interactions it gave and what was skipped, and why.
  if (config.medication.festFile) await useFestFile(config.medication.festFile, app.log);
  const fhirBase = `${config.publicUrl}/fhir`;
  const service: ServiceDeps = {
    db: deps.db,
    config,
    index: { baseUrl: fhirBase, timeZone: config.timeZone },
    rules: new WriteRules([...RECORD_RULES, ...MEDICATION_RULES]),
  };
  const devIssuer = config.auth.devIssuer
    ? await DevIssuer.create({
        publicUrl: config.publicUrl,
        audience: config.auth.audience,
        keyDir: join(config.database.dataDir, 'dev-issuer'),
        tokenLifetimeSeconds: 8 * 3600,
      })
    : undefined;
  const issuers: TrustedIssuer[] = config.auth.issuers.map((i) => ({
    issuer: i.issuer,
    keys: createRemoteJWKSet(new URL(i.jwksUri)),
    kinds: new Set(i.kinds),
  }));
  if (devIssuer)
    issuers.push({
      issuer: devIssuer.issuer,
      keys: devIssuer.verificationKeys(),
      kinds: new Set(['personnel', 'citizen', 'system']),
    });
  const verifier = new TokenVerifier(issuers, {
    audience: config.auth.audience,
    algorithms: config.auth.algorithms,
    clockToleranceSeconds: config.auth.clockToleranceSeconds,
  });
  const clientPolicies = new Map(Object.entries(config.auth.clientPolicies));
  for (const client of devIssuer?.clients.values() ?? [])
    if (!clientPolicies.has(client.clientId)) clientPolicies.set(client.clientId, client.scopes);
  const find = registerLookup(deps.db, { baseUrl: fhirBase, timeZone: config.timeZone });
  const auditWriter = new AuditWriter(deps.db, auditKey(config), service.index);
  const resolver = new ActorResolver(find, {
    requiredSecurityLevel: config.auth.requiredSecurityLevel,
    clientPolicies,
  });
  const access = new AccessServices({ db: deps.db, config, find, auditWriter, resolver });
  app.decorate('akson', { access, service, devIssuer, auditWriter });
  app.addHook('onClose', async () => auditWriter.drain());

  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  registerCachePolicy(app);
  registerBodyParsers(app, config.http.maxJsonDepth);
  registerErrorHandler(app, config.http.bodyLimitBytes);
  await app.register(compress, { global: true, threshold: 1024 });
  if (config.http.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: [...config.http.corsOrigins],
      exposedHeaders: ['etag', 'location', 'last-modified', 'x-request-id'],
      allowedHeaders: [
        'authorization',
        'dpop',
        'content-type',
        'if-match',
        'if-none-match',
        'if-none-exist',
        'prefer',
        'x-request-id',
      ],
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    });
  }
  registerContentNegotiation(app);
  decorateFhir(app);

  // Public context.
  registerHealth(app, deps.db);
  registerPlannerStatistics(app, deps.db);
  registerMetrics(app, config, { db: deps.db, auditWriter });
  registerPublicFhirRoutes(app, config, devIssuer);
  if (devIssuer) registerDevIssuerRoutes(app, devIssuer, [config.publicUrl, ...config.http.corsOrigins]);
  await registerWebApp(app, config);

  // Protected context: authentication first, then the FHIR API.
  await app.register(async (fhir) => {
    if (deps.benchmarkWithoutAccessControl) {
      fhir.addHook('onRequest', async (request) => {
        request.fhir = new ResourceService(
          service,
          new RequestAccess(access, { kind: 'platform', label: 'benchmark' }, request.id, { audit: false }),
        );
      });
    } else {
      registerAuthentication(fhir, { service, access, verifier });
    }
    registerSystemRoutes(fhir, config);
    registerHistoryRoutes(fhir, config);
    registerSearchRoutes(fhir, config);
    registerReadRoutes(fhir, config);
    registerWriteRoutes(fhir, config);
  });
  return app;
}
