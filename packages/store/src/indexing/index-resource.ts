import {
  evaluateTyped,
  loadDefinitions,
  parseLocalReference,
  type SearchParamDef,
  type TypedValue,
} from '@akson/fhir';
import { paramStorage, type ParamStorage } from '../schema/columns.ts';
import { extractDateRanges } from './date-values.ts';
import { multirangeLiteral, redactProtectedAddresses } from '@akson/fhir';
import { joinStrings, normalizeString } from './normalize-string.ts';
import { extractNumbers, extractQuantities } from './quantity-values.ts';
import { extractReferences } from './reference-values.ts';
import { extractStrings } from './string-values.ts';
import { extractTokens } from './token-values.ts';

export interface IndexContext {
  /** The server's FHIR base URL: absolute references under it are stored as local ones. */
  readonly baseUrl: string;
  /** Zone for dates without one. */
  readonly timeZone: string;
}

/** What the store writes next to a resource: search column values and the patient compartment id. */
export interface IndexedResource {
  /** Column name -> value in the shape the column's SQL type takes (see schema/columns.ts). */
  readonly columns: ReadonlyMap<string, unknown>;
  /** The patient this resource belongs to ('' for resources outside every patient compartment). */
  readonly patientId: string;
  /** Parameters whose expression could not be evaluated on this resource (logged, never fatal). */
  readonly problems: readonly string[];
}

interface ResourceLike {
  resourceType: string;
  id?: string;
}

export function indexResource(original: ResourceLike, ctx: IndexContext): IndexedResource {
  const columns = new Map<string, unknown>();
  const problems: string[] = [];
  // A protected address is never searchable: searching by it would tell where the person lives.
  const resource = redactProtectedAddresses(withLocalReferences(original, ctx.baseUrl)) as ResourceLike;
  for (const storage of paramStorage(resource.resourceType)) {
    let values: TypedValue[];
    try {
      values = evaluateTyped(storage.def.compiled, resource);
    } catch (err) {
      problems.push(`${storage.def.code}: ${(err as Error).message}`);
      continue;
    }
    try {
      writeColumns(columns, storage, values, resource, ctx);
    } catch (err) {
      problems.push(`${storage.def.code}: ${(err as Error).message}`);
    }
  }
  return { columns, patientId: patientIdOf(resource, columns), problems };
}

/**
 * The same encoding from values the caller already has (the audit writer builds its AuditEvents itself and
 * knows each parameter's values without evaluating FHIRPath). Parameters missing from `values` are empty.
 */
export function indexFromValues(
  resource: ResourceLike,
  values: ReadonlyMap<string, TypedValue[]>,
  ctx: IndexContext,
): IndexedResource {
  const columns = new Map<string, unknown>();
  for (const storage of paramStorage(resource.resourceType)) {
    writeColumns(columns, storage, values.get(storage.def.code) ?? [], resource, ctx);
  }
  return { columns, patientId: patientIdOf(resource, columns), problems: [] };
}

function writeColumns(
  columns: Map<string, unknown>,
  s: ParamStorage,
  values: TypedValue[],
  resource: ResourceLike,
  ctx: IndexContext,
): void {
  switch (s.def.type) {
    case 'token': {
      const tokens: string[] = [];
      const texts: string[] = [];
      extractTokens(values, tokens, texts);
      columns.set(s.column, nullIfEmpty(unique(tokens)));
      if (s.secondary) columns.set(s.secondary, texts.length > 0 ? joinStrings(texts) : null);
      break;
    }
    case 'string': {
      const raw = extractStrings(values);
      columns.set(s.column, joinStrings(raw.map(normalizeString)));
      if (s.secondary) columns.set(s.secondary, nullIfEmpty(raw));
      break;
    }
    case 'reference':
      columns.set(s.column, nullIfEmpty(extractReferences(values, ctx.baseUrl)));
      break;
    case 'uri':
      columns.set(
        s.column,
        nullIfEmpty(unique(values.map((v) => v.value).filter((v): v is string => typeof v === 'string'))),
      );
      break;
    case 'date':
      columns.set(s.column, multirangeLiteral(extractDateRanges(values, ctx.timeZone)));
      break;
    case 'number':
      columns.set(s.column, nullIfEmpty(extractNumbers(values).map(String)));
      break;
    case 'quantity': {
      const q = extractQuantities(values);
      columns.set(s.column, q.length > 0 ? JSON.stringify(q) : null);
      break;
    }
    case 'composite': {
      // A tuple counts only when every component has a value: code-value-quantity without a quantity is no match.
      const tuples = values
        .map((item) =>
          s.def.components.map((c) => componentValue(c.def, evaluateTyped(c.compiled, item, resource), ctx)),
        )
        .filter((tuple) => tuple.every((component) => Array.isArray(component) && component.length > 0));
      columns.set(s.column, tuples.length > 0 ? JSON.stringify(tuples) : null);
      break;
    }
  }
}

