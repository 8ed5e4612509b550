import { fail } from '@akson/fhir';
import { CareRelationService } from '../../services/care-relation-service.ts';
import { accessLog } from '../../services/access-log-service.ts';
import { LogReviewService } from '../../services/log-review-service.ts';
import { sendJson } from '../render/replies.ts';
import { operationParameter, parametersOf } from './parameters.ts';
import type { OperationDefinitionEntry } from './registry.ts';

const DEF = 'https://akson.no/fhir/OperationDefinition';

/** A relation the caller takes themselves (emergency or self-declared), with its reason, answered as Parameters. */
function grantOperation(name: string, kind: 'emergency' | 'self-declared'): OperationDefinitionEntry {
  return {
    name,
    types: ['Patient'],
    level: 'instance',
    methods: ['POST'],
    definition: `${DEF}/Patient-${name}`,
    handler: async (request, reply, _config, target) => {
      const granted = await new CareRelationService(request.server, request.fhir.access).grant(
        target.id as string,
        kind,
        operationParameter(request, 'reason'),
      );
      const answer = parametersOf({
        relation: granted.relationId,
        kind: granted.kind,
        start: granted.startsAt,
        end: granted.endsAt,
      });
      return sendJson(reply, request, 200, JSON.stringify(answer));
    },
  };
}

/** POST Patient/{id}/$emergency-access (reason): akuttilgang for the caller, time-limited, audited as BTG. */
export const emergencyAccessOperation = grantOperation('emergency-access', 'emergency');

/** POST Patient/{id}/$declare-relation (reason): a self-declared care relation, flagged for review. */
export const declareRelationOperation = grantOperation('declare-relation', 'self-declared');

/** GET Patient/{id}/$access-basis: why may I see this patient? */
export const accessBasisOperation: OperationDefinitionEntry = {
  name: 'access-basis',
  types: ['Patient'],
  level: 'instance',
  methods: ['GET'],
  definition: `${DEF}/Patient-access-basis`,
  handler: async (request, reply, _config, target) => {
    const relations = await new CareRelationService(request.server, request.fhir.access).basis(
      target.id as string,
    );
    const parts = relations.map((r) => ({
      name: 'relation',
      part: [
        { name: 'kind', valueCode: r.kind },
        { name: 'active', valueBoolean: r.active },
        { name: 'start', valueInstant: r.startsAt },
        ...(r.endsAt ? [{ name: 'end', valueInstant: r.endsAt }] : []),
        ...(r.sourceRef ? [{ name: 'source', valueReference: { reference: r.sourceRef } }] : []),
        ...(r.unitRef ? [{ name: 'unit', valueReference: { reference: r.unitRef } }] : []),
        ...(r.reason ? [{ name: 'reason', valueString: r.reason }] : []),
      ],
    }));
    return sendJson(
      reply,
      request,
      200,
      JSON.stringify(parametersOf({ hasAccess: relations.some((r) => r.active) }, parts)),
    );
  },
};

/** GET Patient/{id}/$access-log: who has looked at the record, for the patient (Helsenorge-style). */
export const accessLogOperation: OperationDefinitionEntry = {
  name: 'access-log',
  types: ['Patient'],
  level: 'instance',
  methods: ['GET'],
  definition: `${DEF}/Patient-access-log`,
  handler: async (request, reply, config, target) => {
    const countParam = operationParameter(request, '_count');
    const count = countParam === undefined ? 50 : Number(countParam);
    if (!Number.isInteger(count) || count < 1 || count > config.search.maxCount)
      throw fail('AKS_ERR_SEARCH_COUNT', { max: config.search.maxCount });
    const cursor = operationParameter(request, '_cursor');
    const log = await accessLog(
      request.fhir,
      target.id as string,
      count,
      typeof cursor === 'string' ? cursor : undefined,
    );
    return sendJson(
      reply,
      request,
      200,
      JSON.stringify({
        resourceType: 'Parameters',
        parameter: [
          ...log.entries.map((e) => ({
            name: 'entry',
            part: Object.entries(e)
              .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
              .map(([k, v]) =>
                typeof v === 'boolean'
                  ? { name: k, valueBoolean: v }
                  : Array.isArray(v)
                    ? { name: k, valueString: v.join(', ') }
                    : { name: k, valueString: String(v) },
              ),
          })),
          ...(log.next ? [{ name: 'next', valueString: log.next }] : []),
        ],
      }),
    );
  },
};

