import type { TypedValue } from '@akson/fhir';
import { indexFromValues, type IndexContext } from '@akson/store';

/**
 * Search values of an AuditEvent we built, without FHIRPath: the audit log takes one event per access, and
 * evaluating eight expressions per event would cost more than the access itself. The values are exactly those
 * the generic indexer extracts (a test compares the two on every kind of event), encoded by the same code.
 */
export function auditColumns(
  resource: Record<string, unknown>,
  ctx: IndexContext,
): ReadonlyMap<string, unknown> {
  const agents = (resource['agent'] as { who?: { reference?: string } }[] | undefined) ?? [];
  const entities = (resource['entity'] as { what?: { reference?: string } }[] | undefined) ?? [];
  const whos = agents.map((a) => a.who).filter((w): w is NonNullable<typeof w> => w !== undefined);
  const whats = entities.map((e) => e.what).filter((w): w is NonNullable<typeof w> => w !== undefined);
  const ref = (value: unknown): TypedValue => ({ type: 'Reference', value });
  const values = new Map<string, TypedValue[]>([
    ['patient', [...whos, ...whats].filter((r) => r.reference?.startsWith('Patient/')).map(ref)],
    ['agent', whos.map(ref)],
    ['entity', whats.map(ref)],
    ['type', resource['type'] ? [{ type: 'Coding', value: resource['type'] }] : []],
    [
      'subtype',
      ((resource['subtype'] as unknown[] | undefined) ?? []).map((value) => ({ type: 'Coding', value })),
    ],
    ['action', resource['action'] ? [{ type: 'code', value: resource['action'] }] : []],
    ['outcome', resource['outcome'] ? [{ type: 'code', value: resource['outcome'] }] : []],
    ['date', resource['recorded'] ? [{ type: 'instant', value: resource['recorded'] }] : []],
  ]);
  return indexFromValues(resource as { resourceType: string }, values, ctx).columns;
}
