import { precisionRange } from '../dates/precision-range.ts';
import { isResourceType, isValidId } from '../definitions/resource-types.ts';
import { fail } from '../outcomes/codes.ts';
import type { SearchParamDef } from '../search-parameters/registry.ts';
import type { Modifier, SearchPrefix, SearchValue } from './search-request.ts';
import { splitUnescaped, unescapeValue } from './split-values.ts';

export interface ValueContext {
  readonly timeZone: string;
  readonly baseUrl: string;
  /** Parameter name as the client wrote it, for error messages. */
  readonly name: string;
}

const PREFIXES: readonly SearchPrefix[] = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'];
const NUMBER = /^[+-]?(\d+)(\.\d+)?([eE][+-]?\d+)?$/;

/** Parses one alternative (already split on ",") of a parameter's value. */
export function parseValue(
  def: SearchParamDef,
  modifier: Modifier | undefined,
  raw: string,
  ctx: ValueContext,
): SearchValue {
  if (modifier?.kind === 'missing') {
    if (raw !== 'true' && raw !== 'false') throw badValue(raw, ctx, ':missing takes true or false');
    return { kind: 'missing', missing: raw === 'true' };
  }
  switch (def.type) {
    case 'string':
      return { kind: 'string', value: unescapeValue(raw) };
    case 'uri':
      return { kind: 'uri', value: unescapeValue(raw) };
    case 'token':
      return parseToken(modifier, raw, ctx);
    case 'reference':
      return parseReference(def, modifier, raw, ctx);
    case 'date':
      return parseDate(raw, ctx);
    case 'number': {
      const { prefix, rest } = splitPrefix(raw);
      return { kind: 'number', prefix, ...parseNumber(rest, ctx) };
    }
    case 'quantity':
      return parseQuantity(raw, ctx);
    case 'composite':
      return parseComposite(def, raw, ctx);
  }
}

function badValue(value: string, ctx: ValueContext, detail: string): Error {
  return fail('AKS_ERR_SEARCH_VALUE', { value, param: ctx.name, detail });
}

function splitPrefix(raw: string): { prefix: SearchPrefix; rest: string } {
  const candidate = raw.slice(0, 2) as SearchPrefix;
  if (PREFIXES.includes(candidate) && raw.length > 2) return { prefix: candidate, rest: raw.slice(2) };
  return { prefix: 'eq', rest: raw };
}

function parseToken(modifier: Modifier | undefined, raw: string, ctx: ValueContext): SearchValue {
  if (raw === '') throw badValue(raw, ctx, 'a token value cannot be empty');
  if (modifier?.kind === 'text') return { kind: 'token-text', text: unescapeValue(raw) };
  if (modifier?.kind === 'of-type') {
    const parts = splitUnescaped(raw, '|').map(unescapeValue);
    if (parts.length !== 3 || !parts[1] || !parts[2]) {
      throw badValue(raw, ctx, ':of-type takes type-system|type-code|value');
    }
    return { kind: 'of-type', typeSystem: parts[0] ?? '', typeCode: parts[1], value: parts[2] };
  }
  const parts = splitUnescaped(raw, '|', 2).map(unescapeValue);
  if (parts.length === 1) return { kind: 'token', system: undefined, code: parts[0] };
  const [system, code] = parts as [string, string];
  if (system === '' && code === '') throw badValue(raw, ctx, 'give a system, a code, or both');
  return { kind: 'token', system: system === '' ? null : system, code: code === '' ? undefined : code };
}

