import type { TypedValue } from '@akson/fhir';
import { normalizeString } from './normalize-string.ts';

/**
 * Token values are stored as a text[] of tagged entries, so that every FHIR token form is one GIN lookup:
 *   c:<code>              code in any system            (param=code)
 *   s:<system>|<code>     code in a system              (param=system|code)
 *   n:<code>              code with no system           (param=|code)
 *   S:<system>            any code in a system          (param=system|)
 *   t:<tsys>|<tcode>|<v>  identifier of a type          (param:of-type=tsys|tcode|v)
 * Display texts go to a separate column for :text.
 */
export const TOKEN_TAG = {
  code: 'c:',
  systemCode: 's:',
  noSystem: 'n:',
  system: 'S:',
  ofType: 't:',
} as const;

export function addToken(out: string[], system: string | undefined, code: string | undefined): void {
  if (code !== undefined && code !== '') {
    out.push(TOKEN_TAG.code + code);
    if (system) out.push(`${TOKEN_TAG.systemCode}${system}|${code}`);
    else out.push(TOKEN_TAG.noSystem + code);
  }
  if (system) out.push(TOKEN_TAG.system + system);
}

interface CodingLike {
  system?: string;
  code?: string;
  display?: string;
}

export function extractTokens(values: readonly TypedValue[], tokens: string[], texts: string[]): void {
  for (const { type, value } of values) {
    if (value === undefined || value === null) continue;
    switch (type) {
      case 'CodeableConcept': {
        const cc = value as { coding?: CodingLike[]; text?: string };
        if (cc.text) texts.push(normalizeString(cc.text));
        for (const c of cc.coding ?? []) addCoding(c, tokens, texts);
        break;
      }
      case 'Coding':
        addCoding(value as CodingLike, tokens, texts);
        break;
      case 'Identifier': {
        const id = value as {
          system?: string;
          value?: string;
          type?: { coding?: CodingLike[]; text?: string };
        };
        addToken(tokens, id.system, id.value);
        if (id.type?.text) texts.push(normalizeString(id.type.text));
        for (const t of id.type?.coding ?? []) {
          if (t.code && id.value) tokens.push(`${TOKEN_TAG.ofType}${t.system ?? ''}|${t.code}|${id.value}`);
          if (t.display) texts.push(normalizeString(t.display));
        }
        break;
      }
      case 'ContactPoint': {
        const cp = value as { system?: string; value?: string };
        addToken(tokens, cp.system, cp.value);
        break;
      }
      case 'boolean':
        addToken(tokens, undefined, String(value));
        break;
      default:
        if (typeof value === 'string' || typeof value === 'number')
          addToken(tokens, undefined, String(value));
    }
  }
}

function addCoding(c: CodingLike, tokens: string[], texts: string[]): void {
  addToken(tokens, c.system, c.code);
  if (c.display) texts.push(normalizeString(c.display));
}
