import type { FastifyInstance } from 'fastify';
import type { AksonConfig } from '../../config/schema.ts';
import { ifNoneMatchHits } from '../render/request-headers.ts';
import { sendRow } from '../render/replies.ts';
import { dispatchOperation } from '../operations/registry.ts';
import { searchCompartment } from './search-routes.ts';

interface InstanceParams {
  type: string;
  id: string;
}

/** read, vread, and the GET forms of instance operations ($...) and compartment searches that share the paths. */
export function registerReadRoutes(app: FastifyInstance, config: AksonConfig): void {
  app.get<{ Params: InstanceParams }>('/fhir/:type/:id', async (request, reply) => {
    const { type, id } = request.params;
    if (id.startsWith('$')) return dispatchOperation(request, reply, config, { type, operation: id });
    const row = await request.fhir.read(type, id);
    if (ifNoneMatchHits(request.headers['if-none-match'], row.versionId)) return reply.status(304).send();
    return sendRow(reply, request, row);
  });

  app.get<{ Params: InstanceParams & { version: string } }>(
    '/fhir/:type/:id/_history/:version',
    async (request, reply) => {
      const { type, id, version } = request.params;
      return sendRow(reply, request, await request.fhir.vread(type, id, version));
    },
  );

  app.get<{ Params: InstanceParams & { sub: string } }>('/fhir/:type/:id/:sub', async (request, reply) => {
    const { type, id, sub } = request.params;
    if (sub.startsWith('$')) return dispatchOperation(request, reply, config, { type, id, operation: sub });
    return searchCompartment(request, reply, config, { type, id, compartmentType: sub });
  });
}
