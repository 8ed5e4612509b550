import { isResourceType } from '../definitions/resource-types.ts';
import { fail } from '../outcomes/codes.ts';
import { getSearchParam, unsupportedReason, type SearchParamDef } from '../search-parameters/registry.ts';
import { parseValue } from './parse-value.ts';
import type {
  Filter,
  IncludeSpec,
  Modifier,
  ParamFilter,
  SearchRequest,
  SortRule,
} from './search-request.ts';
import { splitUnescaped } from './split-values.ts';

export interface ParseSearchOptions {
  /** Prefer: handling=lenient: unknown parameters are reported, not refused. */
  readonly lenient: boolean;
  readonly timeZone: string;
  readonly baseUrl: string;
  readonly defaultCount: number;
  readonly maxCount: number;
}

/** Parameters that belong to the HTTP layer, not the search. */
const TRANSPORT_PARAMS = new Set(['_format', '_pretty']);
const SORTABLE = new Set(['string', 'token', 'reference', 'date', 'number', 'quantity', 'uri']);

const MODIFIERS_BY_TYPE: Record<string, readonly string[]> = {
  string: ['missing', 'exact', 'contains'],
  token: ['missing', 'not', 'text', 'of-type'],
  reference: ['missing', 'identifier'],
  date: ['missing'],
  number: ['missing'],
  quantity: ['missing'],
  uri: ['missing', 'below', 'above'],
  composite: ['missing'],
};
/** Modifiers R4 defines that we do not offer, so that the error says "not supported" rather than "invalid". */
const KNOWN_UNSUPPORTED_MODIFIERS = new Set(['in', 'not-in', 'below', 'above', 'iterate']);

export function parseSearch(
  type: string,
  params: readonly (readonly [string, string])[],
  options: ParseSearchOptions,
): SearchRequest {
  const filters: Filter[] = [];
  const ignored: { param: string; reason: string }[] = [];
  let sort: SortRule[] = [];
  let count = options.defaultCount;
  let total: SearchRequest['total'] = 'none';
  let summary: SearchRequest['summary'];
  let elements: string[] | undefined;
  const include: IncludeSpec[] = [];
  const revinclude: IncludeSpec[] = [];
  let cursor: string | undefined;

  const refuse = (param: string, error: Error, reason: string): void => {
    if (!options.lenient) throw error;
    ignored.push({ param, reason });
  };

  for (const [name, value] of params) {
    if (TRANSPORT_PARAMS.has(name)) continue;
    // PostgreSQL text cannot hold NUL: a "%00" in a query would otherwise fail in the database (500), not here.
    if (name.includes('\0') || value.includes('\0')) {
      throw fail('AKS_ERR_SEARCH_VALUE', {
        value: value.replaceAll('\0', '\\0'),
        param: name.replaceAll('\0', '\\0'),
        detail: 'search parameters cannot contain NUL characters',
      });
    }
    switch (name) {
      case '_count': {
        if (!/^\d+$/.test(value) || Number(value) > options.maxCount) {
          throw fail('AKS_ERR_SEARCH_COUNT', { max: options.maxCount });
        }
        count = Number(value);
        continue;
      }
      case '_sort':
        sort = parseSort(type, value);
        continue;
      case '_total':
        if (value !== 'none' && value !== 'estimate' && value !== 'accurate') {
          throw fail('AKS_ERR_SEARCH_VALUE', {
            value,
            param: name,
            detail: 'use none, estimate or accurate',
          });
        }
        total = value;
        continue;
      case '_summary':
        if (!['true', 'text', 'data', 'count', 'false'].includes(value)) {
          throw fail('AKS_ERR_SEARCH_VALUE', {
            value,
            param: name,
            detail: 'use true, text, data, count or false',
          });
        }
        summary = value as SearchRequest['summary'];
        continue;
      case '_elements':
        elements = value
          .split(',')
          .map((e) => e.trim())
          .filter(Boolean);
        continue;
      case '_cursor':
        cursor = value;
        continue;
      case '_include':
      case '_include:iterate':
        include.push(parseInclude('_include', value, type, name.endsWith(':iterate')));
        continue;
      case '_revinclude':
      case '_revinclude:iterate':
        revinclude.push(parseInclude('_revinclude', value, type, name.endsWith(':iterate')));
        continue;
    }
    if (value === '') continue; // FHIR: a parameter without a value is ignored
    try {
      const filter = parseFilter(type, name, value, options);
      if (filter) filters.push(filter);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'AKS_ERR_SEARCH_PARAM_UNKNOWN' || code === 'AKS_ERR_SEARCH_PARAM_UNSUPPORTED') {
        refuse(name, err as Error, (err as Error).message);
      } else {
        throw err;
      }
    }
  }
  if (summary === 'count') count = 0;
  return {
    type,
    filters,
    sort,
    count,
    total: summary === 'count' ? 'accurate' : total,
    summary,
    elements,
    include,
    revinclude,
    cursor,
    ignored,
  };
}