function parseReference(
  def: SearchParamDef,
  modifier: Modifier | undefined,
  raw: string,
  ctx: ValueContext,
): SearchValue {
  const value = unescapeValue(raw);
  if (value === '') throw badValue(raw, ctx, 'a reference cannot be empty');
  if (modifier?.kind === 'identifier') {
    const parts = splitUnescaped(raw, '|', 2).map(unescapeValue);
    if (parts.length === 1) return { kind: 'reference-identifier', system: undefined, value: parts[0] ?? '' };
    if (!parts[1]) throw badValue(raw, ctx, ':identifier takes system|value or value');
    return { kind: 'reference-identifier', system: parts[0] || undefined, value: parts[1] };
  }
  const targets = modifier?.kind === 'type' ? [modifier.type] : def.targets;
  let path = value;
  if (value.startsWith(ctx.baseUrl + '/')) path = value.slice(ctx.baseUrl.length + 1);
  const segments = path.split('/');
  if (segments.length === 1) {
    if (!isValidId(value)) {
      // Not an id: a canonical or external URL stored as written.
      if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return { kind: 'reference', keys: [value] };
      throw badValue(raw, ctx, 'not a valid id, Type/id or URL');
    }
    if (targets.length === 0) throw badValue(raw, ctx, 'give the resource type too, as Type/id');
    return { kind: 'reference', keys: targets.map((t) => `${t}/${value}`) };
  }
  if (
    (segments.length === 2 || (segments.length === 4 && segments[2] === '_history')) &&
    segments[0] &&
    segments[1]
  ) {
    const [type, id] = segments as [string, string];
    if (isResourceType(type) && isValidId(id)) {
      if (targets.length > 0 && !targets.includes(type)) {
        throw badValue(
          raw,
          ctx,
          `${type} is not a target of this parameter (targets: ${targets.join(', ')})`,
        );
      }
      return { kind: 'reference', keys: [`${type}/${id}`] };
    }
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return { kind: 'reference', keys: [value] };
  throw badValue(raw, ctx, 'not a valid id, Type/id or URL');
}

function parseDate(raw: string, ctx: ValueContext): SearchValue {
  const { prefix, rest } = splitPrefix(raw);
  // A "+" in a zone offset arrives as a space when the client did not URL-encode it.
  const value = rest.replace(/ (\d{2}:\d{2})$/, '+$1');
  const range = precisionRange(value, ctx.timeZone);
  if (!range || !range.lo || !range.hi) {
    throw badValue(
      raw,
      ctx,
      'use a FHIR date such as 2024, 2024-05, 2024-05-17 or 2024-05-17T10:00:00+02:00',
    );
  }
  return { kind: 'date', prefix, lo: range.lo, hi: range.hi };
}

function parseNumber(
  text: string,
  ctx: ValueContext,
): { value: number; lo: number; hi: number; text: string; half: string } {
  const m = NUMBER.exec(text);
  if (!m) throw badValue(text, ctx, 'not a number');
  const value = Number(text);
  if (!Number.isFinite(value)) throw badValue(text, ctx, 'not a finite number');
  // Implicit precision: half a unit of the last written digit ("100" -> ±0.5, "100.00" -> ±0.005).
  const decimals = m[2] ? m[2].length - 1 : 0;
  const exponent = m[3] ? Number(m[3].slice(1)) : 0;
  // Bounded so that PostgreSQL's numeric can take the value and its precision (a 500 otherwise).
  if (text.length > 100 || Math.abs(exponent) > 400)
    throw badValue(text, ctx, 'too long or too large an exponent');
  const half = 0.5 * 10 ** (exponent - decimals);
  // The exact bounds are computed by the database from `text` and `half`: in binary floating point,
  // 66.89999999999999 ± 5e-15 rounds back to the value itself and the value no longer matched itself.
  return {
    value,
    lo: value - half,
    hi: value + half,
    text: text.replace(/^\+/, ''),
    half: `5e${exponent - decimals - 1}`,
  };
}

function parseQuantity(raw: string, ctx: ValueContext): SearchValue {
  const { prefix, rest } = splitPrefix(raw);
  const parts = splitUnescaped(rest, '|').map(unescapeValue);
  if (parts.length !== 1 && parts.length !== 3) throw badValue(raw, ctx, 'use number, or number|system|code');
  const n = parseNumber(parts[0] ?? '', ctx);
  return { kind: 'quantity', prefix, ...n, system: parts[1] || undefined, code: parts[2] || undefined };
}

function parseComposite(def: SearchParamDef, raw: string, ctx: ValueContext): SearchValue {
  const parts = splitUnescaped(raw, '$');
  if (parts.length !== def.components.length) {
    throw badValue(raw, ctx, `give ${def.components.length} components separated by $`);
  }
  return {
    kind: 'composite',
    components: def.components.map((c, i) => parseValue(c.def, undefined, parts[i] ?? '', ctx)),
  };
}
