/**
 * FHIR search value syntax: "," separates alternatives, "$" composite components, "|" token parts; each may
 * be escaped with a backslash ("\,"), and "\\" is a backslash.
 */
export function splitUnescaped(value: string, separator: ',' | '$' | '|', limit = Infinity): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && i + 1 < value.length) {
      const next = value[i + 1] as string;
      // Keep escapes of other separators for the next level of splitting.
      current += next === separator ? next : ch + next;
      i++;
    } else if (ch === separator && parts.length < limit - 1) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** Removes the remaining escapes once a value is fully split. */
export function unescapeValue(value: string): string {
  return value.replace(/\\([\\,$|])/g, '$1');
}
