import type { SearchParamDef } from '../search-parameters/registry.ts';

/** A parsed, validated FHIR search: what the store turns into SQL. */
export interface SearchRequest {
  readonly type: string;
  /** All must hold (repeated parameters are AND). */
  readonly filters: readonly Filter[];
  readonly sort: readonly SortRule[];
  readonly count: number;
  readonly total: 'none' | 'estimate' | 'accurate';
  readonly summary: 'true' | 'text' | 'data' | 'count' | 'false' | undefined;
  readonly elements: readonly string[] | undefined;
  readonly include: readonly IncludeSpec[];
  readonly revinclude: readonly IncludeSpec[];
  /** Opaque paging position from a next/previous link. */
  readonly cursor: string | undefined;
  /** Parameters ignored under Prefer: handling=lenient, with the reason: reported back in the Bundle. */
  readonly ignored: readonly { param: string; reason: string }[];
}

export type SearchPrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb' | 'ap';

export type Filter = ParamFilter | ChainFilter | HasFilter | CompartmentFilter;

/** One parameter with its alternatives (comma-separated values are OR). */
export interface ParamFilter {
  readonly kind: 'param';
  readonly param: SearchParamDef;
  readonly modifier: Modifier | undefined;
  readonly values: readonly SearchValue[];
}

export type Modifier =
  | { readonly kind: 'missing' }
  | { readonly kind: 'exact' }
  | { readonly kind: 'contains' }
  | { readonly kind: 'not' }
  | { readonly kind: 'text' }
  | { readonly kind: 'of-type' }
  | { readonly kind: 'identifier' }
  | { readonly kind: 'below' }
  | { readonly kind: 'above' }
  | { readonly kind: 'type'; readonly type: string };

export type SearchValue =
  | { readonly kind: 'missing'; readonly missing: boolean }
  | { readonly kind: 'string'; readonly value: string }
  | TokenValue
  | { readonly kind: 'token-text'; readonly text: string }
  | {
      readonly kind: 'of-type';
      readonly typeSystem: string;
      readonly typeCode: string;
      readonly value: string;
    }
  | ReferenceValue
  | { readonly kind: 'reference-identifier'; readonly system: string | undefined; readonly value: string }
  | DateValue
  | NumberValue
  | QuantityValue
  | { readonly kind: 'uri'; readonly value: string }
  | { readonly kind: 'composite'; readonly components: readonly SearchValue[] };

/** system undefined = any system; null = explicitly no system ("|code"); code undefined = any code ("system|"). */
export interface TokenValue {
  readonly kind: 'token';
  readonly system: string | null | undefined;
  readonly code: string | undefined;
}

/** Candidate stored values ("Type/id" keys or URLs): the resource matches if it references any of them. */
export interface ReferenceValue {
  readonly kind: 'reference';
  readonly keys: readonly string[];
}

export interface DateValue {
  readonly kind: 'date';
  readonly prefix: SearchPrefix;
  /** The search value's range as ISO instants (lo inclusive, hi exclusive). */
  readonly lo: string;
  readonly hi: string;
}

export interface NumberValue {
  readonly kind: 'number';
  readonly prefix: SearchPrefix;
  readonly value: number;
  /** Implicit precision range of the value as written ("100" is [99.5, 100.5)), as binary floating point. */
  readonly lo: number;
  readonly hi: number;
  /** The value exactly as written ("66.89999999999999", "1e2"): compared as SQL numeric, not as a double. */
  readonly text: string;
  /** Half a unit of the last written digit, as text ("5e-15"): the exact implicit precision. */
  readonly half: string;
}

export interface QuantityValue {
  readonly kind: 'quantity';
  readonly prefix: SearchPrefix;
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
  readonly text: string;
  readonly half: string;
  readonly system: string | undefined;
  readonly code: string | undefined;
}

/** reference.param = value: resources whose reference points at a `targetType` matching `inner`. */
export interface ChainFilter {
  readonly kind: 'chain';
  readonly param: SearchParamDef;
  readonly targetTypes: readonly string[];
  /** The filter on the target type (one per candidate target type, same parameter). */
  readonly inner: readonly { readonly type: string; readonly filter: ParamFilter }[];
}

/** _has:Source:param:inner = resources referenced by a Source (through `param`) matching `inner`. */
export interface HasFilter {
  readonly kind: 'has';
  readonly sourceType: string;
  readonly referenceParam: SearchParamDef;
  readonly inner: ParamFilter;
}

/** Patient/{id}/Type: resources in the patient's compartment. */
export interface CompartmentFilter {
  readonly kind: 'compartment';
  readonly patientId: string;
  readonly params: readonly SearchParamDef[];
}

export interface SortRule {
  readonly param: SearchParamDef;
  readonly descending: boolean;
}

export interface IncludeSpec {
  readonly sourceType: string;
  readonly param: SearchParamDef;
  readonly targetType: string | undefined;
  readonly iterate: boolean;
  /** Set by the access layer: the target types the caller may read (an include never reaches beyond them). */
  readonly allowedTypes?: readonly string[];
}
