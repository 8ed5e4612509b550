import { fail } from '@akson/fhir';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AksonConfig } from '../../config/schema.ts';
import { validateOperation } from './validate.ts';
import {
  accessBasisOperation,
  accessLogOperation,
  declareRelationOperation,
  emergencyAccessOperation,
  logReviewOperation,
  markReviewedOperation,
} from './access-operations.ts';

/** Where an operation was invoked: on a type ($validate on Patient) or an instance. */
export interface OperationTarget {
  readonly type: string;
  readonly id?: string;
  readonly operation: string;
}

export interface OperationDefinitionEntry {
  readonly name: string;
  /** Resource types it applies to ('*' for all). */
  readonly types: readonly string[] | '*';
  readonly level: 'type' | 'instance' | 'both';
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
];

export async function dispatchOperation(
  request: FastifyRequest,
  reply: FastifyReply,
  config: AksonConfig,
  target: OperationTarget,
): Promise<FastifyReply> {
  const name = target.operation.slice(1);
  const op = OPERATIONS.find(
    (o) =>
      o.name === name &&
      (o.types === '*' || o.types.includes(target.type)) &&
      (o.level === 'both' || (o.level === 'instance') === (target.id !== undefined)),
  );
  if (!op)
    throw fail('AKS_ERR_OPERATION_UNKNOWN', {
      operation: `${target.type}${target.id ? '/' + target.id : ''}/${target.operation}`,
    });
  if (!op.methods.includes(request.method as 'GET' | 'POST')) {
    throw fail('AKS_ERR_METHOD_NOT_ALLOWED', {
      detail: `${target.operation} is invoked with ${op.methods.join(' or ')}.`,
    });
  }
  return op.handler(request, reply, config, target);
}
