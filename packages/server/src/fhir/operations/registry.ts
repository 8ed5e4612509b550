import { fail } from '@akson/fhir';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AksonConfig } from '../../config/schema.ts';
import { validateOperation } from './validate.ts';
import { MEDICATION_OPERATIONS } from '../../medication/index.ts';
import { RECORD_OPERATIONS } from '../../record/index.ts';
import { TERMINOLOGY_OPERATIONS } from '../../terminology/index.ts';
import {
  accessBasisOperation,
  accessLogOperation,
  declareRelationOperation,
  emergencyAccessOperation,
  logReviewOperation,
  markReviewedOperation,
} from './access-operations.ts';

/** Where an operation was invoked: on the server ($note-templates), a type ($validate on Patient) or an instance. */
export interface OperationTarget {
  /** Empty for a system-level operation. */
  readonly type: string;
  readonly id?: string;
  readonly operation: string;
}

export interface OperationDefinitionEntry {
  readonly name: string;
  /** Resource types it applies to ('*' for all). */
  readonly types: readonly string[] | '*';
  readonly level: 'system' | 'type' | 'instance' | 'both';
  readonly methods: readonly ('GET' | 'POST')[];
  /** Canonical URL of the OperationDefinition, for the CapabilityStatement. */
  readonly definition: string;
  readonly handler: (
    request: FastifyRequest,
    reply: FastifyReply,
    config: AksonConfig,
    target: OperationTarget,
  ) => Promise<FastifyReply>;
}

/** Every operation the server offers; the CapabilityStatement lists exactly these. */
export const OPERATIONS: readonly OperationDefinitionEntry[] = [
  validateOperation,
  emergencyAccessOperation,
  declareRelationOperation,
  accessBasisOperation,
  accessLogOperation,
  logReviewOperation,
  markReviewedOperation,
  ...RECORD_OPERATIONS,
  ...MEDICATION_OPERATIONS,
  ...TERMINOLOGY_OPERATIONS,
];

export async function dispatchOperation(
  request: FastifyRequest,
  reply: FastifyReply,
  config: AksonConfig,
  target: OperationTarget,
): Promise<FastifyReply> {
  const name = target.operation.slice(1);
  const op = OPERATIONS.find((o) => o.name === name && appliesTo(o, target));
  if (!op)
    throw fail('AKS_ERR_OPERATION_UNKNOWN', {
      operation: [target.type, target.id, target.operation].filter(Boolean).join('/'),
    });
  if (!op.methods.includes(request.method as 'GET' | 'POST')) {
    throw fail('AKS_ERR_METHOD_NOT_ALLOWED', {
      detail: `${target.operation} is invoked with ${op.methods.join(' or ')}.`,
    });
  }
  return op.handler(request, reply, config, target);
}

function appliesTo(op: OperationDefinitionEntry, target: OperationTarget): boolean {
  if (target.type === '') return op.level === 'system';
  if (op.level === 'system') return false;
  if (op.types !== '*' && !op.types.includes(target.type)) return false;
  return op.level === 'both' || (op.level === 'instance') === (target.id !== undefined);
}