/** GET AuditEvent/$log-review?since=...: flagged accesses for the security officer. */
export const logReviewOperation: OperationDefinitionEntry = {
  name: 'log-review',
  types: ['AuditEvent'],
  level: 'type',
  methods: ['GET'],
  definition: `${DEF}/AuditEvent-log-review`,
  handler: async (request, reply, config) => {
    const sinceParam = operationParameter(request, 'since');
    const since =
      typeof sinceParam === 'string' && !Number.isNaN(Date.parse(sinceParam))
        ? new Date(sinceParam).toISOString()
        : new Date(Date.now() - 7 * 86_400_000).toISOString();
    const thresholdParam = operationParameter(request, 'threshold');
    const threshold = thresholdParam === undefined ? 50 : Number(thresholdParam);
    if (!Number.isInteger(threshold) || threshold < 1)
      throw fail('AKS_ERR_OPERATION_PARAMETER', { param: 'threshold', detail: 'a whole number of patients' });
    const countParam = operationParameter(request, '_count');
    const count = countParam === undefined ? 100 : Number(countParam);
    if (!Number.isInteger(count) || count < 1 || count > config.search.maxCount)
      throw fail('AKS_ERR_SEARCH_COUNT', { max: config.search.maxCount });
    const cursor = operationParameter(request, '_cursor');
    const page = await new LogReviewService(request.server, request.fhir.access).report(since, threshold, {
      count,
      cursor: typeof cursor === 'string' ? cursor : undefined,
    });
    const parts = page.flagged.map((f) => ({
      name: 'flagged',
      part: [
        { name: 'flag', valueCode: f.flag },
        { name: 'entry', valueString: f.entry },
        ...(f.auditId
          ? [{ name: 'auditEvent', valueReference: { reference: `AuditEvent/${f.auditId}` } }]
          : []),
        ...(f.when ? [{ name: 'when', valueInstant: f.when }] : []),
        { name: 'who', valueString: f.who },
        ...(f.unit ? [{ name: 'unit', valueString: f.unit }] : []),
        ...(f.patientId
          ? [
              {
                name: 'patient',
                valueReference: { reference: `Patient/${f.patientId}`, display: f.patientName },
              },
            ]
          : []),
        ...(f.reason ? [{ name: 'reason', valueString: f.reason }] : []),
        ...(f.detail ? [{ name: 'detail', valueString: f.detail }] : []),
        ...(f.review
          ? [
              {
                name: 'reviewed',
                part: [
                  { name: 'by', valueString: f.review.by },
                  { name: 'at', valueInstant: f.review.at },
                  { name: 'comment', valueString: f.review.comment },
                ],
              },
            ]
          : []),
      ],
    }));
    return sendJson(
      reply,
      request,
      200,
      JSON.stringify(
        parametersOf(
          { since, count: page.flagged.length, total: page.total, ...(page.next ? { next: page.next } : {}) },
          parts,
        ),
      ),
    );
  },
};

/**
 * POST AuditEvent/{id}/$mark-reviewed (comment), or AuditEvent/$mark-reviewed (entry, comment) for any flagged
 * entry by the key the report gave it (unusual volume has no single event). 409 if it was reviewed already.
 */
export const markReviewedOperation: OperationDefinitionEntry = {
  name: 'mark-reviewed',
  types: ['AuditEvent'],
  level: 'both',
  methods: ['POST'],
  definition: `${DEF}/AuditEvent-mark-reviewed`,
  handler: async (request, reply, _config, target) => {
    const entry = target.id ?? operationParameter(request, 'entry');
    if (typeof entry !== 'string' || entry === '')
      throw fail('AKS_ERR_OPERATION_PARAMETER', {
        param: 'entry',
        detail:
          'name the flagged entry (its "entry" in the log review), or call AuditEvent/{id}/$mark-reviewed',
      });
    await new LogReviewService(request.server, request.fhir.access).markReviewed(
      entry,
      operationParameter(request, 'comment'),
    );
    return sendJson(reply, request, 200, JSON.stringify(parametersOf({ reviewed: true })));
  },
};