/** One component of a composite value, encoded like the component's own column (JSON-friendly). */
function componentValue(def: SearchParamDef, values: TypedValue[], ctx: IndexContext): unknown {
  switch (def.type) {
    case 'token': {
      const tokens: string[] = [];
      extractTokens(values, tokens, []);
      return unique(tokens);
    }
    case 'string':
      return extractStrings(values).map(normalizeString);
    case 'reference':
      return extractReferences(values, ctx.baseUrl);
    case 'uri':
      return values.map((v) => v.value).filter((v) => typeof v === 'string');
    case 'date':
      return extractDateRanges(values, ctx.timeZone).map((r) => [r.lo, r.hi]);
    case 'number':
      return extractNumbers(values);
    case 'quantity':
      return extractQuantities(values);
    case 'composite':
      return [];
  }
}

/**
 * The resource as the search parameters see it: absolute references to this server (http://host/fhir/Patient/1)
 * written as relative ones (Patient/1). FHIRPath's resolve() takes the resource type from the text before the
 * first "/", so `subject.where(resolve() is Patient)` (the `patient` parameter of Observation, Encounter,
 * Condition and many more) found no type in an absolute reference and the resource was not found by
 * patient=... although subject=... found it. Copy-on-write: an unchanged resource is returned as it is, and
 * the stored resource is never changed.
 */
function withLocalReferences(node: unknown, baseUrl: string): unknown {
  if (Array.isArray(node)) {
    let copy: unknown[] | undefined;
    node.forEach((item, i) => {
      const next = withLocalReferences(item, baseUrl);
      if (next !== item) (copy ??= [...node])[i] = next;
    });
    return copy ?? node;
  }
  if (node === null || typeof node !== 'object') return node;
  let copy: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    let next = value;
    if (key === 'reference' && typeof value === 'string') {
      const local = value.startsWith(baseUrl + '/') ? parseLocalReference(value, baseUrl) : undefined;
      if (local) next = `${local.type}/${local.id}`;
    } else if (value !== null && typeof value === 'object') {
      next = withLocalReferences(value, baseUrl);
    }
    if (next !== value) (copy ??= { ...(node as Record<string, unknown>) })[key] = next;
  }
  return copy ?? node;
}

/** The patient compartment id: the resource's own id for a Patient, else the first patient it references. */
function patientIdOf(resource: ResourceLike, columns: Map<string, unknown>): string {
  if (resource.resourceType === 'Patient') return resource.id ?? '';
  const params = loadDefinitions().patientCompartment.get(resource.resourceType);
  if (!params) return '';
  for (const code of params) {
    const storage = paramStorage(resource.resourceType).find((s) => s.def.code === code);
    const refs = storage ? (columns.get(storage.column) as string[] | null | undefined) : undefined;
    const patientRef = refs?.find((r) => r.startsWith('Patient/'));
    if (patientRef) return patientRef.slice('Patient/'.length);
  }
  return '';
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function nullIfEmpty<T>(values: T[]): T[] | null {
  return values.length > 0 ? values : null;
}
