import { fail, precisionRange } from '@akson/fhir';
import type { AksonConfig } from '../../config/schema.ts';
import { SERVICE_TYPES } from '../../directory/service-types.ts';
import type { OperationDefinitionEntry } from '../../fhir/operations/registry.ts';
import { pageLink } from '../../fhir/render/page-links.ts';
import { queryPairs, sendJson } from '../../fhir/render/replies.ts';
import { fhirBase } from '../../fhir/routes/fhir-base.ts';
import {
  countParameter,
  operationInput,
  operationQuery,
  single,
  withServerTiming,
} from '../../fhir/operations/operation-input.ts';
import { patientTimeline, type AskedTimeline } from './patient-timeline.ts';
import { decodeTimelineCursor } from './timeline-cursor.ts';
import { TIMELINE_SOURCES } from './timeline-sources.ts';

const PARAMETERS = ['_count', '_cursor', 'type', 'service', 'from', 'to'];

/**
 * GET Patient/{id}/$timeline: contacts from all services in time order, newest first (docs/record.md, "Reading
 * the record"), with what, where, which service and when; content only where the caller is entitled, and a
 * withheld marker on contacts whose content is not. One access in the audit log per page.
 */
export const timelineOperation: OperationDefinitionEntry = {
  name: 'timeline',
  types: ['Patient'],
  level: 'instance',
  methods: ['GET'],
  definition: 'https://akson.no/fhir/OperationDefinition/Patient-timeline',
  handler: async (request, reply, config, target) => {
    const started = performance.now();
    const patientId = target.id as string;
    const params = operationInput(request, PARAMETERS);
    const base = fhirBase(config);
    const link = (cursor?: string) =>
      pageLink(base, `Patient/${patientId}/$timeline`, queryPairs(request), cursor);
    const text = await patientTimeline(request.fhir, request.server.akson.service.db, {
      patientId,
      query: timelineQuery(params, config),
      operation: operationQuery(request),
      maxCount: config.search.maxCount,
      base,
      self: link(single(params, '_cursor')),
      link,
    });
    return sendJson(withServerTiming(reply, 'timeline', started), request, 200, text);
  },
};

function timelineQuery(params: [string, string][], config: AksonConfig): AskedTimeline {
  const list = (name: string): string[] =>
    params
      .filter(([k]) => k === name)
      .flatMap(([, v]) =>
        v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      );
  const types = list('type');
  for (const type of types) {
    if (!TIMELINE_SOURCES.some((s) => s.type === type)) {
      throw fail('AKS_ERR_OPERATION_PARAMETER', {
        param: 'type',
        detail: `${type} is not on the timeline; use ${TIMELINE_SOURCES.map((s) => s.type).join(', ')}`,
      });
    }
  }
  const services = list('service');
  for (const service of services) {
    if (!SERVICE_TYPES.some((s) => s.code === service)) {
      throw fail('AKS_ERR_OPERATION_PARAMETER', {
        param: 'service',
        detail: `unknown service ${service}; use ${SERVICE_TYPES.map((s) => s.code).join(', ')}`,
      });
    }
  }
  const cursor = single(params, '_cursor');
  return {
    count: countParameter(params, '_count', config.search.defaultCount, config.search.maxCount),
    maxCount: config.search.maxCount,
    after: cursor === undefined ? undefined : decodeTimelineCursor(cursor),
    sources: types.length > 0 ? TIMELINE_SOURCES.filter((s) => types.includes(s.type)) : TIMELINE_SOURCES,
    services: services.length > 0 ? new Set(services) : undefined,
    from: bound(params, 'from', 'lo', config.timeZone),
    to: bound(params, 'to', 'hi', config.timeZone),
    timeZone: config.timeZone,
  };
}

/** `from` starts at the first instant of its value, `to` ends at the last ("to=2024" is all of 2024). */
function bound(
  params: [string, string][],
  name: string,
  end: 'lo' | 'hi',
  timeZone: string,
): { value: string; time: number } | undefined {
  const value = single(params, name);
  if (value === undefined) return undefined;
  const instant = precisionRange(value, timeZone)?.[end];
  if (!instant) {
    throw fail('AKS_ERR_OPERATION_PARAMETER', {
      param: name,
      detail: 'a FHIR date or dateTime such as 2024-05-17 or 2024-05-17T10:00:00+02:00',
    });
  }
  return { value, time: Date.parse(instant) };
}
