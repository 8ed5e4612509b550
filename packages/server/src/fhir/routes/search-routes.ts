import { fail } from '@akson/fhir';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AksonConfig } from '../../config/schema.ts';
import { renderSearchBundle } from '../render/search-bundle.ts';
import { parsePrefer } from '../render/request-headers.ts';
import { queryPairs, sendJson } from '../render/replies.ts';
import { dispatchOperation } from '../operations/registry.ts';
import { fhirBase } from './fhir-base.ts';

/** Type search by GET and POST _search (form body), and Patient compartment search. */
export function registerSearchRoutes(app: FastifyInstance, config: AksonConfig): void {
  app.get<{ Params: { type: string } }>('/fhir/:type', async (request, reply) => {
    const { type } = request.params;
    if (type.startsWith('$')) return dispatchOperation(request, reply, config, { type: '', operation: type });
    return search(request, reply, config, request.params.type, queryPairs(request), undefined);
  });

  app.post<{ Params: { type: string; id: string } }>('/fhir/:type/_search', async (request, reply) => {
    const form = Array.isArray(request.body) ? (request.body as [string, string][]) : [];
    return search(request, reply, config, request.params.type, [...queryPairs(request), ...form], undefined);
  });
}

export async function searchCompartment(
  request: FastifyRequest,
  reply: FastifyReply,
  config: AksonConfig,
  target: { type: string; id: string; compartmentType: string },
): Promise<FastifyReply> {
  if (target.type !== 'Patient') {
    throw fail('AKS_ERR_ROUTE_NOT_FOUND', { method: request.method, url: request.url.split('?')[0] });
  }
  if (target.compartmentType === '*') throw allTypesCompartmentSearch(config, target.id);
  return search(request, reply, config, target.compartmentType, queryPairs(request), target.id);
}

/**
 * `Patient/[id]/*` (and its POST form `Patient/[id]/_search`): search every type of the compartment at once.
 * One page across dozens of types needs a cursor over all of them, which is what $everything already is, so
 * this form is refused with the two that answer the same question.
 */
export function allTypesCompartmentSearch(config: AksonConfig, patientId: string): Error {
  const patient = `${fhirBase(config)}/Patient/${encodeURIComponent(patientId)}`;
  return fail('AKS_ERR_INTERACTION_UNSUPPORTED', {
    interaction: 'Compartment search across all types (Patient/[id]/*)',
    instead: `Search one type in the compartment (GET ${patient}/Observation?...), or read the whole record with GET ${patient}/$everything (_type, _since and _count narrow it).`,
  });
}

async function search(
  request: FastifyRequest,
  reply: FastifyReply,
  config: AksonConfig,
  type: string,
  params: [string, string][],
  compartmentPatient: string | undefined,
): Promise<FastifyReply> {
  const { lenient } = parsePrefer(request.headers['prefer']);
  const result = await request.fhir.search(type, params, {
    lenient,
    ...(compartmentPatient !== undefined ? { compartmentPatient } : {}),
  });
  const path = compartmentPatient === undefined ? type : `Patient/${compartmentPatient}/${type}`;
  return sendJson(reply, request, 200, renderSearchBundle(fhirBase(config), path, params, result));
}
