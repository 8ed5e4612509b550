import { getExpressionForResourceType, type FhirPathAtom } from '@medplum/core';
import type { SearchParameter } from '@medplum/fhirtypes';
import { loadDefinitions } from '../definitions/load.ts';
import { compileFhirPath } from '../fhirpath/evaluate.ts';

export type SearchParamType =
  'string' | 'token' | 'reference' | 'date' | 'number' | 'quantity' | 'uri' | 'composite';

/** How a search parameter applies to one resource type. */
export interface SearchParamDef {
  readonly code: string;
  readonly type: SearchParamType;
  readonly url: string;
  /** The part of the parameter's FHIRPath expression that applies to this resource type. */
  readonly expression: string;
  readonly compiled: FhirPathAtom;
  /** Reference parameters: the resource types a value may point to. */
  readonly targets: readonly string[];
  /** Composite parameters: the component parameters and their expressions relative to `expression`. */
  readonly components: readonly CompositeComponent[];
  /** Parameters defined on Resource itself (_id, _lastUpdated, _tag, _profile, _security, _source). */
  readonly resourceLevel: boolean;
}

export interface CompositeComponent {
  readonly def: SearchParamDef;
  readonly expression: string;
  readonly compiled: FhirPathAtom;
}

/** Resource-level parameters that map onto dedicated columns rather than extracted values. */
export const RESOURCE_COLUMN_PARAMS = ['_id', '_lastUpdated'] as const;

/** Parameters R4 defines that we do not offer, and the reason we give for not supporting them. */
const UNSUPPORTED_PARAMS: Record<string, string> = {
  _text: 'narrative full-text search is not offered',
  _content: 'full-text search is not offered',
  _list: 'list-based search is not offered',
  _query: 'named queries are not offered',
  phonetic: 'phonetic matching is not offered; use name or family',
};

interface TypeRegistry {
  readonly byCode: ReadonlyMap<string, SearchParamDef>;
}

let registry: Map<string, TypeRegistry> | undefined;
const unsupported = new Map<string, Map<string, string>>();

function build(): Map<string, TypeRegistry> {
  const defs = loadDefinitions();
  const byUrl = new Map<string, SearchParameter>();
  for (const sp of defs.searchParameters) if (sp.url) byUrl.set(sp.url, sp);

  const result = new Map<string, TypeRegistry>();
  for (const type of defs.resourceTypes) {
    const byCode = new Map<string, SearchParamDef>();
    const skipped = new Map<string, string>(Object.entries(UNSUPPORTED_PARAMS));
    for (const sp of defs.searchParameters) {
      const def = defineFor(type, sp, byUrl, skipped);
      if (def) byCode.set(def.code, def);
    }
    result.set(type, { byCode });
    unsupported.set(type, skipped);
  }
  return result;
}

function appliesTo(type: string, sp: SearchParameter): boolean {
  const base = sp.base ?? [];
  return (
    base.includes(type as never) ||
    base.includes('Resource' as never) ||
    base.includes('DomainResource' as never)
  );
}

