import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AksonConfig } from '../../config/schema.ts';
import { renderHistoryBundle } from '../render/history-bundle.ts';
import { queryPairs, sendJson } from '../render/replies.ts';
import { fhirBase } from './fhir-base.ts';

/** Instance, type and system history, newest first, paged with a cursor. */
export function registerHistoryRoutes(app: FastifyInstance, config: AksonConfig): void {
  const base = fhirBase(config);
  const history = async (
    request: FastifyRequest,
    reply: FastifyReply,
    type?: string,
    id?: string,
  ): Promise<FastifyReply> => {
    const params = queryPairs(request);
    const page = await request.fhir.history(type, id, params);
    const selfPath =
      type === undefined ? '_history' : id === undefined ? `${type}/_history` : `${type}/${id}/_history`;
    return sendJson(reply, request, 200, renderHistoryBundle(base, selfPath, params, page));
  };
  app.get('/fhir/_history', (request, reply) => history(request, reply));
  app.get<{ Params: { type: string } }>('/fhir/:type/_history', (request, reply) =>
    history(request, reply, request.params.type),
  );
  app.get<{ Params: { type: string; id: string } }>('/fhir/:type/:id/_history', (request, reply) =>
    history(request, reply, request.params.type, request.params.id),
  );
}
