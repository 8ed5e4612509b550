import { applyPatch } from '@medplum/core';
import { fail } from '@akson/fhir';

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/**
 * Applies an RFC 6902 JSON Patch to a copy of a resource. A patch may not change resourceType, id or meta:
 * those belong to the server.
 */
export function applyJsonPatch(
  resource: Record<string, unknown>,
  operations: unknown,
): Record<string, unknown> {
  if (!Array.isArray(operations) || operations.length === 0) {
    throw fail('AKS_ERR_PATCH_INVALID', { detail: 'the body must be a non-empty JSON array of operations' });
  }
  operations.forEach((op: unknown, i) => {
    const o = op as { op?: unknown; path?: unknown };
    if (
      !o ||
      typeof o !== 'object' ||
      typeof o.op !== 'string' ||
      !OPS.has(o.op) ||
      typeof o.path !== 'string'
    ) {
      throw fail('AKS_ERR_PATCH_INVALID', {
        detail: `operation ${i} needs "op" (add, remove, replace, move, copy, test) and "path"`,
      });
    }
    if (/^\/(resourceType|id|meta)(\/|$)/.test(o.path) && o.op !== 'test') {
      throw fail('AKS_ERR_PATCH_INVALID', { detail: `operation ${i} may not change ${o.path}` });
    }
  });
  // The patch works on the resource in place; decimals keep their written form unless an operation changes them.
  const copy = resource;
  const errors = applyPatch(copy, operations as Parameters<typeof applyPatch>[1]);
  const index = errors.findIndex((e) => e !== null);
  if (index >= 0) {
    const error = errors[index] as { name?: string; message?: string } | null;
    throw fail('AKS_ERR_PATCH_INVALID', {
      detail: `operation ${index} failed: ${error?.message ?? error?.name ?? 'unknown'}`,
    });
  }
  return copy;
}