function defineFor(
  type: string,
  sp: SearchParameter,
  byUrl: Map<string, SearchParameter>,
  skipped: Map<string, string>,
): SearchParamDef | undefined {
  if (!sp.code || !sp.url || !sp.type || !appliesTo(type, sp)) return undefined;
  if (sp.code in UNSUPPORTED_PARAMS) return undefined;
  if (sp.type === 'special') {
    skipped.set(sp.code, 'special search parameters (such as geographic search) are not offered');
    return undefined;
  }
  const resourceLevel = !(sp.base ?? []).includes(type as never);
  const expression = expressionFor(type, sp, resourceLevel);
  if (!expression) {
    if (!(RESOURCE_COLUMN_PARAMS as readonly string[]).includes(sp.code)) {
      skipped.set(sp.code, 'it has no expression for this resource type');
      return undefined;
    }
  }
  const components: CompositeComponent[] = [];
  if (sp.type === 'composite') {
    const definitions = COMPONENT_CORRECTIONS[sp.url]?.(sp.component ?? []) ?? sp.component ?? [];
    for (const c of definitions) {
      const target = c.definition ? byUrl.get(c.definition) : undefined;
      if (!target || !c.expression || target.type === 'composite' || target.type === 'special') {
        skipped.set(sp.code, 'a component is not defined');
        return undefined;
      }
      const componentDef: SearchParamDef = {
        code: target.code ?? '',
        type: target.type as SearchParamType,
        url: target.url ?? '',
        expression: c.expression,
        compiled: compileFhirPath(c.expression),
        targets: (target.target as string[] | undefined) ?? [],
        components: [],
        resourceLevel: false,
      };
      components.push({ def: componentDef, expression: c.expression, compiled: componentDef.compiled });
    }
  }
  const finalExpression = expression ?? `${type}.id`;
  return {
    code: sp.code,
    type: sp.type as SearchParamType,
    url: sp.url,
    expression: finalExpression,
    compiled: compileFhirPath(finalExpression),
    targets: (sp.target as string[] | undefined) ?? [],
    components,
    resourceLevel,
  };
}

function expressionFor(type: string, sp: SearchParameter, resourceLevel: boolean): string | undefined {
  if (!sp.expression) return undefined;
  if (resourceLevel) return sp.expression.replace(/^(Resource|DomainResource)\./, `${type}.`);
  // Keep every union branch that applies to this type, including a bare type name: Observation's combo-*
  // composites are "Observation | Observation.component" (the observation's own code and value, and each
  // component's), which a per-type filter that looks for "Type." alone would cut down to the components.
  const branches = splitUnion(sp.expression).filter(
    (b) => b === type || b.startsWith(`${type}.`) || b.startsWith(`(${type}.`),
  );
  if (branches.length > 0) return branches.join(' | ');
  const own = getExpressionForResourceType(type, sp.expression);
  // A few definitions (InsurancePlan.name: "name | alias") are written relative to the resource root.
  if (!own && sp.base?.length === 1) return sp.expression;
  return own;
}

/** Splits a FHIRPath union at its top-level "|" (not inside parentheses or strings). */
function splitUnion(expression: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let current = '';
  for (const ch of expression) {
    if (ch === "'") quote = !quote;
    else if (!quote && ch === '(') depth++;
    else if (!quote && ch === ')') depth--;
    if (!quote && depth === 0 && ch === '|') {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  out.push(current.trim());
  return out.filter(Boolean);
}

/**
 * Corrections to R4 definitions that are wrong as published and fixed in later versions. DocumentReference's
 * relationship composite pairs its component definitions with each other's expressions (R4B corrected it).
 */
const COMPONENT_CORRECTIONS: Record<
  string,
  (components: NonNullable<SearchParameter['component']>) => NonNullable<SearchParameter['component']>
> = {
  'http://hl7.org/fhir/SearchParameter/DocumentReference-relationship': (c) =>
    c.length === 2
      ? ([
          { ...c[0], expression: c[1]?.expression },
          { ...c[1], expression: c[0]?.expression },
        ] as NonNullable<SearchParameter['component']>)
      : c,
};

function registryFor(type: string): TypeRegistry | undefined {
  registry ??= build();
  return registry.get(type);
}

/** The search parameter `code` as it applies to `type`, or undefined when there is none. */
export function getSearchParam(type: string, code: string): SearchParamDef | undefined {
  return registryFor(type)?.byCode.get(code);
}

/** Every supported search parameter of a type, in code order. */
export function listSearchParams(type: string): SearchParamDef[] {
  const reg = registryFor(type);
  return reg ? [...reg.byCode.values()].sort((a, b) => a.code.localeCompare(b.code)) : [];
}

/** Why a defined parameter is not supported for this type (undefined if it is supported or unknown). */
export function unsupportedReason(type: string, code: string): string | undefined {
  registryFor(type);
  return unsupported.get(type)?.get(code);
}