function unknownParam(type: string, name: string): Error {
  const reason = unsupportedReason(type, name);
  if (reason) return fail('AKS_ERR_SEARCH_PARAM_UNSUPPORTED', { param: name, detail: reason });
  return fail('AKS_ERR_SEARCH_PARAM_UNKNOWN', { param: name, type });
}

function parseFilter(
  type: string,
  name: string,
  value: string,
  options: ParseSearchOptions,
): Filter | undefined {
  if (name.startsWith('_has:')) return parseHas(type, name, value, options);
  const dot = name.indexOf('.');
  if (dot > 0) return parseChain(type, name, dot, value, options);
  return parseParamFilter(type, name, value, options);
}

export function parseParamFilter(
  type: string,
  name: string,
  value: string,
  options: ParseSearchOptions,
): ParamFilter {
  const colon = name.indexOf(':');
  const code = colon >= 0 ? name.slice(0, colon) : name;
  const modifierText = colon >= 0 ? name.slice(colon + 1) : undefined;
  const def = getSearchParam(type, code);
  if (!def) throw unknownParam(type, code);
  const modifier = modifierText === undefined ? undefined : parseModifier(def, modifierText, name);
  const ctx = { timeZone: options.timeZone, baseUrl: options.baseUrl, name };
  const values = splitUnescaped(value, ',').map((v) => parseValue(def, modifier, v, ctx));
  return { kind: 'param', param: def, modifier, values };
}

function parseModifier(def: SearchParamDef, text: string, name: string): Modifier {
  if (def.type === 'reference' && isResourceType(text)) {
    if (def.targets.length > 0 && !def.targets.includes(text)) {
      throw fail('AKS_ERR_SEARCH_MODIFIER', { modifier: text, param: name, paramType: 'reference' });
    }
    return { kind: 'type', type: text };
  }
  const allowed = MODIFIERS_BY_TYPE[def.type] ?? [];
  if (def.code === '_id' && (text === 'text' || text === 'of-type')) {
    throw fail('AKS_ERR_SEARCH_MODIFIER', { modifier: text, param: name, paramType: def.type });
  }
  if (text === 'of-type' && def.code !== 'identifier') {
    throw fail('AKS_ERR_SEARCH_MODIFIER', { modifier: text, param: name, paramType: def.type });
  }
  if (allowed.includes(text)) return { kind: text } as Modifier;
  if (KNOWN_UNSUPPORTED_MODIFIERS.has(text)) {
    throw fail('AKS_ERR_SEARCH_PARAM_UNSUPPORTED', {
      param: name,
      detail: `the :${text} modifier is not offered for ${def.type} parameters`,
    });
  }
  throw fail('AKS_ERR_SEARCH_MODIFIER', { modifier: text, param: name, paramType: def.type });
}

function parseChain(
  type: string,
  name: string,
  dot: number,
  value: string,
  options: ParseSearchOptions,
): Filter {
  const head = name.slice(0, dot);
  const rest = name.slice(dot + 1);
  if (rest.includes('.') || rest.startsWith('_has')) {
    throw fail('AKS_ERR_SEARCH_CHAIN', { param: name, detail: 'only one level of chaining is offered' });
  }
  const colon = head.indexOf(':');
  const code = colon >= 0 ? head.slice(0, colon) : head;
  const typeModifier = colon >= 0 ? head.slice(colon + 1) : undefined;
  const def = getSearchParam(type, code);
  if (!def) throw unknownParam(type, code);
  if (def.type !== 'reference') {
    throw fail('AKS_ERR_SEARCH_CHAIN', { param: name, detail: `${code} is not a reference parameter` });
  }
  if (
    typeModifier !== undefined &&
    (!isResourceType(typeModifier) || (def.targets.length > 0 && !def.targets.includes(typeModifier)))
  ) {
    throw fail('AKS_ERR_SEARCH_CHAIN', { param: name, detail: `${typeModifier} is not a target of ${code}` });
  }
  const innerCode = rest.split(':')[0] ?? rest;
  const candidates = typeModifier ? [typeModifier] : def.targets.filter((t) => getSearchParam(t, innerCode));
  if (candidates.length === 0) {
    throw fail('AKS_ERR_SEARCH_CHAIN', {
      param: name,
      detail: `no target of ${code} (${def.targets.join(', ')}) has a parameter ${innerCode}`,
    });
  }
  const inner = candidates.map((t) => ({ type: t, filter: parseParamFilter(t, rest, value, options) }));
  return { kind: 'chain', param: def, targetTypes: candidates, inner };
}

