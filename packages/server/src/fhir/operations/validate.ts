import { AksonError, validateResource } from '@akson/fhir';
import { sendJson } from '../render/replies.ts';
import type { OperationDefinitionEntry } from './registry.ts';

/** $validate: checks a resource (the body, or a Parameters with a "resource" part) without storing it. */
export const validateOperation: OperationDefinitionEntry = {
  name: 'validate',
  types: '*',
  level: 'type',
  methods: ['POST'],
  definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate',
  handler: async (request, reply, _config, target) => {
    let resource = request.body as
      { resourceType?: string; parameter?: { name: string; resource?: unknown }[] } | undefined;
    if (resource?.resourceType === 'Parameters') {
      resource = resource.parameter?.find((p) => p.name === 'resource')?.resource as typeof resource;
    }
    if (resource && typeof resource === 'object' && resource.resourceType !== target.type) {
      const issue = {
        severity: 'error',
        code: 'invalid',
        details: {
          text: `This is ${target.type}/$validate, but the resource is ${String(resource.resourceType)}.`,
        },
        expression: ['resourceType'],
      };
      return sendJson(
        reply,
        request,
        200,
        JSON.stringify({ resourceType: 'OperationOutcome', issue: [issue] }),
      );
    }
    try {
      const { warnings } = validateResource(resource);
      const issues =
        warnings.length > 0
          ? warnings
          : [{ severity: 'information', code: 'informational', details: { text: 'The resource is valid.' } }];
      return sendJson(
        reply,
        request,
        200,
        JSON.stringify({ resourceType: 'OperationOutcome', issue: issues }),
      );
    } catch (err) {
      if (err instanceof AksonError && err.code === 'AKS_ERR_VALIDATION') {
        // $validate reports problems in a 200 response: the operation itself succeeded.
        return sendJson(reply, request, 200, JSON.stringify(err.toOperationOutcome()));
      }
      throw err;
    }
  },
};
