import { tryGetDataType, type InternalTypeSchema } from '@medplum/core';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { evaluate } from '../fhirpath/evaluate.ts';

/**
 * Rules the base validator leaves out, checked in one walk over the resource guided by the type schemas:
 * - invariants of data types (per-1: a Period may not end before it starts; qty-3, att-1, rng-2, rat-1, tim-*),
 *   which the validator only evaluates on resources and elements;
 * - a choice element given in two forms (multipleBirthBoolean and multipleBirthInteger);
 * - keys that are not FHIR at all but JavaScript machinery (__proto__).
 */
const DATATYPE_CONSTRAINTS = new Set([
  'per-1',
  'qty-3',
  'att-1',
  'rng-2',
  'rat-1',
  'tim-1',
  'tim-2',
  'tim-4',
  'tim-5',
  'tim-6',
  'tim-7',
  'tim-8',
  'tim-9',
  'tim-10',
]);

export function checkStructure(resource: Record<string, unknown>): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  walk(resource, String(resource['resourceType']), String(resource['resourceType']), issues);
  return issues;
}

/** Removes whitespace from base64Binary values (allowed in the text, meaningless in the data) before validation. */
export function normalizeBase64(resource: Record<string, unknown>): void {
  visit(resource, String(resource['resourceType']), (value, typeName) => {
    const schema = tryGetDataType(typeName);
    for (const [name, element] of Object.entries(schema?.elements ?? {})) {
      if (element.type[0]?.code === 'base64Binary' && typeof value[name] === 'string')
        value[name] = (value[name] as string).replace(/\s+/g, '');
    }
  });
}

function walk(
  value: Record<string, unknown>,
  typeName: string,
  path: string,
  issues: OperationOutcomeIssue[],
): void {
  const schema = tryGetDataType(typeName);
  if (!schema) return;
  for (const c of schema.constraints ?? []) {
    if (!DATATYPE_CONSTRAINTS.has(c.key)) continue;
    let ok: boolean;
    try {
      ok = evaluate(c.expression, value)[0] !== false;
    } catch {
      ok = true; // an expression we cannot evaluate is not a reason to refuse data
    }
    if (!ok)
      issues.push({
        severity: 'error',
        code: 'invariant',
        details: { text: `Constraint ${c.key} not met: ${c.description}` },
        expression: [path],
      });
  }
  const keys = Object.keys(value);
  if (Object.prototype.hasOwnProperty.call(value, '__proto__')) {
    issues.push({
      severity: 'error',
      code: 'structure',
      details: { text: 'Invalid additional property "__proto__"' },
      expression: [`${path}.__proto__`],
    });
  }
  for (const [name, element] of Object.entries(schema.elements)) {
    if (!name.endsWith('[x]')) continue;
    const base = name.slice(0, -3);
    const given = keys.filter((k) => element.type.some((t) => k === base + capitalize(t.code)));
    if (given.length > 1) {
      issues.push({
        severity: 'error',
        code: 'structure',
        details: { text: `${base}[x] may have one form only, not ${given.join(' and ')}` },
        expression: [`${path}.${given[1]}`],
      });
    }
  }
  for (const key of keys) {
    const child = value[key];
    const childType = elementType(schema, key, child);
    if (!childType) continue;
    const items = Array.isArray(child) ? child : [child];
    items.forEach((item, i) => {
      if (item && typeof item === 'object' && !Array.isArray(item)) {
        const itemType =
          childType === 'Resource' ? String((item as { resourceType?: unknown }).resourceType) : childType;
        walk(
          item as Record<string, unknown>,
          itemType,
          Array.isArray(child) ? `${path}.${key}[${i}]` : `${path}.${key}`,
          issues,
        );
      }
    });
  }
}

function visit(
  value: Record<string, unknown>,
  typeName: string,
  fn: (value: Record<string, unknown>, typeName: string) => void,
): void {
  const schema = tryGetDataType(typeName);
  if (!schema) return;
  fn(value, typeName);
  for (const key of Object.keys(value)) {
    const child = value[key];
    const childType = elementType(schema, key, child);
    if (!childType) continue;
    for (const item of Array.isArray(child) ? child : [child]) {
      if (item && typeof item === 'object' && !Array.isArray(item)) {
        visit(
          item as Record<string, unknown>,
          childType === 'Resource' ? String((item as { resourceType?: unknown }).resourceType) : childType,
          fn,
        );
      }
    }
  }
}

/** The type of a property: its element's (single) type, or for a choice the type its name ends with. */
function elementType(schema: InternalTypeSchema, key: string, child: unknown): string | undefined {
  const element = Object.hasOwn(schema.elements, key) ? schema.elements[key] : undefined;
  if (element) {
    const code = element.type[0]?.code;
    if (!code || element.type.length > 1) return undefined;
    return code === 'Resource' && child && typeof child === 'object' ? 'Resource' : code;
  }
  for (const [name, el] of Object.entries(schema.elements)) {
    if (!name.endsWith('[x]')) continue;
    const base = name.slice(0, -3);
    const t = el.type.find((t) => key === base + capitalize(t.code));
    if (t) return t.code;
  }
  return undefined;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
