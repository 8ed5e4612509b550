import { fail } from '@akson/fhir';
import type { FastifyInstance } from 'fastify';
import type { AksonConfig } from '../../config/schema.ts';
import { parseIfMatch, parsePrefer } from '../render/request-headers.ts';
import { queryPairs, sendWriteOutcome } from '../render/replies.ts';
import { dispatchOperation } from '../operations/registry.ts';
import { fhirBase } from './fhir-base.ts';
import { allTypesCompartmentSearch } from './search-routes.ts';

interface InstanceParams {
  type: string;
  id: string;
}

/** create (plain and If-None-Exist), update (also as create, and conditional), JSON Patch and delete (by id only). */
export function registerWriteRoutes(app: FastifyInstance, config: AksonConfig): void {
  const base = fhirBase(config);

  app.post<{ Params: { type: string } }>('/fhir/:type', async (request, reply) => {
    const { type } = request.params;
    if (type.startsWith('$')) return dispatchOperation(request, reply, config, { type: '', operation: type });
    const ifNoneExist = request.headers['if-none-exist'];
    const outcome = await request.fhir.create(request.params.type, request.body, {
      ...(typeof ifNoneExist === 'string'
        ? { ifNoneExist: ifNoneExist.replace(/^[A-Za-z]+\?/, '').replace(/^\?/, '') }
        : {}),
    });
    return sendWriteOutcome(reply, request, base, outcome, parsePrefer(request.headers['prefer']));
  });

  app.post<{ Params: InstanceParams }>('/fhir/:type/:id', async (request, reply) => {
    const { type, id } = request.params;
    if (id.startsWith('$')) return dispatchOperation(request, reply, config, { type, operation: id });
    throw fail('AKS_ERR_METHOD_NOT_ALLOWED', {
      detail: 'POST to an instance is not a FHIR interaction; use PUT to update.',
    });
  });

  app.post<{ Params: InstanceParams & { sub: string } }>('/fhir/:type/:id/:sub', async (request, reply) => {
    const { type, id, sub } = request.params;
    if (sub.startsWith('$')) return dispatchOperation(request, reply, config, { type, id, operation: sub });
    if (type === 'Patient' && sub === '_search') throw allTypesCompartmentSearch(config, id);
    throw fail('AKS_ERR_ROUTE_NOT_FOUND', { method: 'POST', url: request.url.split('?')[0] });
  });

  app.put<{ Params: InstanceParams }>('/fhir/:type/:id', async (request, reply) => {
    const ifMatch = parseIfMatch(request.headers['if-match']);
    const outcome = await request.fhir.update(
      request.params.type,
      request.params.id,
      request.body,
      ifMatch !== undefined ? { ifMatch } : {},
    );
    return sendWriteOutcome(reply, request, base, outcome, parsePrefer(request.headers['prefer']));
  });

  app.put<{ Params: { type: string } }>('/fhir/:type', async (request, reply) => {
    const criteria = new URLSearchParams(
      queryPairs(request).filter(([k]) => k !== '_format' && k !== '_pretty'),
    ).toString();
    if (!criteria)
      throw fail('AKS_ERR_CONDITIONAL_CRITERIA', {
        detail: 'PUT to a type needs search parameters in the URL',
      });
    const outcome = await request.fhir.conditionalUpdate(request.params.type, criteria, request.body);
    return sendWriteOutcome(reply, request, base, outcome, parsePrefer(request.headers['prefer']));
  });

  app.patch<{ Params: InstanceParams }>('/fhir/:type/:id', async (request, reply) => {
    const contentType = request.headers['content-type'] ?? '';
    if (!contentType.startsWith('application/json-patch+json')) {
      throw fail('AKS_ERR_REQUEST_MEDIA_TYPE', { type: contentType || '(none)' });
    }
    const ifMatch = parseIfMatch(request.headers['if-match']);
    const outcome = await request.fhir.patch(
      request.params.type,
      request.params.id,
      request.body,
      ifMatch !== undefined ? { ifMatch } : {},
    );
    return sendWriteOutcome(reply, request, base, outcome, parsePrefer(request.headers['prefer']));
  });

  // R4 (http.html, conditional delete): a server that does not support it SHOULD answer 400 with an
  // OperationOutcome. The CapabilityStatement says conditionalDelete not-supported.
  app.delete<{ Params: { type: string } }>('/fhir/:type', async (request) => {
    throw fail('AKS_ERR_INTERACTION_UNSUPPORTED', {
      interaction: `Conditional delete (DELETE [base]/${request.params.type}?...)`,
      instead: `Find the resource with a search (GET ${base}/${request.params.type}?...) and delete it by id (DELETE ${base}/${request.params.type}/[id]).`,
    });
  });

  app.delete<{ Params: InstanceParams }>('/fhir/:type/:id', async (request, reply) => {
    const ifMatch = parseIfMatch(request.headers['if-match']);
    const result = await request.fhir.delete(
      request.params.type,
      request.params.id,
      ifMatch !== undefined ? { ifMatch } : {},
    );
    if (result.versionId !== undefined) void reply.header('etag', `W/"${result.versionId}"`);
    return reply.status(204).send();
  });
}
