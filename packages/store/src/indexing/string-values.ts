import type { TypedValue } from '@akson/fhir';

/** The searchable parts of a string-typed parameter's values (HumanName and Address match on any part). */
export function extractStrings(values: readonly TypedValue[]): string[] {
  const out: string[] = [];
  for (const { type, value } of values) {
    if (value === undefined || value === null) continue;
    if (type === 'HumanName') {
      const n = value as {
        family?: string;
        given?: string[];
        prefix?: string[];
        suffix?: string[];
        text?: string;
      };
      push(out, n.family, ...(n.given ?? []), ...(n.prefix ?? []), ...(n.suffix ?? []), n.text);
    } else if (type === 'Address') {
      const a = value as {
        line?: string[];
        city?: string;
        district?: string;
        state?: string;
        postalCode?: string;
        country?: string;
        text?: string;
      };
      push(out, ...(a.line ?? []), a.city, a.district, a.state, a.postalCode, a.country, a.text);
    } else if (typeof value === 'string') {
      out.push(value);
    } else if (type === 'Annotation') {
      push(out, (value as { text?: string }).text);
    }
  }
  return out;
}

function push(out: string[], ...values: (string | undefined)[]): void {
  for (const v of values) if (v) out.push(v);
}
