import type { FastifyInstance } from 'fastify';
import { RequestAccess } from '../access/request-access.ts';
import { ResourceService } from './resource-service.ts';

/**
 * A ResourceService acting as the platform itself (seeding the demo, maintenance commands). It is audited like
 * any other caller, as the platform, and is never reachable from a request.
 */
export function platformService(app: FastifyInstance, label: string): ResourceService {
  const { access, service } = app.akson;
  return new ResourceService(service, new RequestAccess(access, { kind: 'platform', label }));
}
