import type { TypedValue } from '@akson/fhir';

/** One searchable quantity: value, system, code and unit. */
export interface QuantityValue {
  readonly v: number;
  readonly s?: string;
  readonly c?: string;
  readonly u?: string;
}

const QUANTITY_TYPES = new Set([
  'Quantity',
  'Age',
  'Duration',
  'Distance',
  'Count',
  'SimpleQuantity',
  'MoneyQuantity',
]);

export function extractQuantities(values: readonly TypedValue[]): QuantityValue[] {
  const out: QuantityValue[] = [];
  for (const { type, value } of values) {
    if (value === undefined || value === null) continue;
    if (QUANTITY_TYPES.has(type)) addQuantity(out, value as QuantityLike);
    else if (type === 'Money') {
      const m = value as { value?: number; currency?: string };
      if (typeof m.value === 'number')
        out.push(compact({ v: m.value, s: 'urn:iso:std:iso:4217', c: m.currency }));
    } else if (type === 'Range') {
      const r = value as { low?: QuantityLike; high?: QuantityLike };
      if (r.low) addQuantity(out, r.low);
      if (r.high) addQuantity(out, r.high);
    } else if (typeof value === 'number') out.push({ v: value });
  }
  return out;
}

interface QuantityLike {
  value?: number;
  system?: string;
  code?: string;
  unit?: string;
}

function addQuantity(out: QuantityValue[], q: QuantityLike): void {
  if (typeof q.value !== 'number') return;
  out.push(compact({ v: q.value, s: q.system, c: q.code, u: q.unit }));
}

function compact(q: {
  v: number;
  s?: string | undefined;
  c?: string | undefined;
  u?: string | undefined;
}): QuantityValue {
  const out: { v: number; s?: string; c?: string; u?: string } = { v: q.v };
  if (q.s) out.s = q.s;
  if (q.c) out.c = q.c;
  if (q.u) out.u = q.u;
  return out;
}

export function extractNumbers(values: readonly TypedValue[]): number[] {
  const out: number[] = [];
  for (const { type, value } of values) {
    if (typeof value === 'number') out.push(value);
    else if (type === 'Range') {
      const r = value as { low?: { value?: number }; high?: { value?: number } };
      if (typeof r.low?.value === 'number') out.push(r.low.value);
      if (typeof r.high?.value === 'number') out.push(r.high.value);
    } else if (
      value &&
      typeof value === 'object' &&
      typeof (value as { value?: unknown }).value === 'number'
    ) {
      out.push((value as { value: number }).value);
    }
  }
  return out;
}
