import { fail } from '@akson/fhir';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AksonConfig } from '../../config/schema.ts';
import { validateOperation } from './validate.ts';

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
  /** Canonical URL of the OperationDefinition, for the CapabilityStatement. */
  readonly definition: string;
  readonly handler: (request: FastifyRequest, reply: FastifyReply, config: AksonConfig, target: OperationTarget) => Promise<FastifyReply>;
}

/** Every operation the server offers; the CapabilityStatement lists exactly these. */
export const OPERATIONS: readonly OperationDefinitionEntry[] = [validateOperation];

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
  if (!op) throw fail('AKS_ERR_OPERATION_UNKNOWN', { operation: `${target.type}${target.id ? '/' + target.id : ''}/${target.operation}` });
  return op.handler(request, reply, config, target);
}