function parseHas(type: string, name: string, value: string, options: ParseSearchOptions): Filter {
  // _has:Source:referenceParam:innerParam[:modifier]
  const parts = name.split(':');
  if (parts.length < 4 || !parts[1] || !parts[2] || !parts[3]) {
    throw fail('AKS_ERR_SEARCH_CHAIN', {
      param: name,
      detail: 'use _has:Type:reference-parameter:parameter',
    });
  }
  const [, sourceType, refCode, ...innerParts] = parts as [string, string, string, ...string[]];
  if (innerParts[0] === '_has') {
    throw fail('AKS_ERR_SEARCH_CHAIN', { param: name, detail: 'only one level of _has is offered' });
  }
  if (!isResourceType(sourceType))
    throw fail('AKS_ERR_SEARCH_CHAIN', { param: name, detail: `unknown type ${sourceType}` });
  const refDef = getSearchParam(sourceType, refCode);
  if (
    !refDef ||
    refDef.type !== 'reference' ||
    (refDef.targets.length > 0 && !refDef.targets.includes(type))
  ) {
    throw fail('AKS_ERR_SEARCH_CHAIN', {
      param: name,
      detail: `${sourceType}.${refCode} is not a reference parameter that can point at ${type}`,
    });
  }
  const inner = parseParamFilter(sourceType, innerParts.join(':'), value, options);
  return { kind: 'has', sourceType, referenceParam: refDef, inner };
}

function parseSort(type: string, value: string): SortRule[] {
  const rules: SortRule[] = [];
  for (const part of value.split(',')) {
    const descending = part.startsWith('-');
    const code = descending ? part.slice(1) : part;
    const def = getSearchParam(type, code);
    if (!def)
      throw fail('AKS_ERR_SEARCH_SORT', { param: code, detail: `${type} has no such search parameter` });
    if (!SORTABLE.has(def.type)) {
      throw fail('AKS_ERR_SEARCH_SORT', {
        param: code,
        detail: `${def.type} parameters cannot be sorted on`,
      });
    }
    rules.push({ param: def, descending });
  }
  return rules;
}

function parseInclude(
  kind: '_include' | '_revinclude',
  value: string,
  type: string,
  iterate: boolean,
): IncludeSpec {
  const parts = value.split(':');
  const bad = (detail: string): Error => fail('AKS_ERR_SEARCH_INCLUDE', { kind, value, detail });
  if (value === '*' || parts.includes('*'))
    throw bad('wildcard includes are not offered; name the parameter');
  if (parts.length < 2 || parts.length > 3 || !parts[0] || !parts[1])
    throw bad('use Type:parameter or Type:parameter:TargetType');
  const [sourceType, code, targetType] = parts as [string, string, string | undefined];
  if (!isResourceType(sourceType)) throw bad(`unknown resource type ${sourceType}`);
  const def = getSearchParam(sourceType, code);
  if (!def || def.type !== 'reference') throw bad(`${sourceType} has no reference parameter ${code}`);
  if (
    targetType !== undefined &&
    (!isResourceType(targetType) || (def.targets.length > 0 && !def.targets.includes(targetType)))
  ) {
    throw bad(`${targetType} is not a target of ${sourceType}.${code}`);
  }
  if (kind === '_include' && !iterate && sourceType !== type) {
    throw bad(`_include starts from the searched type ${type}; use _include:iterate for ${sourceType}`);
  }
  if (kind === '_revinclude' && !iterate && def.targets.length > 0 && !def.targets.includes(type)) {
    throw bad(`${sourceType}.${code} cannot point at ${type}`);
  }
  return { sourceType, param: def, targetType, iterate };
}
